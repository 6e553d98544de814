// The runtime's portable entry loads no ONNX Runtime binding: both are optional peers here.
import { PROVIDERS, type Platform, type ProviderName, providersOn } from '@losskit/runtime/portable';

/** Where a check runs: a platform and an ONNX Runtime execution provider. */
export type TargetId = 'node:cpu' | 'node:webgpu' | 'node:cuda' | 'chromium:wasm' | 'chromium:webgpu';

/** The test kit runs the browser build in Chromium. */
const PREFIXES: Readonly<Record<Platform, 'node' | 'chromium'>> = { node: 'node', browser: 'chromium' };

/**
 * Every target, in the order their tests are registered: the runtime's providers on each of its
 * builds (Node, then Chromium) in `providersOn`'s order, host providers first.
 */
export const TARGETS: readonly TargetId[] = Object.freeze(
  (Object.keys(PREFIXES) as Platform[]).flatMap((platform) =>
    providersOn(platform).map((provider) => `${PREFIXES[platform]}:${provider}` as TargetId),
  ),
);

/** A target, or a provider name meaning every target with that provider (`'webgpu'`: Node and Chromium). */
export type ProviderSelector = ProviderName | TargetId;

/** The provider a target runs on. */
export function providerOf(target: TargetId): ProviderName {
  return target.slice(target.indexOf(':') + 1) as ProviderName;
}

/** Whether a target runs in Chromium. */
export function isBrowserTarget(target: TargetId): boolean {
  return target.startsWith('chromium:');
}

/**
 * The targets a tester runs. Without a selection: every target except CUDA, which is added only
 * when it is present (no CI machine has a GPU). With one: exactly the selected targets.
 */
export function selectTargets(selection: readonly ProviderSelector[] | undefined): { targets: TargetId[]; explicit: boolean } {
  if (selection === undefined) return { targets: [...TARGETS], explicit: false };
  const chosen = new Set<TargetId>();
  for (const item of selection) {
    const matches = TARGETS.filter((t) => t === item || providerOf(t) === item);
    if (matches.length === 0) {
      throw new TypeError(`LossTester: unknown provider "${String(item)}"; expected one of ${[...PROVIDERS, ...TARGETS].join(', ')}`);
    }
    for (const t of matches) chosen.add(t);
  }
  return { targets: TARGETS.filter((t) => chosen.has(t)), explicit: true };
}
