import type { HostTensor } from '@losskit/graph';
import type { Architecture } from './architecture';
import { type Tf, registerWasmConvGradients, tfjsForward, tfjsVariables } from './tfjs-model';

/** A tfjs training step of the benchmark model: L1 and Adam, as losskit's. */
export interface TfjsTrainer {
  /** One step; resolves with the loss before the update (read back, so the step has finished). */
  step(): Promise<number>;
  dispose(): void;
}

/**
 * Builds the model on tfjs's current backend with the architecture's initial weights and one
 * fixed NCHW batch (transposed to NHWC once, untimed). On wasm the convolution gradients are
 * replaced by ones its kernels can run (see {@link registerWasmConvGradients}).
 */
export function tfjsTrainer(
  tf: Tf,
  arch: Architecture,
  batch: HostTensor,
  adam: { lr: number; betas: readonly [number, number]; eps: number },
): TfjsTrainer {
  registerWasmConvGradients(tf);
  const vars = tfjsVariables(tf, arch);
  const image = tf.keep(tf.tidy(() => tf.transpose(tf.tensor4d(batch.data, batch.dims as [number, number, number, number]), [0, 2, 3, 1])));
  const optimizer = tf.train.adam(adam.lr, adam.betas[0], adam.betas[1], adam.eps);
  const varList = [...vars.values()];
  return {
    async step() {
      const loss = optimizer.minimize(() => tf.losses.absoluteDifference(image, tfjsForward(tf, arch, vars, image as never)) as never, true, varList);
      const value = (await loss!.data())[0]!;
      loss!.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      image.dispose();
      for (const v of varList) v.dispose();
    },
  };
}
