// BENCHMARKS.md and the performance figures of the root README come from the committed bench
// results (apps/bench/results/*.json), so they cannot drift from what was measured: the tables
// are the bench's own rendering of the results, every ratio the hand-written analysis quotes is a
// ratio of the full or the quick run, and the README's ranges are recomputed here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BenchResults, renderMarkdown } from '../../../apps/bench/src/report';
import { ROOT, read } from './workspace';

interface Timing {
  readonly min: number;
  readonly median: number;
}
type Row = { readonly timings: Readonly<Record<string, Timing>> };

const FULL = 'apps/bench/results/epyc-2core.json';
const QUICK = 'apps/bench/results/epyc-2core-quick.json';
// A second zoo run minutes apart from the full run's (`--only zoo --zoo-memory-steps 0`), which the
// analysis quotes beside it to show the run-to-run spread.
const ZOO_SECOND = 'apps/bench/results/epyc-2core-zoo-second.json';
const full = JSON.parse(read(FULL)) as BenchResults;
const quick = JSON.parse(read(QUICK)) as BenchResults;
const zooSecond = JSON.parse(read(ZOO_SECOND)) as BenchResults;

/** How many times faster `contestant` is than `peer` (the bench's `× vs peer`), by medians or by fastest runs. */
const speedup = (row: Row, peer: string, contestant = 'losskit', by: keyof Timing = 'median') =>
  row.timings[peer]![by] / row.timings[contestant]![by];

const rowsOf = (results: BenchResults): Row[] =>
  [
    ...results.loss,
    ...(results.crossEntropy ? [results.crossEntropy, results.crossEntropy.alone] : []),
    ...(results.train?.results ?? []),
    ...(results.zoo?.results ?? []),
    ...(results.browser?.results ?? []),
  ] as Row[];

/** `[min, max]` of `values`, each printed with `digits` decimals. */
function range(values: readonly number[], digits = 2): [string, string] {
  return [Math.min(...values).toFixed(digits), Math.max(...values).toFixed(digits)];
}

describe('BENCHMARKS.md', () => {
  it("is the bench's rendering of the committed full run and apps/bench/analysis.md", () => {
    const plot = 'apps/bench/results/epyc-2core-loss-throughput.png';
    expect(read('BENCHMARKS.md')).toBe(renderMarkdown(full, { json: FULL, plot }, read('apps/bench/analysis.md')));
  });

  it('quotes in its analysis only ratios that the full, the quick or the second zoo run measured', () => {
    // Every ratio between two contestants of one row, by medians and by fastest runs, as printed,
    // and the zoo's geometric means.
    const measured = new Set<string>();
    for (const results of [full, quick, zooSecond]) {
      for (const mean of Object.values(results.zoo?.geomean ?? {})) for (const digits of [1, 2]) measured.add(mean.toFixed(digits));
    }
    for (const row of [...rowsOf(full), ...rowsOf(quick), ...rowsOf(zooSecond)]) {
      for (const a of Object.keys(row.timings)) {
        for (const b of Object.keys(row.timings)) {
          for (const by of ['median', 'min'] as const) {
            const r = speedup(row, a, b, by);
            for (const digits of [1, 2]) measured.add(r.toFixed(digits));
          }
        }
      }
    }
    const analysis = read('apps/bench/analysis.md');
    // Goals ("≥ 1.25× faster", "the 1.25× goal") are targets, not measurements.
    const quoted = [...analysis.matchAll(/(?<!≥ )(\d+\.\d+)×(?! goal)/g)].map((m) => m[1]!);
    expect(quoted.length).toBeGreaterThan(20);
    expect(quoted.filter((r) => !measured.has(r))).toEqual([]);
  });
});

describe('README "Performance"', () => {
  const readme = read('README.md');
  // One line: a figure may wrap.
  const section = readme.slice(readme.indexOf('## Performance'), readme.indexOf('\n## ', readme.indexOf('## Performance') + 1)).replace(/\s+/g, ' ');
  const train = full.train!.results as unknown as (Row & { batch: number; size: number })[];
  const loss = full.loss as unknown as (Row & { log2: number; floorMs: number })[];

  it('names the results it quotes', () => {
    expect(section).toContain(FULL);
  });

  it('gives the training step against tfjs-backend-wasm', () => {
    const [lo, hi] = range(train.map((r) => speedup(r, 'tfjs-wasm')), 1);
    expect(section).toContain(`${lo}-${hi}x faster than tfjs-backend-wasm`);
  });

  it('gives the training step against PyTorch at each size', () => {
    for (const size of [32, 64]) {
      const [b32, b128] = [32, 128].map((batch) => speedup(train.find((r) => r.batch === batch && r.size === size)!, 'pytorch').toFixed(2));
      expect(section).toContain(`${b32}x (b32) and ${b128}x (b128) at ${size}x${size}`);
    }
  });

  it('gives loss evaluation against tfjs-backend-wasm, and the share of the bandwidth floor', () => {
    for (const log2 of [20, 24]) {
      const [lo, hi] = range(loss.filter((r) => r.log2 === log2).map((r) => speedup(r, 'tfjs-wasm')));
      expect(section).toContain(`2^${log2}: ${lo}-${hi}x`);
    }
    const [lo, hi] = range(loss.filter((r) => r.log2 === 24).map((r) => (100 * r.floorMs) / r.timings.losskit!.median), 1);
    expect(section).toContain(`${lo}-${hi} % of the memory-bandwidth floor`);
  });

  it('gives cross-entropy against tfjs-backend-wasm, and against PyTorch interleaved and alone', () => {
    const ce = full.crossEntropy!;
    expect(section).toContain(`${ce.ratios['tfjs-wasm']!.median.toFixed(2)}x faster than tfjs-backend-wasm's softmaxCrossEntropy`);
    expect(section).toContain(`${ce.ratios.pytorch!.median.toFixed(2)}x interleaved with it and ${ce.alone.ratios.pytorch!.median.toFixed(2)}x against PyTorch's own loop`);
  });

  it('gives SSIM against the same SSIM in TensorFlow.js ops, and when it was measured', () => {
    const ssim = full.ssim!;
    expect(section).toContain(`SSIM (\`ssim()\`, 1 - SSIM and its gradient) on [${ssim.dims.join(', ')}] images (measured apart, ${ssim.date.slice(0, 10)}) is ${ssim.ratios['tfjs-wasm']!.median.toFixed(2)}x faster`);
    const analysis = read('apps/bench/analysis.md').replace(/\s+/g, ' ');
    const [losskit, tfjs] = [ssim.timings.losskit!.median, ssim.timings['tfjs-wasm']!.median];
    expect(analysis).toContain(`takes ${losskit.toFixed(0)} ms for the value and gradient of [${ssim.dims.join(', ')}] images, ${ssim.ratios['tfjs-wasm']!.median.toFixed(0)}× less`);
    expect(analysis).toContain(`tfjs-backend-wasm (${(tfjs / 1000).toFixed(1)} s)`);
  });

  it('gives the torchvision models against PyTorch: geometric means, the range, the first step, memory', () => {
    const zoo = full.zoo!;
    const rows = zoo.results as unknown as (Row & { model: string; batch: number; createMs: number; firstStepMs: number })[];
    const over = (r: Row) => r.timings.losskit!.median / r.timings.pytorch!.median;
    const means = Object.entries(zoo.geomean).map(([b, g]) => `${g.toFixed(2)}x (${b})`).join(' and ');
    expect(section).toContain(`measured apart, ${zoo.date.slice(0, 10)}`);
    expect(section).toContain(`takes ${means} PyTorch's time in geometric mean`);
    const [lo, hi] = range(rows.map(over));
    expect(section).toContain(`${lo}-${hi}x per model and batch`);
    const [first, last] = range(rows.map((r) => (r.createMs + r.firstStepMs) / 1000), 1);
    expect(section).toContain(`\`createTrainer\` plus the first step takes ${first}-${last} s`);
    const memory = zoo.memory!;
    if ('peakMiB' in memory.losskit && 'peakMiB' in memory.pytorch) {
      expect(section).toContain(`peaks at ${memory.losskit.peakMiB.toFixed(0)} MiB of resident memory against PyTorch's ${memory.pytorch.peakMiB.toFixed(0)} MiB`);
    }
  });

  it("gives Chromium's WASM training step against tfjs-backend-wasm", () => {
    const [lo, hi] = range((full.browser!.results as unknown as Row[]).map((r) => speedup(r, 'tfjs-wasm', 'ort-wasm')));
    expect(section).toContain(`${lo}-${hi}x faster than tfjs-backend-wasm's`);
  });
});

it('reads the committed results', () => {
  expect(JSON.parse(readFileSync(join(ROOT, FULL), 'utf8')).machine.cores).toBe(2);
});
