import { InvalidOptionError, describeValue } from '@losskit/graph';

/** How training-mode Dropout nodes draw their masks (option `dropout` of `createTrainer`). */
export interface DropoutOptions {
  /** Seed of the masks: the same seed gives the same masks at the same steps. Default 0. */
  readonly seed?: number;
  /**
   * Supplies the 0/1 keep-mask of Dropout node `node` at 1-based `step` (dims: the node's input).
   * Default: Bernoulli(1 - ratio) draws from a generator seeded by `seed`, the node and the step.
   * Use it to reproduce another framework's masks exactly.
   */
  readonly mask?: (node: string, step: number, dims: readonly number[], ratio: number) => Float32Array;
}

/** Draws or fetches Dropout masks for a step. */
export type MaskSource = (node: string, step: number, dims: readonly number[], ratio: number) => Float32Array;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Checks the `dropout` option and returns where masks come from. */
export function maskSource(options: DropoutOptions | undefined): MaskSource {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidOptionError('createTrainer.dropout', 'an object { seed?, mask? }', describeValue(options));
  }
  const seed = options?.seed ?? 0;
  if (!Number.isInteger(seed)) throw new InvalidOptionError('createTrainer.dropout.seed', 'an integer', describeValue(seed));
  const custom = options?.mask;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new InvalidOptionError('createTrainer.dropout.mask', 'a function (node, step, dims, ratio) => Float32Array', describeValue(custom));
  }
  return (node, step, dims, ratio) => {
    const length = dims.reduce((a, b) => a * b, 1);
    if (custom) {
      const mask = custom(node, step, dims, ratio);
      if (!(mask instanceof Float32Array) || mask.length !== length) {
        throw new InvalidOptionError('createTrainer.dropout.mask', `a Float32Array of ${length} values for node "${node}"`, describeValue(mask));
      }
      return mask;
    }
    let state = (hash(node) ^ Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step, 0x85ebca6b)) >>> 0;
    return Float32Array.from({ length }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32 >= ratio ? 1 : 0;
    });
  };
}
