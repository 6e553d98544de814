// A short soak in CI: memory sampled (after a full GC) through many loss-session runs and
// training steps must stop growing once warmed up. A leak of one prediction-sized tensor per run
// (96 KiB) would grow the RSS by 180 MiB over 2,000 runs; the bound is far below that. The full
// soak (10,000 runs, 2,000 steps) is `pnpm --filter @losskit/conformance soak`.
import { isCi } from '@losskit/browser-harness';
import { listProviders } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { type SoakResult, soakLossRuns, soakTraining } from './support/soak';

const RSS_BOUND_MIB = 40;
const HEAP_BOUND_MIB = 8;

function report(result: SoakResult): void {
  console.log(
    `[soak] ${result.provider} ${result.what}: ${result.iterations} in ${result.seconds.toFixed(1)} s; growth after warm-up: rss ${result.rssGrowthMiB} MiB, heap ${result.heapGrowthMiB} MiB (rss ${result.samples[1]!.rssMiB} -> ${result.samples.at(-1)!.rssMiB} MiB)`,
  );
  expect(result.rssGrowthMiB).toBeLessThan(RSS_BOUND_MIB);
  expect(result.heapGrowthMiB).toBeLessThan(HEAP_BOUND_MIB);
}

async function webgpuOrSkip(context: { skip: (reason: string) => void }): Promise<boolean> {
  const info = (await listProviders()).find((p) => p.name === 'webgpu')!;
  if (info.available) return true;
  if (isCi()) throw new Error(`CI requires the webgpu provider: ${info.reason}`);
  context.skip(`webgpu unavailable: ${info.reason}`);
  return false;
}

describe('soak (short)', () => {
  it('[cpu] 2,000 loss-session runs', async () => report(await soakLossRuns('cpu', 2000)));
  it('[cpu] 300 training steps', async () => report(await soakTraining('cpu', 300)));
  it('[webgpu] 300 loss-session runs', async (context) => {
    if (await webgpuOrSkip(context)) report(await soakLossRuns('webgpu', 300, 10));
  });
  it('[webgpu] 200 training steps (a per-pixel model: the autoencoder compiles slowly on SwiftShader)', async (context) => {
    if (await webgpuOrSkip(context)) report(await soakTraining('webgpu', 200, 10, 'pixel'));
  });
});
