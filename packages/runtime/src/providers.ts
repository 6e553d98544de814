import { type OptionSpec, UnavailableProviderError, option } from '@losskit/core';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import type { InferenceSession } from 'onnxruntime-common';
import type { Backend } from './backend';
import { PROVIDERS, type Platform, type ProviderCapabilities, providerCapabilities, providersOn } from './capabilities';
import { type SessionTuning, tuningOptions } from './tuning';
import type { ProviderInfo, ProviderName, ProviderProblem, ProviderRequest } from './types';

const REQUESTS: readonly ProviderRequest[] = ['auto', ...PROVIDERS];

/** A notice listener, checked already: a caller's `onNotice`, or undefined for the default. */
type Notice = ((message: string) => void) | undefined;

/** Session options for a provider (no silent CPU fallback where its capabilities say so). */
export function sessionOptionsFor(provider: ProviderName, tuning: SessionTuning = {}): InferenceSession.SessionOptions {
  const tuned = tuningOptions(provider, tuning);
  const fallback = providerCapabilities(provider).disableCpuFallback ? { disable_cpu_ep_fallback: '1' } : {};
  return {
    ...tuned,
    executionProviders: [provider],
    logSeverityLevel: 3,
    extra: { session: { ...tuned.extra.session, ...fallback } },
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

/** Availability of a provider that cannot run, with the code and the words that say why. */
export function unavailable(name: ProviderName, problem: ProviderProblem, reason: string): ProviderInfo {
  return { name, available: false, reason, problem };
}

const PLACES: Readonly<Record<Platform, string>> = { node: 'Node', browser: 'the browser' };
const BUILDS: Readonly<Record<Platform, string>> = { node: "the Node build's", browser: "the browser build's" };
const DEVICES: Readonly<Record<ProviderCapabilities['device'], string>> = { host: 'CPU', gpu: 'GPU' };

/**
 * Why `provider` cannot run on this build, or `undefined` when the build offers it: the provider
 * of the other build, and this build's provider for the same device (`wasm` -> `cpu`).
 */
function otherPlatform(platform: Platform, provider: ProviderName): ProviderInfo | undefined {
  const { platforms, device } = providerCapabilities(provider);
  if (platforms.includes(platform)) return undefined;
  const here = providersOn(platform);
  const sameDevice = here.filter((p) => providerCapabilities(p).device === device);
  const choices = (sameDevice.length > 0 ? sameDevice : here).map((p) => `"${p}"`).join(' or ');
  return unavailable(provider, 'other-platform', `${provider} is ${BUILDS[platforms[0]!]} ${DEVICES[device]} provider; in ${PLACES[platform]} use ${choices}`);
}

let probeModel: Uint8Array | undefined;

/** A one-node model used to check that a provider loads and runs (and to hold its device open). */
export function getProbeModel(): Uint8Array {
  if (!probeModel) {
    const g = new GraphBuilder('losskit-probe');
    g.output(g.abs(g.input('x', 'float32', [1])), 'y');
    probeModel = encodeModel(g.toModel());
  }
  return probeModel;
}

/** Creates and runs the probe model on `provider`: its availability, with the reason when it fails. */
export async function tryProvider(backend: Backend, provider: ProviderName): Promise<ProviderInfo> {
  try {
    const session = await backend.ort.InferenceSession.create(getProbeModel(), sessionOptionsFor(provider));
    try {
      await session.run({ x: new backend.ort.Tensor('float32', Float32Array.of(-1), [1]) });
    } finally {
      await session.release();
    }
    return { name: provider, available: true };
  } catch (error) {
    const explained = backend.explain?.(provider, error);
    return unavailable(provider, explained?.problem ?? 'failed-to-start', explained?.reason ?? firstLine(error));
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
function noticeListener(onNotice: Notice): (message: string) => void {
  if (onNotice !== undefined) return onNotice;
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
    const elsewhere = otherPlatform(backend.platform, provider);
    if (elsewhere) result = Promise.resolve(elsewhere);
    else {
      result = (probeQueues.get(backend) ?? Promise.resolve()).then(() => backend.probe(provider));
      probeQueues.set(backend, result.catch(() => undefined));
    }
    cache.set(provider, result);
  }
  return result;
}

/** Every provider and whether it can run here. */
export function listProvidersWith(backend: Backend): Promise<ProviderInfo[]> {
  return Promise.all(PROVIDERS.map((p) => probeCached(backend, p)));
}

/**
 * Resolves a request, checked already, to a provider that runs here. An explicit provider that
 * cannot run is an {@link UnavailableProviderError}; `auto` falls back along the build's order
 * (see `autoOrder`) and reports the fallback through `onNotice`. Sessions and trainers call it
 * once, with options `resolveOptions` has checked.
 */
export async function pickProvider(backend: Backend, request: ProviderRequest, onNotice: Notice): Promise<ProviderName> {
  if (request !== 'auto') {
    const info = await probeCached(backend, request);
    if (!info.available) throw new UnavailableProviderError(request, info.reason ?? 'unknown reason');
    return request;
  }
  const skipped: ProviderInfo[] = [];
  for (const provider of backend.autoOrder) {
    const info = await probeCached(backend, provider);
    if (info.available) {
      if (skipped.length > 0) {
        noticeListener(onNotice)(`losskit: provider "auto" is using ${provider} (${skipped.map((s) => `${s.name} unavailable: ${s.reason}`).join('; ')})`);
      }
      return provider;
    }
    skipped.push(info);
  }
  throw new UnavailableProviderError('auto', skipped.map((s) => `${s.name}: ${s.reason}`).join('; '));
}

/** {@link pickProvider} for unchecked arguments (the public `resolveProvider`). */
export function resolveProvider(backend: Backend, request: unknown, onNotice: unknown): Promise<ProviderName> {
  const notice = onNotice === undefined ? undefined : noticeOption.parse(onNotice as Notice, 'onNotice');
  return pickProvider(backend, providerOption.parse((request ?? 'auto') as ProviderRequest, 'provider'), notice);
}
