import type { ChosenProvider } from '../worker/provider';

/** Shows the provider that trains in the page's `provider` badge, and why when it is not WebGPU. */
export function showProvider(chosen: ChosenProvider): void {
  const badge = document.getElementById('provider')!;
  badge.textContent = chosen.provider === 'webgpu' ? 'WebGPU' : `WASM${chosen.threads > 1 ? ` · ${chosen.threads} threads` : ''}`;
  badge.className = `badge ${chosen.provider}`;
  badge.dataset.provider = chosen.provider;
  document.getElementById('provider-reason')!.textContent = chosen.reason ?? '';
}
