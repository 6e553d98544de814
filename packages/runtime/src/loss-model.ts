import { type LossPlugin, type Reduction, buildLossModel, hasGraphInputCheck } from '@losskit/core';
import { providerCapabilities } from './capabilities';
import type { ProviderName } from './types';

/** Options of {@link lossModelFor}: what varies between the loss models of one plugin. */
export interface LossModelOptions {
  /** Dims of the prediction (and of every input declared with the prediction's dims). */
  readonly dims: readonly number[];
  /** Dims of the plugin's declared inputs by name (`target`, `positive`, ...), where they differ or are free. */
  readonly inputDims?: Readonly<Record<string, readonly number[]>>;
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /** Also output `gradient`, d loss / d prediction (and `gradient.<input>` for other differentiable inputs). Default `false`. */
  readonly gradient?: boolean;
  /** Dims of a `weights` input, broadcastable to the elementwise loss; no weights when omitted. */
  readonly weights?: readonly number[] | undefined;
}

/**
 * Whether the loss model of `plugin` on `provider` checks the input values itself (the
 * `losskit/input-check` output), so that a session scans them in JavaScript only when it fails.
 */
export function checksInputsInGraph(plugin: LossPlugin<unknown>, provider: ProviderName): boolean {
  return providerCapabilities(provider).inGraphValueChecks && hasGraphInputCheck(plugin);
}

/**
 * The ONNX model losskit runs for `plugin` on `provider`: `buildLossModel` with the provider's
 * gradient rules and integer type and, where values can be checked in the graph, the input check. Loss sessions
 * (and so `computeLoss`) build with this function, and so do the test kit's Node and Chromium
 * targets: a test of a plugin on a provider runs the graph users get there. Model workarounds
 * (see `ProviderCapabilities.workarounds`) are applied later, when a session is created.
 */
export function lossModelFor(plugin: LossPlugin<unknown>, provider: ProviderName, options: LossModelOptions): Uint8Array {
  const capabilities = providerCapabilities(provider);
  return buildLossModel(plugin, {
    dims: options.dims,
    ...(options.inputDims ? { inputDims: options.inputDims } : {}),
    integerType: capabilities.integerType,
    reduction: options.reduction ?? 'mean',
    gradient: options.gradient ?? false,
    inputCheck: checksInputsInGraph(plugin, provider),
    gradientRules: capabilities.gradientRules,
    ...(options.weights ? { weights: options.weights } : {}),
  });
}
