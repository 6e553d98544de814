import { type OptionSpec, option } from '@losskit/core';
import { type SsimSchema, ssimSchema } from '@losskit/loss-ssim';

/** The scale weights of Wang, Simoncelli and Bovik (2003), finest scale first, as pytorch-msssim uses them. */
export const MS_SSIM_WEIGHTS: readonly number[] = Object.freeze([0.0448, 0.2856, 0.3001, 0.2363, 0.1333]);

/** The options of `msSsim`: SSIM's, and the weight of each of the five scales. */
export type MsSsimSchema = SsimSchema & {
  /** Default `[0.0448, 0.2856, 0.3001, 0.2363, 0.1333]`; five numbers >= 0. */
  readonly weights: OptionSpec<readonly number[]>;
};

export const msSsimSchema: MsSsimSchema = {
  ...ssimSchema,
  weights: option.array({
    description: 'The exponent of each scale\'s term, finest first: the contrast-structure means of scales 1-4 and the SSIM mean of scale 5.',
    default: () => [...MS_SSIM_WEIGHTS],
    length: 5,
    item: option.number({ description: 'a scale weight', default: 0, min: 0 }),
  }),
};
