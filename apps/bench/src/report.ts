import type { Bandwidth } from './bandwidth';
import type { BrowserSection } from './browser-bench';
import type { CrossEntropySection } from './cross-entropy-bench';
import type { Agreement } from './peers';
import type { SsimSection } from './ssim-bench';
import type { DemoResult } from './demo-bench';
import type { LossResult } from './loss-bench';
import type { MachineInfo } from './machine';
import { SECTIONS, type Settings, ZOO_BASELINE, ZOO_GRAPH_ADAM } from './settings';
import { type Timing, ratio } from './stats';
import type { TfjsWasmInfo } from './tfjs';
import type { TrainSection } from './train-bench';
import type { ZooSection } from './zoo-bench';
import type { ZooBrowser } from './zoo-browser';
import type { ProcessMemory } from './zoo-memory';

/** Everything one bench run measured: the shape of `results/<machine>.json`. */
export interface BenchResults {
  readonly machine: MachineInfo;
  readonly date: string;
  readonly settings: Settings;
  readonly bandwidth: Bandwidth;
  readonly tfjsWasm: TfjsWasmInfo;
  readonly loss: readonly LossResult[];
  crossEntropy?: CrossEntropySection;
  ssim?: SsimSection;
  train?: TrainSection;
  zoo?: ZooSection;
  browser?: BrowserSection;
  demo?: DemoResult;
  totalSeconds?: number;
}

/**
 * `previous` with the sections `current` measured replaced by `current`'s (`pnpm bench --only X
 * --merge`): a re-measured section joins the rest of an earlier run. The top-level date, machine
 * load and total time stay the earlier run's; the cross-entropy section carries its own.
 */
export function mergeResults(previous: BenchResults, current: BenchResults): BenchResults {
  const measured = new Set(current.settings.sections);
  const sections = SECTIONS.filter((s) => measured.has(s) || previous.settings.sections.includes(s));
  const merged: BenchResults = {
    ...previous,
    settings: { ...current.settings, ...previous.settings, sections },
    ...(measured.has('loss') ? { bandwidth: current.bandwidth, loss: current.loss } : {}),
  };
  if (measured.has('cross-entropy')) merged.crossEntropy = current.crossEntropy;
  if (measured.has('ssim')) merged.ssim = current.ssim;
  if (measured.has('train')) merged.train = current.train;
  if (measured.has('zoo')) merged.zoo = current.zoo;
  if (measured.has('browser')) merged.browser = current.browser;
  if (measured.has('demo')) merged.demo = current.demo;
  return merged;
}

const ms = (t: Timing | undefined) => (t ? `${fmt(t.median)} (${fmt(t.min)}–${fmt(t.max)})` : '—');

function fmt(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** `peer / losskit`: how many times faster losskit is (above 1) or slower (below 1). */
function speedup(losskit: Timing | undefined, peer: Timing | undefined): string {
  const r = ratio(peer, losskit);
  return r === undefined ? '—' : `${r.toFixed(2)}×`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function skippedNotes(skipped: Record<string, string>, seen: Set<string>): string[] {
  const notes: string[] = [];
  for (const [name, reason] of Object.entries(skipped)) {
    const line = `- ${name}: ${reason}`;
    if (!seen.has(line)) {
      seen.add(line);
      notes.push(line);
    }
  }
  return notes;
}

function lossSection(results: BenchResults): string[] {
  if (results.loss.length === 0) return [];
  const names = [...new Set(results.loss.flatMap((r) => Object.keys(r.timings)))];
  const peers = names.filter((n) => n !== 'losskit');
  const lines = [
    '## Loss evaluation: value and gradient',
    '',
    'Mean reduction, value and d loss / d prediction from float32 arrays to float32 arrays (tfjs: upload, `tf.valueAndGrad`, download). ' +
      `Times in ms: median (min–max). "× vs X" is X's median time over losskit's: above 1, losskit is faster. ` +
      `"% of floor" is the bandwidth floor's time over losskit's median (${(results.bandwidth.bytesPerSecond / 1e9).toFixed(1)} GB/s copy bandwidth, 12 bytes per element).`,
    '',
  ];
  const seen = new Set<string>();
  const notes: string[] = [];
  lines.push(
    table(
      ['loss', 'elements', ...names.map((n) => `${n} ms`), ...peers.map((p) => `× vs ${p}`), 'floor ms', '% of floor'],
      results.loss.map((r) => {
        notes.push(...skippedNotes(r.skipped, seen));
        const lk = r.timings.losskit;
        return [
          r.loss,
          `2^${r.log2} (${r.elements})`,
          ...names.map((n) => ms(r.timings[n])),
          ...peers.map((p) => speedup(lk, r.timings[p])),
          fmt(r.floorMs),
          lk ? `${((100 * r.floorMs) / lk.median).toFixed(1)} %` : '—',
        ];
      }),
    ),
  );
  if (notes.length > 0) lines.push('', 'Not measured:', '', ...notes);
  return [...lines, ''];
}

function trainSection(train: TrainSection): string[] {
  const names = [...new Set(train.results.flatMap((r) => Object.keys(r.timings)))];
  const peers = names.filter((n) => n !== 'losskit');
  const lines = [
    '## Training step: the demo autoencoder, L1 + Adam',
    '',
    `${train.model}, ${train.parameters} parameters; the same initial weights and batch in every framework, ${train.threads} threads for ONNX Runtime and PyTorch. ` +
      'Times in ms per step: median (min–max); "× vs X" is X\'s median over losskit\'s (above 1: losskit is faster); "(min)" compares the fastest steps, the better estimate on a busy machine.',
    '',
  ];
  if (train.torch) lines.push(`PyTorch ${train.torch.torch} eager on ${train.torch.device === 'cuda' ? 'CUDA' : 'the CPU'} in a persistent subprocess (each step timed inside Python, interleaved with the others), ${train.torch.threads} threads, BLAS: ${train.torch.blas.join(', ') || 'unknown'}.`, '');
  const seen = new Set<string>();
  const notes: string[] = [];
  lines.push(
    table(
      ['shape', ...names.map((n) => `${n} ms`), ...peers.flatMap((p) => [`× vs ${p}`, `× vs ${p} (min)`])],
      train.results.map((r) => {
        notes.push(...skippedNotes(r.skipped, seen));
        const lk = r.timings.losskit;
        return [
          `b${r.batch} 3x${r.size}x${r.size}`,
          ...names.map((n) => ms(r.timings[n])),
          ...peers.flatMap((p) => {
            const peer = r.timings[p];
            return [speedup(lk, peer), lk && peer ? `${(peer.min / lk.min).toFixed(2)}×` : '—'];
          }),
        ];
      }),
    ),
    '',
    'First two losses per framework (equal first losses show that the ports compute the same model):',
    '',
    ...train.results.map(
      (r) => `- b${r.batch} ${r.size}x${r.size}: ${Object.entries(r.firstLosses).map(([k, v]) => `${k} ${v.map((x) => x.toFixed(6)).join(', ')}`).join('; ')}`,
    ),
  );
  if (notes.length > 0) lines.push('', 'Not measured:', '', ...notes);
  if (train.profile) {
    const p = train.profile;
    lines.push(
      '',
      `Where losskit's step goes (ONNX Runtime's profiler, cpu, b${p.batch} ${p.size}x${p.size}, ${p.steps} steps, ${p.nodes} nodes after ONNX Runtime's graph optimisations; kernel time per step):`,
      '',
      table(
        ['operator', 'nodes', 'ms per step', '% of kernel time'],
        p.byOp.slice(0, 10).map((o) => [o.op, String(o.nodes), fmt(o.ms), `${o.percent.toFixed(1)} %`]),
      ),
      '',
      `Most expensive nodes: ${p.topNodes.map((n) => `${n.node} (${n.op}, ${n.percent.toFixed(1)} %)`).join(', ')}.`,
    );
  }
  return [...lines, ''];
}

/** A peer's time over losskit's, by medians and by fastest runs (dashes on losskit's own row). */
function versusLosskit(t: Timing | undefined, losskit: Timing | undefined, name: string): string[] {
  return [name === 'losskit' ? '—' : speedup(losskit, t), name === 'losskit' || !t || !losskit ? '—' : `${(t.min / losskit.min).toFixed(2)}×`];
}

/** What a section that times losskit against peers on the same inputs records. */
interface PeerTimings {
  readonly timings: Record<string, Timing>;
  readonly alone: { readonly timings: Record<string, Timing> };
  readonly agreement: Record<string, Agreement>;
}

/** One row per contestant: interleaved and alone times, ratios to losskit, agreement with losskit. */
function peerTable(section: PeerTimings): string {
  const lk = section.timings.losskit;
  const alone = section.alone.timings;
  return table(
    ['contestant', 'ms', '× vs losskit', '× vs losskit (min)', 'alone ms', '× alone', '× alone (min)', 'loss', 'loss rel. diff', 'gradient max abs diff'],
    Object.entries(section.timings).map(([name, t]) => {
      const a = section.agreement[name];
      return [
        name,
        ms(t),
        ...versusLosskit(t, lk, name),
        ms(alone[name]),
        ...versusLosskit(alone[name], alone.losskit, name),
        a ? a.loss.toFixed(6) : '—',
        a ? a.lossRelativeDiff.toExponential(1) : '—',
        a ? a.gradientMaxAbsDiff.toExponential(1) : '—',
      ];
    }),
  );
}

/** The same words for every peer section: how to read its table. */
const PEER_TABLE_NOTE =
  'Times in ms: median (min–max); "× vs losskit" is the contestant\'s time over losskit\'s (above 1: losskit is faster), by medians and by fastest runs; ' +
  'the contestants run interleaved, then each alone ("alone": its calls back to back, with no garbage collection between them). ' +
  'Before any timing, each contestant computed the loss and gradient of the same inputs; the last columns compare them with losskit\'s.';

function ssimSection(section: SsimSection): string[] {
  const ratio = section.ratios['tfjs-wasm'];
  return [
    '## SSIM: value and gradient',
    '',
    `\`1 - SSIM\` of float32 images [${section.dims.join(', ')}] (${section.windowSize}×${section.windowSize} Gaussian window, σ 1.5, mean over the valid positions), value and d loss / d prediction: ` +
      "losskit's `ssim()` through a reused loss session; the same SSIM written with TensorFlow.js ops (each channel as a single-channel NHWC image, one separable pair of 'valid' Gaussian `tf.conv2d`s over the five stacked maps) under `tf.valueAndGrad` on tfjs-backend-wasm (upload and download included). " +
      `${section.threads} threads for ONNX Runtime. Measured on ${section.date.slice(0, 16).replace('T', ' ')} UTC, 1-minute load average ${section.loadAtStart} at its start. ` +
      PEER_TABLE_NOTE,
    '',
    ...(ratio ? [`losskit is ${ratio.median.toFixed(2)}x faster than tfjs-backend-wasm here (medians; ${ratio.min.toFixed(2)}x by fastest runs).`, ''] : []),
    peerTable(section),
    '',
  ];
}

function crossEntropySection(section: CrossEntropySection): string[] {
  const [n, c] = section.dims;
  const lines = [
    '## Cross-entropy with class indices: value and gradient',
    '',
    `Softmax cross-entropy, mean over the batch, of float32 logits [${n}, ${c}] against int32 class indices, value and d loss / d logits: ` +
      `losskit's \`crossEntropy()\` through a reused loss session; tfjs-backend-wasm's \`tf.losses.softmaxCrossEntropy\` on one-hot labels under \`tf.valueAndGrad\` (upload and download included); ` +
      `PyTorch's \`F.cross_entropy\` forward and backward on the CPU, timed inside Python. ${section.threads} threads for ONNX Runtime and PyTorch. ` +
      `Measured on ${section.date.slice(0, 16).replace('T', ' ')} UTC, 1-minute load average ${section.loadAtStart} at its start. ` +
      PEER_TABLE_NOTE +
      " PyTorch's alone run is one Python loop.",
    '',
  ];
  if (section.torch) lines.push(`PyTorch ${section.torch.torch} on the CPU, ${section.torch.threads} threads, BLAS: ${section.torch.blas.join(', ') || 'unknown'}.`, '');
  lines.push(peerTable(section));
  const notes = Object.entries(section.skipped).map(([k, v]) => `- ${k}: ${v}`);
  if (notes.length > 0) lines.push('', 'Not measured:', '', ...notes);
  return [...lines, ''];
}

/** Growth and peak of one process's resident memory, or why it was not measured. */
function memoryCell(m: ProcessMemory | { readonly skipped: string }): string {
  if ('skipped' in m) return `not measured: ${m.skipped}`;
  const range = m.rangeMiB ? `; ${m.rangeMiB[0].toFixed(0)}–${m.rangeMiB[1].toFixed(0)} MiB after every step past step ${m.samples[0]!.step}` : '';
  return `peak ${m.peakMiB.toFixed(0)} MiB; ${m.samples.map((s) => `${s.rssMiB.toFixed(0)}`).join(' → ')} MiB after steps ${m.samples.map((s) => s.step).join(', ')} (growth ${m.growthMiB.toFixed(0)} MiB)${range}`;
}

function zooSection(zoo: ZooSection): string[] {
  const lines = [
    '## Training step: torchvision models exported from PyTorch',
    '',
    `torchvision ${zoo.export?.torchvision ?? ''} resnet18, mobilenet_v2, squeezenet1_1, shufflenet_v2_x0_5 and efficientnet_b0 ` +
      `(random initial weights, ${zoo.export?.numClasses ?? '?'} classes; efficientnet_b0 without stochastic depth, which \`torch.onnx.export\` cannot write in training mode), ` +
      `exported by \`torch.onnx.export\` in training mode (opset ${zoo.export?.opset ?? '?'}) and trained from the \`.onnx\` file with \`createTrainer\`'s defaults: ` +
      `BCE on logits against multi-label targets, Adam (lr 1e-3), 3x${zoo.export?.size ?? 64}x${zoo.export?.size ?? 64} images, batch statistics in BatchNorm. ` +
      `PyTorch trains the same model with the same initial weights and batch in eager mode, in a persistent subprocess, each step timed inside Python and interleaved with losskit's. ` +
      `${zoo.threads} threads for ONNX Runtime and PyTorch. Measured on ${zoo.date.slice(0, 16).replace('T', ' ')} UTC, 1-minute load average ${zoo.loadAtStart} at its start.`,
    '',
  ];
  if (zoo.skipped) return [...lines, `Not measured: ${zoo.skipped}`, ''];
  if (zoo.torch) lines.push(`PyTorch ${zoo.torch.torch} eager on the CPU, ${zoo.torch.threads} threads, BLAS: ${zoo.torch.blas.join(', ') || 'unknown'}.`, '');
  const names = [...new Set(zoo.results.flatMap((r) => Object.keys(r.timings)))];
  const ablations = names.filter((n) => n !== 'losskit' && n !== 'pytorch' && n !== ZOO_BASELINE);
  lines.push(
    "Times in ms per step: median (min–max). \"losskit / pytorch\" is losskit's median step over PyTorch's (below 1: losskit is faster; the issue's goal is at most 1 in geometric mean and 1.5 for every model); " +
      '"first step" is `createTrainer` plus the first `step` (graph building, ONNX Runtime session, first run), cold, per model and batch size. ' +
      `An ablation is losskit's step with one of its choices undone, run as a bare step (no trainer around it, Adam in the step graph); its column is its median over that of the bare step with nothing undone ("${ZOO_BASELINE}", above 1: the choice made the step faster); the ablations are timed interleaved among themselves, after the trainers and PyTorch. ` +
      `"${ZOO_GRAPH_ADAM}" is a whole trainer step with \`hostOptimizer: false\`, over losskit's trainer step.`,
    '',
    table(
      ['model', 'batch', 'parameters', 'losskit ms', 'pytorch ms', 'losskit / pytorch', 'losskit / pytorch (min)', 'first step ms', ...ablations],
      zoo.results.map((r) => {
        const lk = r.timings.losskit;
        const pt = r.timings.pytorch;
        return [
          r.model,
          String(r.batch),
          `${(r.parameters / 1e6).toFixed(2)} M`,
          ms(lk),
          ms(pt),
          lk && pt ? `${(lk.median / pt.median).toFixed(2)}×` : '—',
          lk && pt ? `${(lk.min / pt.min).toFixed(2)}×` : '—',
          `${fmt(r.createMs + r.firstStepMs)} (${fmt(r.createMs)} + ${fmt(r.firstStepMs)})`,
          ...ablations.map((a) => {
            const base = r.timings[a === ZOO_GRAPH_ADAM ? 'losskit' : ZOO_BASELINE];
            return r.timings[a] && base ? `${(r.timings[a]!.median / base.median).toFixed(2)}×` : '—';
          }),
        ];
      }),
    ),
    '',
    `Geometric mean of losskit / pytorch over the five models: ${Object.entries(zoo.geomean).map(([b, g]) => `${g.toFixed(2)}× (${b})`).join(', ')}.`,
    '',
    'First two losses per framework (the Dropout masks of mobilenet_v2 and efficientnet_b0 differ between the frameworks; elsewhere equal first losses show the same model, weights and batch):',
    '',
    ...zoo.results.map((r) => `- ${r.model} b${r.batch}: ${Object.entries(r.firstLosses).filter(([k]) => k === 'losskit' || k === 'pytorch').map(([k, v]) => `${k} ${v.map((x) => x.toFixed(6)).join(', ')}`).join('; ')}`),
  );
  if (zoo.memory) {
    const m = zoo.memory;
    const peakRatio = 'peakMiB' in m.losskit && 'peakMiB' in m.pytorch ? ` losskit's peak is ${(m.losskit.peakMiB / m.pytorch.peakMiB).toFixed(2)} times PyTorch's (goal: at most 2).` : '';
    lines.push(
      '',
      `Resident memory of ${m.model} training at batch ${m.batch}, ${m.steps} steps, each framework alone in a fresh process (peak: VmHWM of /proc/self/status; after a step: Node's \`process.memoryUsage().rss\`, Python's VmRSS):${peakRatio}`,
      '',
      `- losskit: ${memoryCell(m.losskit)}`,
      `- pytorch: ${memoryCell(m.pytorch)}`,
    );
  }
  if (zoo.browser) lines.push('', ...zooBrowserLines(zoo.browser));
  const notes = [...new Set(zoo.results.flatMap((r) => Object.entries(r.skipped).map(([k, v]) => `- ${k}: ${v}`)))];
  if (notes.length > 0) lines.push('', 'Not measured:', '', ...notes);
  return [...lines, ''];
}

/** The zoo in Chromium on wasm: first steps and steady steps per variant. */
function zooBrowserLines(browser: ZooBrowser): string[] {
  const intro = `In ${browser.chromium ?? 'Chromium'} (headless) on onnxruntime-web's wasm provider with ${browser.threads} threads, batch 4, the same models and loss: \`createTrainer\` plus the first step (s, one per trainer) and the median steady step (ms). "ONNX Runtime graph optimisations" opens the step sessions at \`graphOptimization: 'all'\`, which the wasm record's \`trainingStepOptimization\` (\`'disabled'\`) turns off by default. Each round opens one trainer per variant, then times their steady steps interleaved (two untimed steps first).`;
  if (browser.rows.length === 0) return [intro, '', `Not measured: ${browser.skipped ?? 'no results'}`];
  const variants = [...new Set(browser.rows.flatMap((r) => Object.keys(r.firstStepMs)))];
  return [
    intro,
    '',
    table(
      ['model', ...variants.flatMap((v) => [`${v}: first step s`, `${v}: step ms`])],
      browser.rows.map((r) => [r.model, ...variants.flatMap((v) => [(r.firstStepMs[v] ?? []).map((x) => (x / 1000).toFixed(2)).join(', ') || '—', r.stepMs[v]?.toFixed(1) ?? '—'])]),
    ),
  ];
}

function browserSection(browser: BrowserSection): string[] {
  const lines = ['## Training step in Chromium', '', browser.note, ''];
  if (browser.results.length === 0) return [...lines, `Not measured: ${browser.skipped ?? 'no results'}`, ''];
  const names = [...new Set(browser.results.flatMap((r) => Object.keys(r.timings)))];
  lines.push(
    table(
      ['shape', ...names.map((n) => `${n} ms`), '× ort-wasm vs tfjs-wasm', '× ort-webgpu vs tfjs-webgpu'],
      browser.results.map((r) => [
        `b${r.batch} 3x${r.size}x${r.size}`,
        ...names.map((n) => ms(r.timings[n])),
        speedup(r.timings['ort-wasm'], r.timings['tfjs-wasm']),
        speedup(r.timings['ort-webgpu'], r.timings['tfjs-webgpu']),
      ]),
    ),
  );
  const notes = Object.entries(browser.skippedContestants ?? {}).map(([k, v]) => `- ${k}: ${v}`);
  if (notes.length > 0) lines.push('', 'Not measured:', '', ...notes);
  return [...lines, ''];
}

/**
 * BENCHMARKS.md for one run: setup, then one table of times and ratios per section, then
 * `analysis` (hand-written notes on what limits the numbers, from apps/bench/analysis.md).
 */
export function renderMarkdown(results: BenchResults, files: { json: string; plot: string | undefined }, analysis?: string): string {
  const m = results.machine;
  const busy = m.loadAtStart > m.cores;
  const lines = [
    '# losskit benchmarks',
    '',
    `Generated by \`pnpm bench${results.settings.quick ? ' --quick' : ''}${results.settings.provider === 'cpu' ? '' : ` --provider ${results.settings.provider}`}\` on ${results.date.slice(0, 16).replace('T', ' ')} UTC; raw numbers in [\`${files.json}\`](${files.json}). ` +
      'See the README of apps/bench for what each contestant does and how to reproduce the numbers (GPU included).',
    '',
    `Machine \`${m.name}\`: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}; 1-minute load average ${m.loadAtStart} at the start.` +
      (busy
        ? ' **This machine was shared and busy during the run** (load above the core count): absolute times are inflated and noisy; the ratios, measured interleaved in one run, are what to read.'
        : ''),
    `losskit provider \`${results.settings.provider}\`; TensorFlow.js ${results.tfjsWasm.version}, wasm backend with SIMD ${results.tfjsWasm.simd ? 'on' : 'off'}, ${results.tfjsWasm.threads} thread(s).`,
    '',
    ...lossSection(results),
  ];
  if (files.plot) lines.push(`![l1 throughput against size](${files.plot})`, '');
  if (results.crossEntropy) lines.push(...crossEntropySection(results.crossEntropy));
  if (results.ssim) lines.push(...ssimSection(results.ssim));
  if (results.train) lines.push(...trainSection(results.train));
  if (results.zoo) lines.push(...zooSection(results.zoo));
  if (results.browser) lines.push(...browserSection(results.browser));
  if (results.demo) {
    lines.push(
      '## `pnpm demo`',
      '',
      results.demo.seconds !== undefined
        ? `The whole default demo (${results.demo.command}) took ${results.demo.seconds.toFixed(1)} s of wall time` +
            (results.demo.date ? ` (measured on ${results.demo.date.slice(0, 16).replace('T', ' ')} UTC, 1-minute load average ${results.demo.loadAtStart} at its start).` : '.')
        : `Not measured: ${results.demo.skipped}`,
      '',
    );
  }
  if (results.totalSeconds !== undefined) lines.push(`The bench itself took ${results.totalSeconds.toFixed(0)} s.`, '');
  if (analysis) lines.push(analysis.trim(), '');
  return lines.join('\n');
}
