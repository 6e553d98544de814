import { type OptionSpec, type ResolvedOptions, option } from '@losskit/core';

/** The options of `gaussianNll`: what each accepts and what the plugin keeps. */
export type GaussianNllSchema = {
  /** Default `false`. */
  readonly full: OptionSpec<boolean>;
  /** Default `1e-6`, PyTorch's `eps`; > 0. */
  readonly epsilon: OptionSpec<number>;
};

export const gaussianNllSchema: GaussianNllSchema = {
  full: option.boolean({
    description: 'Adds the constant log(2π) / 2 to every element: the full negative log-likelihood.',
    default: false,
  }),
  epsilon: option.number({
    description: "The smallest variance used: smaller ones are clamped to it, with the gradient passed through the clamp as PyTorch's.",
    default: 1e-6,
    min: 0,
    exclusiveMin: true,
  }),
};

/** The resolved options, as the graph and the reference read them. */
export type GaussianNllSettings = ResolvedOptions<GaussianNllSchema>;
