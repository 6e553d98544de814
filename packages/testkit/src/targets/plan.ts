import { existsSync } from 'node:fs';
import { findChromium } from '@losskit/browser-harness';
import { type ProviderSelector, type TargetId, isBrowserTarget, providerOf, selectTargets } from './ids';
import { probeNodeProviders } from './node-probe';
import { missingBrowserPeers, missingBrowserPeersReason } from './optional';

/** What the tester does with one target. */
export interface TargetPlan {
  readonly target: TargetId;
  /** `run`: register its tests; `absent`: register them as skipped (or failing in CI); `omitted`: only mention it. */
  readonly state: 'run' | 'absent' | 'omitted';
  /** Why the target is absent, in full. */
  readonly reason?: string;
  /** Why, in a few words, for test names. */
  readonly short?: string;
}

/** Where Chromium is, why there is none, or that the caller left it out. */
export type ChromiumChoice = { readonly path: string } | { readonly missing: string } | { readonly omitted: true };

/** Chromium from the option (`false` leaves it out), else from `findChromium()`. */
export function chooseChromium(option: string | false | undefined): ChromiumChoice {
  if (option === false) return { omitted: true };
  if (option !== undefined) return existsSync(option) ? { path: option } : { missing: `Chromium not found at ${option}` };
  const path = findChromium();
  return path
    ? { path }
    : { missing: 'Chromium not found: install it (Debian: apt-get install -y chromium) or set LOSSKIT_CHROMIUM to its path' };
}

/**
 * Decides, while tests are registered, which targets run here. Node's providers are probed in a
 * child process (registration is synchronous); Chromium's are known only once the page runs,
 * so browser targets count as present when Chromium is installed.
 */
export function planTargets(selection: readonly ProviderSelector[] | undefined, chromium: ChromiumChoice): TargetPlan[] {
  const { targets, explicit } = selectTargets(selection);
  // Every Node target needs the probe: node:cpu too, as onnxruntime-node is an optional peer.
  const needsProbe = targets.some((t) => !isBrowserTarget(t));
  const node = needsProbe ? probeNodeProviders() : undefined;
  const browserPeers = targets.some(isBrowserTarget) && 'path' in chromium ? missingBrowserPeers() : [];
  return targets.map((target): TargetPlan => {
    if (isBrowserTarget(target)) {
      if ('omitted' in chromium) return { target, state: 'omitted', reason: 'Chromium was left out (chromium: false)' };
      if (!('path' in chromium)) return { target, state: 'absent', reason: chromium.missing, short: 'Chromium not found' };
      if (browserPeers.length > 0) return { target, state: 'absent', reason: missingBrowserPeersReason(browserPeers), short: `${browserPeers.join(', ')} missing` };
      return { target, state: 'run' };
    }
    const status = node?.get(providerOf(target)) ?? { available: true };
    if (status.available) return { target, state: 'run' };
    // No CI machine has a GPU: CUDA counts only where it runs or was asked for by name.
    const state = target === 'node:cuda' && !explicit ? 'omitted' : 'absent';
    return { target, state, reason: status.reason ?? 'unavailable', short: status.short ?? 'unavailable' };
  });
}
