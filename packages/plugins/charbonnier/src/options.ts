import { type OptionSpec, option } from '@losskit/core';

/**
 * The smallest `epsilon`: its square, 1e-36, is still a normal float32. Below about 1e-19, `ε²`
 * rounds to a subnormal or to 0 in the graph (WebGPU may flush subnormals), the loss at a zero
 * error becomes 0 instead of `ε` and its gradient `0 / 0`.
 */
export const MIN_EPSILON = 1e-18;

/** The options of `charbonnier`: what each accepts and what the plugin keeps. */
export type CharbonnierSchema = {
  /** Default `1e-3`, LapSRN's; >= 1e-18. */
  readonly epsilon: OptionSpec<number>;
};

export const charbonnierSchema: CharbonnierSchema = {
  epsilon: option.number({
    description: 'The smoothing ε in √(d² + ε²): the loss at a zero error, and the scale below which it turns from |d| into a parabola.',
    default: 1e-3,
    min: MIN_EPSILON,
  }),
};
