import { type OptionSpec, option, UnavailableProviderError } from '@losskit/core';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import type { Backend } from './backend';
import type { ProviderInfo, ProviderName, ProviderRequest } from './types';

export const PROVIDERS: readonly ProviderName[] = ['cpu', 'cuda', 'webgpu', 'wasm'];
const REQUESTS: readonly ProviderRequest[] = ['auto', ...PROVIDERS];

/** Session options for a provider. GPU providers must run every node: no silent CPU fallback. */
export function sessionOptionsFor(provider: ProviderName): {
  executionProviders: string[];
  extra?: Record<string, unknown>;
  logSeverityLevel: 0 | 1 | 2 | 3 | 4;
} {
  const gpu = provider === 'cuda' || provider === 'webgpu';
  return {
    executionProviders: [provider],
    logSeverityLevel: 3,
    ...(gpu ? { extra: { session: { disable_cpu_ep_fallback: '1' } } } : {}),
  };
}

/** The `provider` option of sessions, trainers and `computeLoss`. */
export const providerOption: OptionSpec<ProviderRequest> = option.oneOf({
  description: 'The execution provider: `auto` picks CUDA then CPU in Node, WebGPU then WASM in the browser.',
  values: REQUESTS,
  default: 'auto',
});

/** Checks a provider request, throwing `InvalidOptionError` for unknown names. */
export function checkProviderRequest(value: unknown): ProviderRequest {
  return providerOption.parse(value as ProviderRequest, 'provider');
}

let probeModel: Uint8Array | undefined;

/** A one-node model used to check that a provider loads and runs. */
function getProbeModel(): Uint8Array {
  if (!probeModel) {
    const g = new GraphBuilder('losskit-probe');
    g.output(g.abs(g.input('x', 'float32', [1])), 'y');
    probeModel = encodeModel(g.toModel());
  }
  return probeModel;
}

/** Creates and runs the probe model on `provider`; resolves with the failure message, if any. */
export async function tryProvider(backend: Backend, provider: ProviderName): Promise<string | undefined> {
  try {
    const session = await backend.ort.InferenceSession.create(getProbeModel(), sessionOptionsFor(provider));
    try {
      await session.run({ x: new backend.ort.Tensor('float32', Float32Array.of(-1), [1]) });
    } finally {
      await session.release();
    }
    return undefined;
  } catch (error) {
    return backend.explain?.(provider, error) ?? firstLine(error);
  }
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? message;
}

const probes = new WeakMap<Backend, Map<ProviderName, Promise<ProviderInfo>>>();
const noticesGiven = new Set<string>();

const probeQueues = new WeakMap<Backend, Promise<unknown>>();

/**
 * Probes a provider once per process and backend. Probes run one at a time: onnxruntime-web
 * fails when two of its backends initialise concurrently.
 */
export function probeCached(backend: Backend, provider: ProviderName): Promise<ProviderInfo> {
  let cache = probes.get(backend);
  if (!cache) probes.set(backend, (cache = new Map()));
  let result = cache.get(provider);
  if (!result) {
    const previous = probeQueues.get(backend) ?? Promise.resolve();
    result = previous.then(() => backend.probe(provider));
    probeQueues.set(backend, result.catch(() => undefined));
    cache.set(provider, result);
  }
  return result;
}

/** Every provider and whether it can run here. */
export function listProvidersWith(backend: Backend): Promise<ProviderInfo[]> {
  return Promise.all(PROVIDERS.map((p) => probeCached(backend, p)));
}

/**
 * Resolves a request to a provider that runs here. An explicit provider that cannot run is an
 * {@link UnavailableProviderError}; `auto` falls back along the backend's order and reports the
 * fallback through `onNotice`.
 */
export async function resolveProvider(
  backend: Backend,
  request: unknown,
  onNotice: (message: string) => void,
): Promise<ProviderName> {
  const checked = checkProviderRequest(request ?? 'auto');
  if (checked !== 'auto') {
    const info = await probeCached(backend, checked);
    if (!info.available) throw new UnavailableProviderError(checked, info.reason ?? 'unknown reason');
    return checked;
  }
  const skipped: ProviderInfo[] = [];
  for (const provider of backend.autoOrder) {
    const info = await probeCached(backend, provider);
    if (info.available) {
      const notice = skipped.length > 0 ? `${backend.platform}:${provider}` : undefined;
      // One notice per process and fallback is enough; sessions are created often.
      if (notice && !noticesGiven.has(notice)) {
        noticesGiven.add(notice);
        onNotice(`losskit: provider "auto" is using ${provider} (${skipped.map((s) => `${s.name} unavailable: ${s.reason}`).join('; ')})`);
      }
      return provider;
    }
    skipped.push(info);
  }
  throw new UnavailableProviderError('auto', skipped.map((s) => `${s.name}: ${s.reason}`).join('; '));
}
