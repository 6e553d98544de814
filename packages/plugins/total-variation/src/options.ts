import { type OptionSpec, type ResolvedOptions, option } from '@losskit/core';

/** The options of `totalVariation`: what each accepts and what the plugin keeps. */
export type TotalVariationSchema = {
  /** Default `'l1'`, kornia's and TensorFlow's. */
  readonly norm: OptionSpec<'l1' | 'l2'>;
  /** Default `'sum'`, kornia's. */
  readonly imageReduction: OptionSpec<'sum' | 'mean'>;
};

export const totalVariationSchema: TotalVariationSchema = {
  norm: option.oneOf({
    description: "How each difference between neighbouring pixels counts: 'l1' its absolute value (anisotropic total variation), 'l2' its square.",
    values: ['l1', 'l2'],
    default: 'l1',
  }),
  imageReduction: option.oneOf({
    description:
      "How the differences of one image combine: 'sum' (kornia's default), or 'mean', the mean vertical plus the mean horizontal difference (kornia's reduction='mean'), which does not grow with the image size.",
    values: ['sum', 'mean'],
    default: 'sum',
  }),
};

/** The resolved options, as the graph and the reference read them. */
export type TotalVariationSettings = ResolvedOptions<TotalVariationSchema>;
