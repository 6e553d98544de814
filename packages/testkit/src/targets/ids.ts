import type { ProviderName } from '@losskit/runtime';

/** Where a check runs: a platform and an ONNX Runtime execution provider. */
export type TargetId = 'node:cpu' | 'node:webgpu' | 'node:cuda' | 'chromium:wasm' | 'chromium:webgpu';

/** Every target, in the order their tests are registered. */
export const TARGETS: readonly TargetId[] = ['node:cpu', 'node:webgpu', 'node:cuda', 'chromium:wasm', 'chromium:webgpu'];

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
      throw new TypeError(`LossTester: unknown provider "${String(item)}"; expected one of ${['cpu', 'cuda', 'webgpu', 'wasm', ...TARGETS].join(', ')}`);
    }
    for (const t of matches) chosen.add(t);
  }
  return { targets: TARGETS.filter((t) => chosen.has(t)), explicit: true };
}
