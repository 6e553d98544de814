import { type OptionSpec, type ResolvedOptions, option } from '@losskit/core';

/** The options of `poissonNll`: what each accepts and what the plugin keeps. */
export type PoissonNllSchema = {
  /** Default `true`, PyTorch's `log_input`. */
  readonly logInput: OptionSpec<boolean>;
  /** Default `false`. */
  readonly full: OptionSpec<boolean>;
  /** Default `1e-8`, PyTorch's `eps`; > 0. */
  readonly epsilon: OptionSpec<number>;
};

export const poissonNllSchema: PoissonNllSchema = {
  logInput: option.boolean({
    description: 'Whether predictions are log-rates log λ (loss exp(x) - t x) rather than rates λ >= 0 (loss λ - t log(λ + epsilon)).',
    default: true,
  }),
  full: option.boolean({
    description: "Adds Stirling's approximation of log(t!), t log t - t + log(2π t) / 2, for targets above 1: the full negative log-likelihood.",
    default: false,
  }),
  epsilon: option.number({
    description: 'Rates only (logInput: false): added to the rate inside the log, so a rate of 0 costs a finite amount.',
    default: 1e-8,
    min: 0,
    exclusiveMin: true,
  }),
};

/** The resolved options, as the graph, the reference and the checks read them. */
export type PoissonNllSettings = ResolvedOptions<PoissonNllSchema>;
