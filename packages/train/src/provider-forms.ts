import { type ProviderName, providerCapabilities } from '@losskit/runtime';
import type { CompileOptions } from './compile';

/** The options {@link trainerCompileOptions} sets: every provider-dependent choice of a step graph. */
export type ProviderCompileOptions = Required<Pick<CompileOptions, 'rules' | 'integerType' | 'hostViews' | 'smallImageConv' | 'widenNarrowBroadcasts'>>;

/**
 * The `compileTrainingStep` options a trainer on `provider` compiles its steps with, read from
 * the provider's capabilities in one place: its gradient rules and integer type, the host-view
 * forms where outputs return to the host, and the graph forms its kernels run fastest (small-image
 * Convs as products and widened narrow broadcasts on cpu and wasm). Spread them first and override
 * what you compare (`pnpm bench`'s ablations do): a step compiled by hand for WebGPU without them
 * would try forms that provider cannot run.
 */
export function trainerCompileOptions(provider: ProviderName): ProviderCompileOptions {
  const { gradientRules, integerType, deviceOutputs, smallImageConv, widenNarrowBroadcasts } = providerCapabilities(provider);
  return { rules: gradientRules, integerType, hostViews: !deviceOutputs, smallImageConv, widenNarrowBroadcasts };
}
