// The runtime's provider rules in Node: what is available, explicit requests that cannot run,
// `auto` fallback with a notice, and no silent CPU fallback for GPU providers.
import { GraphBuilder, encodeModel } from '@losskit/graph';
import {
  InvalidOptionError,
  UnavailableProviderError,
  UnsupportedOperatorError,
} from '@losskit/core';
import { l1 } from './support/l1-plugin';
import { createLossSession, createModelSession, listProviders } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { nodeWebGpu } from './support/providers';

describe('listProviders (node)', () => {
  it('lists every provider; cpu runs, wasm is explained as browser-only', async () => {
    const providers = await listProviders();
    expect(providers.map((p) => p.name)).toEqual(['cpu', 'cuda', 'webgpu', 'wasm']);
    expect(providers.find((p) => p.name === 'cpu')).toEqual({ name: 'cpu', available: true });
    const wasm = providers.find((p) => p.name === 'wasm')!;
    expect(wasm.available).toBe(false);
    expect(wasm.reason).toMatch(/browser.*use "cpu"/);
  });

  it('explains an unavailable cuda provider and how to install it', async () => {
    const cuda = (await listProviders()).find((p) => p.name === 'cuda')!;
    if (cuda.available) {
      const session = await createLossSession(l1(), { provider: 'cuda' });
      expect(session.provider).toBe('cuda');
      await session.release();
      return;
    }
    expect(cuda.reason).toMatch(/libonnxruntime_providers_cuda|CUDA/);
    await expect(createLossSession(l1(), { provider: 'cuda' })).rejects.toThrowError(UnavailableProviderError);
    await expect(createLossSession(l1(), { provider: 'cuda' })).rejects.toThrowError(/Execution provider "cuda" is unavailable: .*(Enabling CUDA|CUDA)/);
  });
});

describe('provider requests', () => {
  it('rejects unknown providers with InvalidOptionError naming the option', async () => {
    await expect(createLossSession(l1(), { provider: 'tpu' as never })).rejects.toThrowError(
      'Invalid option createLossSession.provider: expected one of "auto", "cpu", "cuda", "webgpu", "wasm", received "tpu"',
    );
    await expect(createLossSession(l1(), { provider: 'tpu' as never })).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('rejects wasm in Node instead of silently using the CPU', async () => {
    await expect(createLossSession(l1(), { provider: 'wasm' })).rejects.toThrowError(UnavailableProviderError);
  });

  it('auto picks a provider that runs, reports it, and notices a fallback once', async () => {
    const notices: string[] = [];
    const cudaAvailable = (await listProviders()).find((p) => p.name === 'cuda')!.available;
    const session = await createLossSession(l1(), { onNotice: (m) => notices.push(m) });
    expect(session.provider).toBe(cudaAvailable ? 'cuda' : 'cpu');
    const result = await session.run({
      prediction: { data: Float32Array.of(1, -1), dims: [2] },
      target: { data: Float32Array.of(0, 0), dims: [2] },
    });
    expect(result.provider).toBe(session.provider);
    await session.release();
    if (!cudaAvailable) {
      // Every session's own listener hears its fallback, once (see tooling/conformance for many sessions).
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^losskit: provider "auto" is using cpu \(cuda unavailable: /);
    }
  });

  it('unknown session options are an InvalidOptionError', async () => {
    await expect(createLossSession(l1(), { reduce: 'sum' } as never)).rejects.toThrowError(
      'Invalid option createLossSession.reduce: expected a known option (one of reduction, gradient, provider, onNotice, session), received unknown option "reduce"',
    );
    await expect(createModelSession(new Uint8Array(0), { keepOnDevice: 'y' } as never)).rejects.toThrowError(
      'Invalid option createModelSession.keepOnDevice: expected an array, each a non-empty string, received "y"',
    );
  });

  it('a factory passed instead of a plugin is a clear error', async () => {
    await expect(createLossSession(l1 as never)).rejects.toThrowError(/did you pass the factory l1 instead of l1\(\)\?/);
  });
});

describe('GPU providers never fall back to the CPU silently', () => {
  it('a graph with an op WebGPU cannot run is refused on webgpu', async (context) => {
    const webgpu = await nodeWebGpu();
    if (!webgpu.available) return context.skip(webgpu.reason);
    // onnxruntime's WebGPU provider has no Sign kernel, so this graph cannot run whole on it.
    const g = new GraphBuilder('sign');
    g.output(g.addNode('Sign', [g.input('x', 'float32', [4])])[0]!, 'y');
    const model = encodeModel(g.toModel());
    await expect(createModelSession(model, { provider: 'webgpu' })).rejects.toThrowError(UnsupportedOperatorError);
    await expect(createModelSession(model, { provider: 'webgpu' })).rejects.toThrowError(/never falls back to the CPU silently/);
    // The same graph runs on cpu.
    const cpu = await createModelSession(model, { provider: 'cpu' });
    const out = await cpu.run({ x: { data: Float32Array.of(-2, 0, 3, -0.5), dims: [4] } });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([-1, 0, 1, -1]);
    await cpu.release();
  });
});
