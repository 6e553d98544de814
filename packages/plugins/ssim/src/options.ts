import { type OptionSpec, describeValue, InvalidOptionError, option } from '@losskit/core';

/** The options of `ssim`, which `msSsim` shares: the Gaussian window and the stabilising constants. */
export type SsimSchema = {
  /** Default `11`, Wang et al.'s; an odd integer >= 3. */
  readonly windowSize: OptionSpec<number>;
  /** Default `1.5`; > 0. */
  readonly sigma: OptionSpec<number>;
  /** Default `0.01`; > 0. */
  readonly k1: OptionSpec<number>;
  /** Default `0.03`; > 0. */
  readonly k2: OptionSpec<number>;
  /** Default `1`, images in [0, 1]; > 0. */
  readonly dataRange: OptionSpec<number>;
};

/** The resolved options the SSIM statistics depend on. */
export interface SsimSettings {
  readonly windowSize: number;
  readonly sigma: number;
  readonly k1: number;
  readonly k2: number;
  readonly dataRange: number;
}

const ODD = 'an odd integer >= 3';

const positive = (description: string, fallback: number): OptionSpec<number> =>
  option.number({ description, default: fallback, min: 0, exclusiveMin: true });

export const ssimSchema: SsimSchema = {
  windowSize: option.custom({
    type: ODD,
    description: 'Side of the square Gaussian window, in pixels: each SSIM value compares a windowSize × windowSize neighbourhood. Odd, so that the window has a centre.',
    default: 11,
    parse: (value, path) => {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 3 && value % 2 === 1) return value;
      throw new InvalidOptionError(path, ODD, describeValue(value));
    },
  }),
  sigma: positive('Standard deviation of the Gaussian window, in pixels.', 1.5),
  k1: positive('Luminance constant: C1 = (k1 · dataRange)² keeps the luminance term stable where both means are near 0.', 0.01),
  k2: positive('Contrast constant: C2 = (k2 · dataRange)² keeps the contrast-structure term stable where both variances are near 0.', 0.03),
  dataRange: positive('The range of the pixel values L (1 for images in [0, 1], 255 for 8-bit values), which scales C1 and C2. Values outside it are accepted.', 1),
};
