// Which provider trains, and why: WebGPU first, WASM as the fallback, with the reason shown on
// the page. ONNX Runtime is configured here, once, before its first session.
import { configureWasm, listProviders } from '@losskit/runtime';
import type { ProviderChoice } from '../protocol';

export interface ChosenProvider {
  readonly provider: 'webgpu' | 'wasm';
  /** Why WebGPU is not used, on fallback. */
  readonly reason?: string;
  readonly threads: number;
}

let threads: number | undefined;

/** Serves ONNX Runtime's files from the app itself, threads only when cross-origin isolated. */
function configureOnce(): number {
  if (threads === undefined) {
    threads = globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency ?? 1)) : 1;
    // This worker owns ONNX Runtime: its own proxy worker would only add a hop (and cannot clone
    // a WebGPU device). The .mjs/.wasm files are copied unhashed to /ort/ by vite.config.ts.
    configureWasm({ wasmPaths: `${self.location.origin}${import.meta.env.BASE_URL}ort/`, numThreads: threads, proxy: false });
  }
  return threads;
}

export async function chooseProvider(choice: ProviderChoice): Promise<ChosenProvider> {
  const count = configureOnce();
  if (choice === 'wasm') return { provider: 'wasm', reason: 'WASM chosen in the settings', threads: count };
  const webgpu = (await listProviders()).find((p) => p.name === 'webgpu');
  if (webgpu?.available) return { provider: 'webgpu', threads: count };
  const reason = `WebGPU unavailable: ${webgpu?.reason ?? 'unknown reason'}`;
  if (choice === 'webgpu') throw new Error(reason);
  return { provider: 'wasm', reason, threads: count };
}
