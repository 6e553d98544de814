// The provider-capabilities record and the loss models it implies. The expected facts are the
// ones the runtime README and the ops' gradient rules state: CPU and WASM keep IEEE subnormals and NaN
// semantics (Abs' = x / max(|x|, 2^-149), values checked in the graph); WebGPU has no Sign kernel
// and WGSL may flush subnormals (Abs' with Where, values scanned in JavaScript); GPU sessions run
// without CPU fallback. If a decision comes back to a second place, the graphs checked here stop
// matching what the sessions run (see also the session-level checks below).
import { INPUT_CHECK_OUTPUT, InvalidInputError, buildLossModel, defaultGradientRules, ieeeAbsRules } from '@losskit/core';
import { type Model, decodeModel } from '@losskit/graph';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PROVIDERS,
  PROVIDER_CAPABILITIES,
  type ProviderName,
  autoOrder,
  listProviders,
  lossModelFor,
  providerCapabilities,
  providersOn,
} from '@losskit/runtime';
import * as portable from '@losskit/runtime/portable';
import { l1 } from './support/l1-plugin';

/** The ops that consume `name` in a model. */
function consumers(model: Model, name: string): string[] {
  return model.graph.nodes.filter((n) => n.inputs.includes(name)).map((n) => n.op);
}

/** Whether Abs is differentiated as x / max(|x|, c): a Max reads the Abs output and a Div reads the Max. */
function usesIeeeAbs(model: Model): boolean {
  const abs = model.graph.nodes.find((n) => n.op === 'Abs')!;
  const max = model.graph.nodes.find((n) => n.op === 'Max' && n.inputs.includes(abs.outputs[0]!));
  return max !== undefined && consumers(model, max.outputs[0]!).includes('Div');
}

const ops = (model: Model) => new Set(model.graph.nodes.map((n) => n.op));

describe('PROVIDER_CAPABILITIES', () => {
  it('has one frozen record per provider', () => {
    expect(Object.keys(PROVIDER_CAPABILITIES)).toEqual(['cpu', 'cuda', 'webgpu', 'wasm']);
    expect(PROVIDERS).toEqual(['cpu', 'cuda', 'webgpu', 'wasm']);
    expect(Object.isFrozen(PROVIDER_CAPABILITIES)).toBe(true);
    for (const p of PROVIDERS) {
      const c = PROVIDER_CAPABILITIES[p];
      expect(c.name).toBe(p);
      expect(Object.isFrozen(c), p).toBe(true);
      expect(Object.isFrozen(c.platforms) && Object.isFrozen(c.workarounds) && Object.isFrozen(c.gradientRules), p).toBe(true);
    }
  });

  it('gives CPU and WASM the IEEE Abs rule, in-graph value checks, small-image Convs as MatMuls, widened narrow broadcasts and unoptimised step sessions, GPUs none of them', () => {
    for (const p of ['cpu', 'wasm'] as const) {
      expect(providerCapabilities(p).gradientRules.Abs, p).toBe(ieeeAbsRules.Abs);
      expect(providerCapabilities(p).inGraphValueChecks, p).toBe(true);
      expect(providerCapabilities(p).device, p).toBe('host');
      expect(providerCapabilities(p).disableCpuFallback, p).toBe(false);
      expect(providerCapabilities(p).smallImageConv, p).toBe(true);
      expect(providerCapabilities(p).widenNarrowBroadcasts, p).toBe(true);
      expect(providerCapabilities(p).trainingStepOptimization, p).toBe('disabled');
    }
    for (const p of ['cuda', 'webgpu'] as const) {
      expect(providerCapabilities(p).gradientRules, p).toBe(defaultGradientRules);
      expect(providerCapabilities(p).inGraphValueChecks, p).toBe(false);
      expect(providerCapabilities(p).device, p).toBe('gpu');
      expect(providerCapabilities(p).disableCpuFallback, p).toBe(true);
      expect(providerCapabilities(p).smallImageConv, p).toBe(false);
      expect(providerCapabilities(p).widenNarrowBroadcasts, p).toBe(false);
      expect(providerCapabilities(p).trainingStepOptimization, p).toBe('all');
    }
  });

  it('runs Adam on the host on cpu only (onnxruntime-node copies outputs; on wasm it measured within 0-5 %)', () => {
    expect(PROVIDERS.filter((p) => providerCapabilities(p).hostOptimizer)).toEqual(['cpu']);
  });

  it('places providers on their builds, host first, and orders auto GPU first', () => {
    expect(providersOn('node')).toEqual(['cpu', 'cuda', 'webgpu']);
    expect(providersOn('browser')).toEqual(['wasm', 'webgpu']);
    expect(autoOrder('node')).toEqual(['cuda', 'cpu']);
    expect(autoOrder('browser')).toEqual(['webgpu', 'wasm']);
  });

  it('keeps device outputs, the Conv workaround and cheap device reads to WebGPU', () => {
    for (const p of PROVIDERS) {
      const c = providerCapabilities(p);
      expect(c.deviceOutputs, p).toBe(p === 'webgpu');
      expect(c.workarounds.map((w) => w.name), p).toEqual(p === 'webgpu' ? ['webgpu-conv-channel-padding'] : []);
      expect(c.cheapDeviceReads, p).toEqual(p === 'webgpu' ? ['browser'] : []);
      expect(c.threadPool, p).toBe(p === 'cpu' || p === 'cuda');
    }
    expect(providerCapabilities('webgpu').missingKernels).toContain('Sign');
  });

  it('rejects a name that is not a provider, naming the argument', () => {
    expect(() => providerCapabilities('tpu' as ProviderName)).toThrowError(InvalidInputError);
    expect(() => providerCapabilities('tpu' as ProviderName)).toThrowError(/provider.*"cpu", "cuda", "webgpu", "wasm".*"tpu"/);
    expect(() => providerCapabilities('toString' as ProviderName)).toThrowError(InvalidInputError);
  });

  it('is exported by @losskit/runtime/portable, which loads no ONNX Runtime binding', () => {
    expect(portable.PROVIDER_CAPABILITIES).toBe(PROVIDER_CAPABILITIES);
    expect(portable.lossModelFor).toBe(lossModelFor);
    expect(Object.keys(portable).toSorted()).toEqual([
      'PROVIDERS',
      'PROVIDER_CAPABILITIES',
      'autoOrder',
      'checksInputsInGraph',
      'lossModelFor',
      'providerCapabilities',
      'providersOn',
    ]);
  });
});

describe('lossModelFor', () => {
  const options = { dims: [2, 3], reduction: 'mean', gradient: true } as const;

  it('differentiates Abs without Where on cpu and wasm, and checks values in the graph', () => {
    for (const p of ['cpu', 'wasm'] as const) {
      const model = decodeModel(lossModelFor(l1(), p, options));
      expect(usesIeeeAbs(model), p).toBe(true);
      expect(ops(model).has('Where'), p).toBe(false);
      expect(model.graph.outputs.map((o) => o.name), p).toEqual(['loss', 'gradient', INPUT_CHECK_OUTPUT]);
    }
  });

  it('differentiates Abs with Where and no kernel the provider lacks on GPUs, and leaves value checks to JavaScript', () => {
    for (const p of ['cuda', 'webgpu'] as const) {
      const model = decodeModel(lossModelFor(l1(), p, options));
      expect(usesIeeeAbs(model), p).toBe(false);
      expect(ops(model).has('Where'), p).toBe(true);
      for (const missing of providerCapabilities(p).missingKernels) expect(ops(model).has(missing), `${p} ${missing}`).toBe(false);
      expect(model.graph.outputs.map((o) => o.name), p).toEqual(['loss', 'gradient']);
    }
  });

  it('is buildLossModel with the provider rules: the same bytes as building them by hand', () => {
    const weights = [1, 3];
    const byHand = buildLossModel(l1(), { ...options, weights, gradientRules: { ...defaultGradientRules, ...ieeeAbsRules }, inputCheck: true });
    expect(Buffer.from(lossModelFor(l1(), 'cpu', { ...options, weights })).equals(Buffer.from(byHand))).toBe(true);
    const gpu = buildLossModel(l1(), { dims: [4], reduction: 'sum' });
    expect(Buffer.from(lossModelFor(l1(), 'webgpu', { dims: [4], reduction: 'sum' })).equals(Buffer.from(gpu))).toBe(true);
  });
});

describe('listProviders (node)', () => {
  it('answers for the browser-only provider from the record, with a typed problem', async () => {
    const wasm = (await listProviders()).find((p) => p.name === 'wasm')!;
    expect(wasm).toEqual({
      name: 'wasm',
      available: false,
      problem: 'other-platform',
      reason: 'wasm is the browser build\'s CPU provider; in Node use "cpu"',
    });
    const cuda = (await listProviders()).find((p) => p.name === 'cuda')!;
    if (!cuda.available) expect(cuda.problem).toBe('missing-cuda-libraries');
  });
});

describe('README', () => {
  it("documents every field of the record in its capabilities table, and the webgpu column's facts", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\s*\| `(\w+)` \| (.*) \|$/gm)].filter((m) => Object.hasOwn(PROVIDER_CAPABILITIES.cpu, m[1]!));
    const fields = Object.keys(PROVIDER_CAPABILITIES.cpu).filter((f) => f !== 'name');
    expect(rows.map((m) => m[1])).toEqual(fields);
    const webgpu = Object.fromEntries(rows.map((m) => [m[1], m[2]!.split(' | ')[2]]));
    expect(webgpu.device).toBe("`'gpu'`");
    expect(webgpu.ieee).toBe(providerCapabilities('webgpu').ieee ? 'yes' : 'no');
    expect(webgpu.missingKernels).toBe(providerCapabilities('webgpu').missingKernels.map((k) => `\`${k}\``).join(', '));
  });
});
