import { HOST_ADAM_WASM } from './host-adam-wasm';

/**
 * The Adam family's update as data (`Optimizer.adamKernel`), for trainers that run it in place on
 * the host instead of in the step graph.
 */
export interface AdamKernel {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** `adam`: L2 penalty added to the gradient; `adamw` (`decoupled`): `p *= 1 - lr * weightDecay`. */
  readonly weightDecay: number;
  readonly decoupled: boolean;
}

/**
 * Above this many bytes (parameters, gradients and both slots) the trainer keeps Adam in the step
 * graph: one WebAssembly memory holds at most 4 GiB, and some engines allow less.
 */
export const HOST_ADAM_MAX_BYTES: number = 2 ** 31;

/** The four float32 arrays of one tensor's update, views of the update's WebAssembly memory. */
export interface HostAdamTensor {
  readonly param: Float32Array;
  readonly grad: Float32Array;
  /** Adam's slots `m` and `v`, in `Optimizer.stateSlots` order. */
  readonly slots: readonly [Float32Array, Float32Array];
}

/** Parameters, gradients and Adam's slots of several tensors in one WebAssembly memory, updated in place. */
export interface HostAdam {
  readonly tensors: readonly HostAdamTensor[];
  /**
   * Step `step` (1-based) of every tensor from its `grad`, at learning rate `lr`. Returns false,
   * with every parameter and slot as before, when some new parameter would not be finite.
   */
  update(step: number, lr: number): boolean;
  /** Call after writing parameters directly (a checkpoint loaded): they bound the next update. */
  parametersChanged(): void;
}

type AdamExports = {
  readonly memory: WebAssembly.Memory;
  adam(p: number, g: number, m: number, v: number, n: number, b1: number, c1: number, b2: number, c2: number, eps: number, step: number, coupled: number, decay: number): number;
  /** The largest |p| of n elements (NaN if one is NaN). In JavaScript, `Math.max` over the values took about 5 ns a value: 117 ms of resnet18's `createTrainer`. */
  largest(p: number, n: number): number;
};

let compiled: WebAssembly.Module | undefined;

/** Total bytes a {@link HostAdam} of these tensor sizes holds. */
export function hostAdamBytes(sizes: readonly number[]): number {
  return sizes.reduce((sum, n) => sum + 4 * padded(n) * 4, 0);
}

/** Elements rounded up to whole SIMD lanes: the kernel updates four at a time (the padding stays 0). */
function padded(n: number): number {
  return Math.ceil(n / 4) * 4;
}

const f32 = Math.fround;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * An upper bound of |m| / sqrt(v) for Adam's uncorrected slots: with m_t = (1 - b1) Σ b1^k g_{t-k}
 * and v_t >= (1 - b2) b2^k g_{t-k}^2 for every k, |m_t| / sqrt(v_t) <= (1 - b1) / sqrt(1 - b2) ·
 * Σ (b1 / sqrt(b2))^k, finite when b1 < sqrt(b2) (PyTorch's defaults: about 32).
 */
function ratioBound(beta1: number, beta2: number): number {
  const r = beta1 / Math.sqrt(beta2);
  return r < 1 && beta2 < 1 ? (1 - beta1) / Math.sqrt(1 - beta2) / (1 - r) : Number.POSITIVE_INFINITY;
}

/**
 * A zeroed memory for tensors of `sizes` elements, allocated once (growing a WebAssembly memory
 * would detach every view the trainer feeds to ONNX Runtime). The scalars are rounded to float32
 * op by op as the step graph computes them, so both forms give the same values.
 *
 * The step graph refuses an update whose new parameters are not finite; here they are written in
 * place, so a step is checked first: when the parameters' largest magnitude and the bound on the
 * update leave no doubt (every step with sane hyperparameters) it runs as is; otherwise the
 * parameters and slots are copied first and restored if any new parameter is not finite.
 */
export function createHostAdam(sizes: readonly number[], kernel: AdamKernel): HostAdam {
  compiled ??= new WebAssembly.Module(Uint8Array.from(atob(HOST_ADAM_WASM), (c) => c.charCodeAt(0)));
  const exports = new WebAssembly.Instance(compiled).exports as unknown as AdamExports;
  exports.memory.grow(Math.ceil(hostAdamBytes(sizes) / 65536));
  const buffer = exports.memory.buffer;
  let next = 0;
  const take = (n: number) => {
    const view = new Float32Array(buffer, next, n);
    next += 4 * padded(n);
    return view;
  };
  const tensors = sizes.map((n): HostAdamTensor => ({ param: take(n), grad: take(n), slots: [take(n), take(n)] }));
  const { beta1, beta2, eps, weightDecay, decoupled } = kernel;
  const bound = 2 * ratioBound(beta1, beta2);
  // Nothing to scan before the parameters are written (`parametersChanged`).
  let largest = tensors.map(() => 0);
  return {
    tensors,
    parametersChanged() {
      largest = tensors.map((t) => exports.largest(t.param.byteOffset, padded(t.param.length)));
    },
    update(step, lr) {
      // As optimizers.ts: m / (sqrt(v) + eps * sqrt(c2)) * (lr * sqrt(c2) / c1), c = 1 - beta^step.
      const rootCorrection2 = f32(Math.sqrt(f32(1 - f32(f32(beta2) ** step))));
      const correction1 = f32(1 - f32(f32(beta1) ** step));
      const stepSize = f32(f32(f32(lr) * rootCorrection2) / correction1);
      const epsilon = f32(rootCorrection2 * f32(eps));
      const coupled = !decoupled && weightDecay > 0 ? f32(weightDecay) : 0;
      const decay = decoupled && weightDecay > 0 ? f32(1 - f32(f32(lr) * f32(weightDecay))) : 1;
      const run = (t: HostAdamTensor) =>
        exports.adam(t.param.byteOffset, t.grad.byteOffset, t.slots[0].byteOffset, t.slots[1].byteOffset, padded(t.param.length),
          beta1, f32(1 - beta1), beta2, f32(1 - beta2), epsilon, stepSize, coupled, decay);
      const certain = epsilon > 0 && largest.every((l) => l * Math.abs(decay) + Math.abs(stepSize) * bound < FLOAT32_MAX / 4);
      const saved = certain ? undefined : tensors.map((t) => [t.param.slice(), t.slots[0].slice(), t.slots[1].slice()] as const);
      const after = tensors.map(run);
      if (saved && !after.every(Number.isFinite)) {
        tensors.forEach((t, i) => [t.param, ...t.slots].forEach((view, k) => view.set(saved[i]![k]!)));
        return false;
      }
      largest = after;
      return true;
    },
  };
}
