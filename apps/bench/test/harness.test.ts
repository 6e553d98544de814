// The bench's own logic (statistics, argument parsing, report rendering): no timing is asserted.
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/args';
import { floorMs } from '../src/bandwidth';
import { jsLoss } from '../src/js-losses';
import { mergeResults, renderMarkdown, type BenchResults } from '../src/report';
import { defaultSettings } from '../src/settings';
import { interleaved, ratio, summarize } from '../src/stats';

describe('statistics', () => {
  it('summarizes min, median and max (even and odd counts)', () => {
    expect(summarize([5, 1, 3])).toEqual({ min: 1, median: 3, max: 5, n: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4, n: 4 });
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('runs contestants interleaved in rotated order, preparing each untimed', async () => {
    const order: string[] = [];
    const timings = await interleaved(
      [
        { name: 'a', prepare: () => order.push('prep-a'), run: () => order.push('a') },
        { name: 'b', run: () => order.push('b') },
      ],
      { warmup: 1, repeats: 3 },
    );
    expect(order).toEqual(['prep-a', 'a', 'b', 'prep-a', 'a', 'b', 'b', 'prep-a', 'a', 'prep-a', 'a', 'b']);
    expect(timings.get('a')!.n).toBe(3);
    expect(ratio({ min: 1, median: 4, max: 5, n: 3 }, { min: 1, median: 2, max: 3, n: 3 })).toBe(2);
  });

  it('waits settleMs before each timed run without charging the wait to anyone', async () => {
    const start = performance.now();
    const timings = await interleaved([{ name: 'instant', run: () => undefined }], { warmup: 0, repeats: 3, settleMs: 40 });
    expect(performance.now() - start).toBeGreaterThanOrEqual(3 * 40 - 5);
    expect(timings.get('instant')!.max).toBeLessThan(20);
  });

  it('collects garbage before each timed run when asked and the process exposes gc', async () => {
    const calls: string[] = [];
    const saved = (globalThis as { gc?: () => void }).gc;
    (globalThis as { gc?: () => void }).gc = () => calls.push('gc');
    try {
      await interleaved([{ name: 'a', run: () => calls.push('a') }], { warmup: 1, repeats: 3, collectGarbage: true });
    } finally {
      (globalThis as { gc?: () => void }).gc = saved;
    }
    expect(calls).toEqual(['a', 'gc', 'a', 'gc', 'a', 'gc', 'a']);
  });
});

describe('arguments', () => {
  it('parses --quick, --provider, --threads and --only', () => {
    const { settings } = parseBenchArgs(['--quick', '--provider', 'webgpu', '--threads', '3', '--only', 'loss,train']);
    expect(settings).toMatchObject({ quick: true, provider: 'webgpu', threads: 3, sections: ['loss', 'train'] });
  });

  it('parses the cross-entropy section and --merge; quick runs include the section', () => {
    const args = parseBenchArgs(['--only', 'cross-entropy', '--merge']);
    expect(args.settings.sections).toEqual(['cross-entropy']);
    expect(args.merge).toBe(true);
    expect(parseBenchArgs([]).merge).toBe(false);
    expect(defaultSettings(true, 'cpu', 2).sections).toEqual(['loss', 'cross-entropy', 'ssim', 'train', 'browser']);
  });

  it('parses the zoo section, its models and memory steps; quick and full defaults', () => {
    const { settings } = parseBenchArgs(['--only', 'zoo', '--zoo-models', 'squeezenet1_1,resnet18', '--zoo-memory-steps', '0']);
    expect(settings).toMatchObject({ sections: ['zoo'], zooModels: ['squeezenet1_1', 'resnet18'], zooMemorySteps: 0, zooBatches: [4, 16] });
    expect(defaultSettings(false, 'cpu', 2).sections).toContain('zoo');
    expect(() => parseBenchArgs(['--zoo-models', 'vgg16'])).toThrow(/--zoo-models: unknown model\(s\) vgg16/);
    expect(() => parseBenchArgs(['--zoo-memory-steps=-1'])).toThrow(/--zoo-memory-steps: expected a non-negative integer, received "-1"/);
    expect(() => parseBenchArgs(['--zoo-memory-steps', '5'])).toThrow(/--zoo-memory-steps: expected 0 \(no measurement\) or more than 10, received 5/);
    expect(parseBenchArgs(['--zoo-memory-steps', '11']).settings.zooMemorySteps).toBe(11);
  });

  it('refuses unknown providers and sections, naming the flag', () => {
    expect(() => parseBenchArgs(['--provider', 'tpu'])).toThrow(/--provider: expected one of cpu, webgpu, cuda, received "tpu"/);
    expect(() => parseBenchArgs(['--only', 'loss,nope'])).toThrow(/--only: unknown section\(s\) nope/);
  });
});

describe('the plain JavaScript losses', () => {
  it('compute the mean loss and its gradient (hand-computed values)', () => {
    const p = Float32Array.of(0.5, -1, 2, 0);
    const t = Float32Array.of(0, 0, 2, 1);
    const grad = new Float32Array(4);
    expect(jsLoss('l1', p, t, grad)).toBeCloseTo((0.5 + 1 + 0 + 1) / 4, 6);
    expect(Array.from(grad)).toEqual([0.25, -0.25, 0, -0.25]);
    expect(jsLoss('mse', p, t, grad)).toBeCloseTo((0.25 + 1 + 0 + 1) / 4, 6);
    expect(Array.from(grad)).toEqual([0.25, -0.5, 0, -0.5]);
  });
});

const t = (median: number) => ({ min: median, median, max: median, n: 3 });
const agreed = (loss: number, diff: number) => ({ loss, lossRelativeDiff: 0, gradientMaxAbsDiff: diff, gradientRelativeDiff: 0 });

describe('the report', () => {
  it('renders ratio tables from a results object and flags a busy machine', () => {
    const bandwidth = { bytesPerSecond: 12e9, bufferBytes: 1 };
    const results: BenchResults = {
      machine: { name: 'test', cpu: 'cpu', cores: 2, memoryGiB: 8, node: 'v20', loadAtStart: 6 },
      date: '2026-01-01T00:00:00.000Z',
      settings: defaultSettings(true, 'cpu', 2),
      bandwidth,
      tfjsWasm: { simd: true, threads: 1, version: '4.22.0' },
      loss: [{ loss: 'l1', log2: 20, elements: 2 ** 20, dims: [1, 2 ** 20], floorMs: floorMs(bandwidth, 2 ** 20), timings: { losskit: t(2), 'tfjs-wasm': t(6) }, skipped: {} }],
    };
    const md = renderMarkdown(results, { json: 'results/test.json', plot: undefined });
    expect(md).toContain('shared and busy');
    expect(md).toContain('| l1 | 2^20 (1048576) | 2.00 (2.00–2.00) | 6.00 (6.00–6.00) | 3.00× |');
  });

  const base: BenchResults = {
    machine: { name: 'test', cpu: 'cpu', cores: 2, memoryGiB: 8, node: 'v20', loadAtStart: 0.5 },
    date: '2026-01-01T00:00:00.000Z',
    settings: { ...defaultSettings(false, 'cpu', 2), sections: ['loss', 'demo'] },
    bandwidth: { bytesPerSecond: 12e9, bufferBytes: 1 },
    tfjsWasm: { simd: true, threads: 1, version: '4.22.0' },
    loss: [{ loss: 'l1', log2: 20, elements: 2 ** 20, dims: [1, 2 ** 20], floorMs: 1, timings: { losskit: t(2) }, skipped: {} }],
    demo: { command: 'demo', seconds: 40 },
    totalSeconds: 500,
  };
  const crossEntropy = {
    dims: [4096, 1000] as [number, number],
    threads: 2,
    date: '2026-01-02T10:00:00.000Z',
    loadAtStart: 0.3,
    agreement: { losskit: agreed(7.25, 0), 'tfjs-wasm': agreed(7.25, 1e-9) },
    timings: { losskit: t(10), 'tfjs-wasm': t(30) },
    ratios: { 'tfjs-wasm': { median: 3, min: 3 } },
    alone: { timings: { losskit: t(8), 'tfjs-wasm': t(32) }, ratios: { 'tfjs-wasm': { median: 4, min: 4 } } },
    skipped: { pytorch: 'PyTorch is not installed' },
  };

  it('merges a re-measured section into an earlier run, keeping the other sections and that run\'s date', () => {
    const current: BenchResults = { ...base, date: '2026-01-02T10:00:00.000Z', settings: { ...base.settings, sections: ['cross-entropy'] }, loss: [], crossEntropy, totalSeconds: 20 };
    delete current.demo;
    const merged = mergeResults(base, current);
    expect(merged.loss).toBe(base.loss);
    expect(merged.demo).toBe(base.demo);
    expect(merged.crossEntropy).toBe(crossEntropy);
    expect(merged.date).toBe(base.date);
    expect(merged.totalSeconds).toBe(500);
    expect(merged.settings.sections).toEqual(['loss', 'cross-entropy', 'demo']);
  });

  it('renders the zoo section: losskit over PyTorch, first step, ablations, geometric mean, memory', () => {
    const row = (model: string, losskit: number, pytorch: number) => ({
      model,
      batch: 4,
      parameters: 2e6,
      timings: { losskit: t(losskit), pytorch: t(pytorch), 'bare step, defaults': t(losskit / 2), 'ablation: x': t(losskit) },
      createMs: 100,
      firstStepMs: 900,
      firstLosses: { losskit: [0.7, 0.69], pytorch: [0.7, 0.68] },
      skipped: {},
    });
    const memory = (peakMiB: number) => ({ peakMiB, samples: [{ step: 10, rssMiB: 100 }, { step: 500, rssMiB: 104 }], growthMiB: 4, rangeMiB: [98, 140] as const });
    const zoo = {
      date: '2026-01-02T10:00:00.000Z',
      loadAtStart: 0.3,
      threads: 2,
      export: { numClasses: 10, size: 64, opset: 17, torchvision: '0.14.1' },
      results: [row('resnet18', 30, 20), row('mobilenet_v2', 10, 20)],
      geomean: { b4: Math.sqrt(1.5 * 0.5) },
      memory: { model: 'resnet18', batch: 16, steps: 500, losskit: memory(300), pytorch: memory(200) },
    };
    const md = renderMarkdown({ ...base, zoo }, { json: 'results/test.json', plot: undefined });
    expect(md).toContain('| resnet18 | 4 | 2.00 M | 30.0 (30.0–30.0) | 20.0 (20.0–20.0) | 1.50× | 1.50× | 1000 (100 + 900) | 2.00× |');
    expect(md).toContain('Geometric mean of losskit / pytorch over the five models: 0.87× (b4).');
    expect(md).toContain("losskit's peak is 1.50 times PyTorch's");
    expect(md).toContain('- losskit: peak 300 MiB; 100 → 104 MiB after steps 10, 500 (growth 4 MiB); 98–140 MiB after every step past step 10');
  });

  it('renders the cross-entropy section: times, ratios, agreement, what was not measured', () => {
    const md = renderMarkdown({ ...base, crossEntropy }, { json: 'results/test.json', plot: undefined });
    expect(md).toContain('## Cross-entropy with class indices: value and gradient');
    expect(md).toContain('Measured on 2026-01-02 10:00 UTC, 1-minute load average 0.3 at its start.');
    expect(md).toContain('| losskit | 10.0 (10.0–10.0) | — | — | 8.00 (8.00–8.00) | — | — | 7.250000 | 0.0e+0 | 0.0e+0 |');
    expect(md).toContain('| tfjs-wasm | 30.0 (30.0–30.0) | 3.00× | 3.00× | 32.0 (32.0–32.0) | 4.00× | 4.00× | 7.250000 | 0.0e+0 | 1.0e-9 |');
    expect(md).toContain('- pytorch: PyTorch is not installed');
  });
});
