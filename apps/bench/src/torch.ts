import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Architecture } from './architecture';

const run = promisify(execFile);

/** What the PyTorch script reports for one training shape. */
export interface TorchShapeResult {
  readonly batch: number;
  readonly size: number;
  readonly timesMs: readonly number[];
  readonly firstLosses: readonly number[];
}

export interface TorchRun {
  readonly torch: string;
  readonly threads: number;
  /** BLAS libraries the PyTorch process mapped (Debian: reference BLAS or OpenBLAS behind libblas.so.3). */
  readonly blas: readonly string[];
  readonly results: readonly TorchShapeResult[];
}

/** The Python to use: `LOSSKIT_BENCH_PYTHON`, else Debian's (where python3-torch lives), else `python3`. */
async function findPython(): Promise<{ python: string } | { reason: string }> {
  const candidates = [process.env.LOSSKIT_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => Boolean(c));
  const failures: string[] = [];
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import torch, numpy'], { timeout: 60_000 });
      return { python };
    } catch (error) {
      failures.push(`${python}: ${String((error as Error).message).split('\n').find((l) => /Error|not found|ENOENT/.test(l)) ?? 'failed'}`);
    }
  }
  return { reason: `PyTorch is not installed (apt-get install python3-torch python3-numpy libopenblas0-pthread, or set LOSSKIT_BENCH_PYTHON): ${failures.join('; ')}` };
}

/** Runs the PyTorch peer on the same architecture, weights and batches; `reason` when it cannot. */
export async function runTorch(
  arch: Architecture,
  shapes: readonly { dims: readonly number[]; data: Float32Array }[],
  options: { threads: number; warmup: number; repeats: number; budgetMs: number; adam: { lr: number; betas: readonly number[]; eps: number } },
): Promise<TorchRun | { reason: string }> {
  const found = await findPython();
  if ('reason' in found) return found;
  const dir = await mkdtemp(join(tmpdir(), 'losskit-bench-'));
  try {
    const params = join(dir, 'params.bin');
    const blob = Buffer.concat(arch.params.map((p) => Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength)));
    await writeFile(params, blob);
    const shapeSpecs = await Promise.all(
      shapes.map(async (s, i) => {
        const file = join(dir, `batch-${i}.bin`);
        await writeFile(file, Buffer.from(s.data.buffer, s.data.byteOffset, s.data.byteLength));
        return { batch: file, dims: s.dims };
      }),
    );
    const spec = {
      architecture: { ...arch, params: arch.params.map((p) => ({ name: p.name, dims: p.dims })) },
      params,
      shapes: shapeSpecs,
      threads: options.threads,
      warmup: options.warmup,
      repeats: options.repeats,
      budgetMs: options.budgetMs,
      adam: options.adam,
    };
    const specFile = join(dir, 'spec.json');
    await writeFile(specFile, JSON.stringify(spec));
    const script = fileURLToPath(new URL('../python/torch_train.py', import.meta.url));
    const { stdout } = await run(found.python, [script, specFile], { timeout: 30 * 60_000, maxBuffer: 64 << 20 });
    return JSON.parse(stdout) as TorchRun;
  } catch (error) {
    return { reason: `the PyTorch run failed: ${String((error as Error).message).split('\n').slice(0, 3).join(' ')}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
