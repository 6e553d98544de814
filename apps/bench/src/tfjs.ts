import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node build registers no gradients: the @tensorflow/tfjs union package does.
import '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

/** What the TensorFlow.js WASM backend runs with here. */
export interface TfjsWasmInfo {
  readonly simd: boolean;
  readonly threads: number;
  readonly version: string;
}

let ready: Promise<TfjsWasmInfo> | undefined;

/**
 * Registers tfjs-backend-cpu and tfjs-backend-wasm (SIMD; threads where tfjs detects support —
 * in Node it reports none, so the wasm backend runs one thread).
 */
export function initTfjs(): Promise<TfjsWasmInfo> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return { simd, threads: getThreadsCount(), version: tf.version_core };
  })();
  return ready;
}

/** Switches the global tfjs backend (untimed: call it in a contestant's `prepare`). */
export async function useBackend(name: 'wasm' | 'cpu' | 'webgpu'): Promise<void> {
  if (tf.getBackend() !== name) await tf.setBackend(name);
}

/** A float32 array with its dims, as the bench's contestants take them. */
interface Operand {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/**
 * One loss call in TensorFlow.js on the current backend, the same work a losskit call does:
 * upload `prediction` and `target`, the value and d loss / d prediction by `tf.valueAndGrad`,
 * download both.
 */
export function tfjsValueAndGrad(lossFn: (p: tf.Tensor, t: tf.Tensor) => tf.Scalar, prediction: Operand, target: Operand): { value: number; gradient: Float32Array } {
  const [lossValue, gradient] = tf.tidy(() => {
    const p = tf.tensor(prediction.data, [...prediction.dims]);
    const t = tf.tensor(target.data, [...target.dims]);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => lossFn(x, t))(p);
    return [value, grad];
  });
  const result = { value: lossValue.dataSync()[0]!, gradient: gradient.dataSync() as Float32Array };
  lossValue.dispose();
  gradient.dispose();
  return result;
}
