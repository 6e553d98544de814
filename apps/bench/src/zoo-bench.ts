import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bce } from '@losskit/loss-bce';
import { providerCapabilities } from '@losskit/runtime';
import { adam, createTrainer, prepareModel } from '@losskit/train';
import { variantStepper } from './ablation';
import { type Settings, ZOO_GRAPH_ADAM } from './settings';
import { type Contestant, type Repeats, type Timing, interleaved } from './stats';
import { type TorchInfo, findPython, startPythonPeer, torchInfo } from './torch';
import { batchData, zooTargets } from './train-data';
import { type ZooBrowser, benchZooInChromium } from './zoo-browser';
import { type ZooMemory, measureZooMemory } from './zoo-memory';
import { zooVariants } from './zoo-variants';

const run = promisify(execFile);

/** One model at one batch size. */
export interface ZooRow {
  readonly model: string;
  readonly batch: number;
  readonly parameters: number;
  /** Steady training step per contestant (ms): losskit, PyTorch, and the ablations. */
  readonly timings: Record<string, Timing>;
  /** `createTrainer` and losskit's first step (ms, wall), cold: a new trainer for this model and batch. */
  readonly createMs: number;
  readonly firstStepMs: number;
  /** The first two losses per contestant (Dropout masks differ between frameworks). */
  readonly firstLosses: Record<string, readonly number[]>;
  readonly skipped: Record<string, string>;
}

/** The torchvision zoo section: steady steps against PyTorch, time to the first step, memory. */
export interface ZooSection {
  readonly date: string;
  readonly loadAtStart: number;
  readonly threads: number;
  /** How the models were built and exported (torch_zoo.py's report). */
  readonly export?: { readonly numClasses: number; readonly size: number; readonly opset: number; readonly torchvision: string };
  readonly torch?: TorchInfo;
  readonly results: readonly ZooRow[];
  /** Geometric mean over the models of losskit's median step over PyTorch's, per batch size. */
  readonly geomean: Record<string, number>;
  readonly memory?: ZooMemory;
  /** The models in Chromium on wasm at batch 4 (absent in runs before it was measured). */
  readonly browser?: ZooBrowser;
  readonly skipped?: string;
}

const ADAM = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8 };
const SETTLE_MS = 30;

/** Where the exported models go: a cache beside the bench's own node_modules (never committed). */
export const ZOO_CACHE: string = fileURLToPath(new URL('../node_modules/.cache/losskit-bench-zoo', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../python/torch_zoo.py', import.meta.url));

/** Exports the models (once; the cache keeps them) and returns torch_zoo.py's report. */
async function exportZoo(python: string): Promise<{ models: string[]; numClasses: number; size: number; opset: number; torchvision: string }> {
  await mkdir(ZOO_CACHE, { recursive: true });
  const { stdout } = await run(python, [SCRIPT, 'export', ZOO_CACHE], { timeout: 600_000, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as never;
}

function bytesOf(data: Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Contestants timed together (interleaved), each with what releases it afterwards; their losses go to `losses`. */
function contestantGroup(losses: Record<string, number[]>) {
  const contestants: Contestant[] = [];
  const releases: (() => unknown)[] = [];
  return {
    /** A contestant whose step returns its loss, or its time measured where it ran and its loss. */
    add(name: string, step: () => Promise<number | { ms: number; loss: number }>, release?: () => unknown): void {
      losses[name] = [];
      contestants.push({
        name,
        run: async () => {
          const out = await step();
          losses[name]!.push(typeof out === 'number' ? out : out.loss);
          return typeof out === 'number' ? undefined : { elapsedMs: out.ms };
        },
      });
      if (release) releases.push(release);
    },
    /** Times the group interleaved, then releases every contestant. */
    async time(repeats: Repeats): Promise<Record<string, Timing>> {
      try {
        return Object.fromEntries(await interleaved(contestants, repeats));
      } finally {
        for (const release of releases) await release();
      }
    },
  };
}

/**
 * torchvision's resnet18, mobilenet_v2, squeezenet1_1, shufflenet_v2_x0_5 and efficientnet_b0
 * (exported by `python/torch_zoo.py` in training mode), BCE on logits + Adam, 3x64x64, at each
 * batch size: losskit's `createTrainer` with its defaults against PyTorch eager (same initial
 * weights and batch, a persistent subprocess, interleaved), the ablations of `zoo-variants.ts`
 * (interleaved among themselves, after the trainers are released),
 * the time from `createTrainer` to the end of the first step, and resident memory (`zoo-memory.ts`).
 */
export async function benchZoo(settings: Settings, log: (line: string) => void): Promise<ZooSection> {
  const date = new Date().toISOString();
  const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const base = { date, loadAtStart, threads: settings.threads };
  const found = await findPython();
  if ('reason' in found) return { ...base, results: [], geomean: {}, skipped: found.reason };
  log('  exporting the models (cached)');
  const exported = await exportZoo(found.python);
  const size = exported.size;
  const results: ZooRow[] = [];
  let torch: TorchInfo | undefined;
  for (const name of settings.zooModels) {
    const file = join(ZOO_CACHE, `${name}.onnx`);
    const bytes = new Uint8Array(await readFile(file));
    const batches = settings.zooBatches.map((batch) => ({ batch, input: batchData(batch, size), target: zooTargets(batch, exported.numClasses) }));
    const peer = await startPythonPeer('torch_zoo.py', settings.threads, async (dir) => {
      const shapes = await Promise.all(
        batches.map(async (b, i) => {
          const [input, target] = [join(dir, `input-${i}.bin`), join(dir, `target-${i}.bin`)];
          await writeFile(input, bytesOf(b.input.data));
          await writeFile(target, bytesOf(b.target.data));
          return { model: name, weights: join(ZOO_CACHE, `${name}.pt`), batch: b.batch, input, target };
        }),
      );
      return { shapes, adam: ADAM };
    });
    if ('ready' in peer) torch ??= torchInfo(peer.ready);
    try {
      for (const [index, b] of batches.entries()) {
        log(`  ${name} b${b.batch}`);
        const skipped: Record<string, string> = {};
        const losses: Record<string, number[]> = {};
        const group = contestantGroup(losses);
        const started = performance.now();
        const trainer = await createTrainer({ model: bytes, loss: bce({ fromLogits: true }), optimizer: adam(ADAM), provider: settings.provider, session: settings.sessionOptions });
        const created = performance.now();
        const first = await trainer.step({ input: b.input, target: b.target });
        const createMs = created - started;
        const firstStepMs = performance.now() - created;
        log(`    createTrainer ${createMs.toFixed(0)} ms, first step ${firstStepMs.toFixed(0)} ms`);
        group.add('losskit', async () => (await trainer.step({ input: b.input, target: b.target })).loss, () => trainer.release());
        losses.losskit!.push(first.loss);
        if (providerCapabilities(settings.provider).hostOptimizer) {
          const graphAdam = await createTrainer({ model: bytes, loss: bce({ fromLogits: true }), optimizer: adam(ADAM), provider: settings.provider, session: settings.sessionOptions, hostOptimizer: false });
          group.add(ZOO_GRAPH_ADAM, async () => (await graphAdam.step({ input: b.input, target: b.target })).loss, () => graphAdam.release());
        }
        if ('request' in peer) {
          group.add('pytorch', async () => {
            const reply = await peer.request(String(index));
            return { ms: Number(reply.ms), loss: Number(reply.loss) };
          });
        } else skipped.pytorch = peer.reason;
        const repeats = { warmup: 1, repeats: settings.zooRepeats, budgetMs: settings.zooBudgetMs, settleMs: SETTLE_MS };
        const timings = await group.time(repeats);
        // The ablations are timed in a group of their own, after the trainers are released, so
        // that the trainers and PyTorch are timed at b16 as at b4 (where there are no ablations):
        // with the ten bare-step sessions in their group, losskit's trainer read 0.1-0.3 more
        // times PyTorch's step at b16 (squeezenet1_1, shufflenet_v2_x0_5, two alternating pairs
        // of runs; apps/bench/analysis.md).
        if (settings.zooAblations.includes(b.batch)) {
          const ablations = contestantGroup(losses);
          for (const variant of zooVariants()) {
            const stepper = await variantStepper(prepareModel(bytes).model, bce({ fromLogits: true }), adam(ADAM), b, settings.provider, settings.sessionOptions, variant);
            ablations.add(variant.name, () => stepper.step(), () => stepper.release());
          }
          Object.assign(timings, await ablations.time(repeats));
        }
        const parameters = prepareModel(bytes).params.reduce((n, p) => n + p.data.length, 0);
        const firstLosses = Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v.slice(0, 2)]));
        const row: ZooRow = { model: name, batch: b.batch, parameters, timings, createMs, firstStepMs, firstLosses, skipped };
        const ratio = timings.pytorch ? (timings.losskit!.median / timings.pytorch.median).toFixed(2) : '—';
        log(`    losskit ${timings.losskit!.median.toFixed(1)} ms, pytorch ${timings.pytorch?.median.toFixed(1) ?? '—'} ms: ${ratio}x`);
        results.push(row);
      }
    } finally {
      if ('close' in peer) await peer.close();
    }
  }
  const geomean: Record<string, number> = {};
  for (const batch of settings.zooBatches) {
    const ratios = results.filter((r) => r.batch === batch && r.timings.pytorch).map((r) => r.timings.losskit!.median / r.timings.pytorch!.median);
    if (ratios.length > 0) geomean[`b${batch}`] = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  }
  log('  in Chromium');
  const browser = await benchZooInChromium(ZOO_CACHE, settings.zooModels, { size, classes: exported.numClasses, threads: settings.threads }, log);
  let memory: ZooMemory | undefined;
  if (settings.zooMemorySteps > 0) {
    log(`  resident memory: resnet18 b16, ${settings.zooMemorySteps} steps, losskit and PyTorch in separate processes`);
    memory = await measureZooMemory({ python: found.python, script: SCRIPT, cache: ZOO_CACHE, model: 'resnet18', batch: 16, size, classes: exported.numClasses, steps: settings.zooMemorySteps, threads: settings.threads, adam: ADAM });
  }
  return {
    ...base,
    export: { numClasses: exported.numClasses, size, opset: exported.opset, torchvision: exported.torchvision },
    ...(torch ? { torch } : {}),
    results,
    geomean,
    ...(memory ? { memory } : {}),
    browser,
  };
}
