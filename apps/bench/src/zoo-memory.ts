import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bce } from '@losskit/loss-bce';
import { adam, createTrainer } from '@losskit/train';
import { batchData, zooTargets } from './train-data';

/** Resident memory of one process training one model: its peak, and samples along the way. */
export interface ProcessMemory {
  /** Peak resident set (VmHWM; Node: `process.resourceUsage().maxRSS`), MiB. */
  readonly peakMiB: number;
  /** Resident set after the given step, MiB. */
  readonly samples: readonly { readonly step: number; readonly rssMiB: number }[];
  /** Resident set after the last sample minus after the first (the first comes after warm-up), MiB. */
  readonly growthMiB: number;
  /** The smallest and largest resident set after any step past the first sample, MiB. */
  readonly rangeMiB?: readonly [number, number];
}

/** Peak and growth of resident memory, losskit and PyTorch each alone in a fresh process. */
export interface ZooMemory {
  readonly model: string;
  readonly batch: number;
  readonly steps: number;
  readonly losskit: ProcessMemory | { readonly skipped: string };
  readonly pytorch: ProcessMemory | { readonly skipped: string };
}

/** What the child process of either framework reads. */
interface MemorySpec {
  readonly model: string;
  readonly onnx: string;
  readonly weights: string;
  readonly batch: number;
  readonly size: number;
  readonly classes: number;
  readonly steps: number;
  readonly sampleAt: readonly number[];
  readonly threads: number;
  readonly adam: { lr: number; betas: readonly number[]; eps: number };
  readonly input: string;
  readonly target: string;
}

const KIB_PER_MIB = 1024;

function toMemory(peakKiB: number, samples: readonly { step: number; rssKiB: number }[], rangeKiB: readonly [number, number]): ProcessMemory {
  const mib = samples.map((s) => ({ step: s.step, rssMiB: s.rssKiB / KIB_PER_MIB }));
  return {
    peakMiB: peakKiB / KIB_PER_MIB,
    samples: mib,
    growthMiB: mib.at(-1)!.rssMiB - mib[0]!.rssMiB,
    rangeMiB: [rangeKiB[0] / KIB_PER_MIB, rangeKiB[1] / KIB_PER_MIB],
  };
}

/** Runs `command` and resolves with the last line it printed, parsed, or a reason it failed. */
function lastJsonLine(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown> | { skipped: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as Record<string, unknown>);
      else resolve({ skipped: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}` });
    });
  });
}

/**
 * Trains `model` at `batch` for `steps` steps in two fresh processes at once — losskit
 * (`node main.js --zoo-memory-child`) and PyTorch (`torch_zoo.py memory`) — so that each
 * resident set holds one framework and one model only.
 */
export async function measureZooMemory(options: {
  python: string;
  script: string;
  cache: string;
  model: string;
  batch: number;
  size: number;
  classes: number;
  steps: number;
  threads: number;
  adam: MemorySpec['adam'];
}): Promise<ZooMemory> {
  const dir = await mkdtemp(join(tmpdir(), 'losskit-bench-memory-'));
  try {
    const input = batchData(options.batch, options.size);
    const target = zooTargets(options.batch, options.classes);
    const spec: MemorySpec = {
      model: options.model,
      onnx: join(options.cache, `${options.model}.onnx`),
      weights: join(options.cache, `${options.model}.pt`),
      batch: options.batch,
      size: options.size,
      classes: options.classes,
      steps: options.steps,
      sampleAt: [...new Set([10, 50, 100, 250, options.steps])].filter((s) => s <= options.steps).toSorted((a, b) => a - b),
      threads: options.threads,
      adam: options.adam,
      input: join(dir, 'input.bin'),
      target: join(dir, 'target.bin'),
    };
    await writeFile(spec.input, Buffer.from(input.data.buffer));
    await writeFile(spec.target, Buffer.from(target.data.buffer));
    const specFile = join(dir, 'spec.json');
    await writeFile(specFile, JSON.stringify(spec));
    const threads = String(options.threads);
    const env = { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads };
    const [node, python] = await Promise.all([
      lastJsonLine(process.execPath, [process.argv[1]!, '--zoo-memory-child', specFile], env),
      lastJsonLine(options.python, [options.script, 'memory', specFile], env),
    ]);
    const read = (r: Record<string, unknown> | { skipped: string }) =>
      'skipped' in r ? (r as { skipped: string }) : toMemory(Number(r.peakKiB), r.samples as { step: number; rssKiB: number }[], r.rangeKiB as [number, number]);
    return { model: options.model, batch: options.batch, steps: options.steps, losskit: read(node), pytorch: read(python) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * This process's peak resident set: VmHWM where /proc has it. Not `process.resourceUsage().maxRSS`:
 * Linux carries getrusage's maximum across exec, so a child spawned from a large process reports
 * that parent's resident set (the bench process's, 1.7 GB, here).
 */
async function peakResidentKiB(): Promise<number> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (match) return Number(match[1]);
  } catch {
    // No /proc: fall through.
  }
  return process.resourceUsage().maxRSS;
}

async function floats(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The losskit side of {@link measureZooMemory}: trains as a user would (`createTrainer`, `step`). */
export async function zooMemoryChild(specFile: string): Promise<void> {
  const spec = JSON.parse(await readFile(specFile, 'utf8')) as MemorySpec;
  const batch = {
    input: { data: await floats(spec.input), dims: [spec.batch, 3, spec.size, spec.size] },
    target: { data: await floats(spec.target), dims: [spec.batch, spec.classes] },
  };
  const trainer = await createTrainer({
    model: new Uint8Array(await readFile(spec.onnx)),
    loss: bce({ fromLogits: true }),
    optimizer: adam({ lr: spec.adam.lr, betas: spec.adam.betas as [number, number], eps: spec.adam.eps }),
    provider: 'cpu',
    session: { intraOpThreads: spec.threads },
  });
  const samples: { step: number; rssKiB: number }[] = [];
  const range: [number, number] = [Number.POSITIVE_INFINITY, 0];
  for (let step = 1; step <= spec.steps; step++) {
    await trainer.step(batch);
    const rssKiB = process.memoryUsage().rss / 1024;
    if (spec.sampleAt.includes(step)) samples.push({ step, rssKiB });
    if (step > spec.sampleAt[0]!) range.splice(0, 2, Math.min(range[0], rssKiB), Math.max(range[1], rssKiB));
  }
  await trainer.release();
  console.log(JSON.stringify({ peakKiB: await peakResidentKiB(), samples, rangeKiB: range }));
}
