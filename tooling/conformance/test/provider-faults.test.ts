// Provider faults: an explicit GPU provider that cannot run here is an UnavailableProviderError
// that says what is missing and how to get it; `auto` falls back, and every caller's `onNotice`
// hears why (not only the first caller in the process).
import { UnavailableProviderError } from '@losskit/core';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import { l1 } from '@losskit/loss-l1';
import { createLossSession, createModelSession, listProviders, resolveProvider } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { lastJson, runTs } from './support/child';

const inputs = { prediction: { data: Float32Array.of(1, -1), dims: [2] }, target: { data: Float32Array.of(0, 0), dims: [2] } };

describe('auto fallback notices', () => {
  it('every session hears its own fallback once, however many sessions came before', async () => {
    const cuda = (await listProviders()).find((p) => p.name === 'cuda')!;
    const heard: string[][] = [[], [], []];
    for (const notices of heard) {
      const session = await createLossSession(l1(), { onNotice: (m) => notices.push(m) });
      // More input shapes build more ONNX Runtime sessions, but the fallback is noticed once.
      await session.run(inputs);
      await session.run({ prediction: { data: new Float32Array(4), dims: [4] }, target: { data: new Float32Array(4), dims: [4] } });
      await session.release();
    }
    const g = new GraphBuilder('m');
    g.output(g.abs(g.input('x', 'float32', [1])), 'y');
    const modelNotices: string[] = [];
    await (await createModelSession(encodeModel(g.toModel()), { onNotice: (m) => modelNotices.push(m) })).release();
    const resolveNotices: string[] = [];
    await resolveProvider('auto', { onNotice: (m) => resolveNotices.push(m) });
    for (const notices of [...heard, modelNotices, resolveNotices]) {
      if (cuda.available) expect(notices).toEqual([]);
      else {
        expect(notices).toHaveLength(1);
        expect(notices[0]).toMatch(/^losskit: provider "auto" is using cpu \(cuda unavailable: .*libonnxruntime_providers_cuda/);
      }
    }
  });

  it('a listener that is not a function is an InvalidOptionError', async () => {
    await expect(createLossSession(l1(), { onNotice: 'log' as never })).rejects.toThrowError(
      'Invalid option createLossSession.onNotice: expected a function, received "log"',
    );
  });
});

describe('explicit GPU providers that cannot run', () => {
  it('cuda: names the missing library and how to install it', async (context) => {
    const cuda = (await listProviders()).find((p) => p.name === 'cuda')!;
    if (cuda.available) return context.skip('CUDA runs on this machine');
    const error = await createLossSession(l1(), { provider: 'cuda' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableProviderError);
    expect((error as UnavailableProviderError).code).toBe('ERR_UNAVAILABLE_PROVIDER');
    expect((error as Error).message).toMatch(/^Execution provider "cuda" is unavailable: libonnxruntime_providers_cuda\.so is missing from .*Install the CUDA provider libraries/);
    // The process stays healthy: the next valid request works.
    expect((await createLossSession(l1(), { provider: 'cpu' })).provider).toBe('cpu');
  });

  it('webgpu without an adapter: says none was found and how to get one (fresh process, no Vulkan driver)', async () => {
    const { done } = runTs('../children/provider-probe.ts', ['webgpu'], { VK_ICD_FILENAMES: '/nonexistent/losskit-icd.json' });
    const result = lastJson<{ ok: boolean; name: string; code: string; message: string }>((await done).stdout);
    expect(result).toMatchObject({ ok: false, name: 'UnavailableProviderError', code: 'ERR_UNAVAILABLE_PROVIDER' });
    expect(result.message).toMatch(/^Execution provider "webgpu" is unavailable: no WebGPU adapter was found\. .*install libvulkan1 .*VK_ICD_FILENAMES=/);
  });
});
