// The full soak: 10,000 session.run calls and 2,000 training steps on cpu, and on webgpu where it
// runs, with memory sampled throughout. Prints one line per run and the samples as JSON.
//   pnpm --filter @losskit/conformance soak [-- --runs 10000 --steps 2000 --providers cpu,webgpu --model autoencoder|pixel]
// (On SwiftShader WebGPU a conv-autoencoder step takes about half a second; `--model pixel`
// trains a per-pixel model instead, which exercises the same trainer machinery.)
import { parseArgs } from 'node:util';
import { type ProviderName, listProviders } from '@losskit/runtime';
import { type SoakModel, soakLossRuns, soakTraining } from '../test/support/soak';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10000' }, steps: { type: 'string', default: '2000' }, providers: { type: 'string', default: 'cpu,webgpu' }, json: { type: 'boolean', default: false }, model: { type: 'string', default: 'autoencoder' } },
});
const available = new Set((await listProviders()).filter((p) => p.available).map((p) => p.name));
const results = [];
for (const provider of values.providers.split(',') as ProviderName[]) {
  if (!available.has(provider)) {
    console.log(`[soak] ${provider}: unavailable here, skipped`);
    continue;
  }
  for (const result of [await soakLossRuns(provider, Number(values.runs), 40), await soakTraining(provider, Number(values.steps), 40, values.model as SoakModel)]) {
    const first = result.samples[1]!;
    const last = result.samples.at(-1)!;
    const peak = Math.max(...result.samples.map((s) => s.rssMiB));
    console.log(
      `[soak] ${provider} ${result.what}: ${result.iterations} in ${result.seconds.toFixed(1)} s; rss ${first.rssMiB} -> ${last.rssMiB} MiB (peak ${peak}), growth after warm-up ${result.rssGrowthMiB} MiB; heap growth ${result.heapGrowthMiB} MiB`,
    );
    results.push(result);
  }
}
if (values.json) console.log(JSON.stringify(results, null, 1));
