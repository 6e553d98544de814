import { type OptionSpec, UnavailableProviderError, option } from '@losskit/core';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import type { InferenceSession } from 'onnxruntime-common';
import type { Backend } from './backend';
import { type SessionTuning, tuningOptions } from './tuning';
import type { ProviderInfo, ProviderName, ProviderRequest } from './types';

export const PROVIDERS: readonly ProviderName[] = ['cpu', 'cuda', 'webgpu', 'wasm'];
const REQUESTS: readonly ProviderRequest[] = ['auto', ...PROVIDERS];

/** Session options for a provider. GPU providers must run every node: no silent CPU fallback. */
export function sessionOptionsFor(provider: ProviderName, tuning: SessionTuning = {}): InferenceSession.SessionOptions {
  const gpu = provider === 'cuda' || provider === 'webgpu';
  const tuned = tuningOptions(provider, tuning);
  return {
    ...tuned,
    executionProviders: [provider],
    logSeverityLevel: 3,
    extra: { session: { ...tuned.extra.session, ...(gpu ? { disable_cpu_ep_fallback: '1' } : {}) } },
  };
}

/** The `provider` option of sessions, trainers and `computeLoss`. */
export const providerOption: OptionSpec<ProviderRequest> = option.oneOf({
  description: 'The execution provider: `auto` picks CUDA then CPU in Node, WebGPU then WASM in the browser.',
  values: REQUESTS,
  default: 'auto',
});

/** The `onNotice` option of sessions and trainers (unset: `console.warn`, once per notice). */
export const noticeOption: OptionSpec<((message: string) => void) | undefined> = option.function<(message: string) => void>({
  description: 'Receives one-line notices (e.g. an `auto` provider fallback). Default: `console.warn`, once per process for each notice.',
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
// Notices already printed by the default listener (console.warn): once per process is enough
// there, since sessions are created often. A caller's own `onNotice` hears every fallback.
const defaultNoticesGiven = new Set<string>();

/**
 * The listener for one caller's notices: the caller's own `onNotice`, which hears each notice
 * (a session resolves its provider once, so once per session), or `console.warn` once per process.
 */
export function noticeListener(onNotice: ((message: string) => void) | undefined): (message: string) => void {
  if (onNotice !== undefined) return noticeOption.parse(onNotice, 'onNotice')!;
  return (message) => {
    if (defaultNoticesGiven.has(message)) return;
    defaultNoticesGiven.add(message);
    console.warn(message);
  };
}

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
  onNotice: ((message: string) => void) | undefined,
): Promise<ProviderName> {
  const notice = noticeListener(onNotice);
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
      if (skipped.length > 0) {
        notice(`losskit: provider "auto" is using ${provider} (${skipped.map((s) => `${s.name} unavailable: ${s.reason}`).join('; ')})`);
      }
      return provider;
    }
    skipped.push(info);
  }
  throw new UnavailableProviderError('auto', skipped.map((s) => `${s.name}: ${s.reason}`).join('; '));
}
