import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { HostTensor } from '@losskit/graph';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Architecture } from './architecture';

const run = promisify(execFile);

/** What PyTorch runs with. */
export interface TorchInfo {
  readonly torch: string;
  readonly threads: number;
  /** BLAS libraries the PyTorch process mapped (Debian: reference BLAS or OpenBLAS behind libblas.so.3). */
  readonly blas: readonly string[];
  /** `cuda` when the bench runs losskit on CUDA and PyTorch has CUDA, else `cpu`. */
  readonly device: string;
}

/** A PyTorch process holding one model per shape, running a training step on request. */
export interface TorchPeer {
  readonly info: TorchInfo;
  /** One step of shape `index`: its time measured inside Python (no pipe), and its loss. */
  step(index: number): Promise<{ ms: number; loss: number }>;
  close(): Promise<void>;
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
  return {
    reason: `PyTorch is not installed (apt-get install python3-torch python3-numpy libopenblas0-pthread, or set LOSSKIT_BENCH_PYTHON): ${failures.join('; ')}`,
  };
}

function bytesOf(data: Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Starts the PyTorch peer for the given shapes (each with its model's architecture and initial
 * weights, and its batch), with `threads` intra-op threads (OpenMP and OpenBLAS pinned to the same
 * count). Resolves with `{ reason }` when PyTorch is absent or fails to start.
 */
export async function startTorch(
  shapes: readonly { arch: Architecture; batch: HostTensor }[],
  options: { threads: number; device: 'cpu' | 'cuda'; adam: { lr: number; betas: readonly number[]; eps: number } },
): Promise<TorchPeer | { reason: string }> {
  const found = await findPython();
  if ('reason' in found) return found;
  const dir = await mkdtemp(join(tmpdir(), 'losskit-bench-'));
  let child: ChildProcessWithoutNullStreams | undefined;
  try {
    const specShapes = await Promise.all(
      shapes.map(async (s, i) => {
        const params = join(dir, `params-${i}.bin`);
        const batch = join(dir, `batch-${i}.bin`);
        await writeFile(params, Buffer.concat(s.arch.params.map((p) => bytesOf(p.data))));
        await writeFile(batch, bytesOf(s.batch.data));
        return { architecture: { ...s.arch, params: s.arch.params.map((p) => ({ name: p.name, dims: p.dims })) }, params, batch, dims: s.batch.dims };
      }),
    );
    const specFile = join(dir, 'spec.json');
    await writeFile(specFile, JSON.stringify({ shapes: specShapes, threads: options.threads, device: options.device, adam: options.adam }));
    const script = fileURLToPath(new URL('../python/torch_train.py', import.meta.url));
    const threads = String(options.threads);
    child = spawn(found.python, [script, specFile], {
      env: { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads },
    });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<Record<string, unknown>> => {
      const line = await lines.next();
      if (line.done) throw new Error(`PyTorch exited: ${stderr.join('').trim().split('\n').slice(-3).join(' ')}`);
      return JSON.parse(line.value) as Record<string, unknown>;
    };
    const ready = await next();
    const proc = child;
    let queue: Promise<unknown> = Promise.resolve();
    return {
      info: { torch: String(ready.torch), threads: Number(ready.threads), blas: ready.blas as string[], device: String(ready.device) },
      step(index) {
        const result = queue.then(async () => {
          proc.stdin.write(`${index}\n`);
          const reply = await next();
          return { ms: Number(reply.ms), loss: Number(reply.loss) };
        });
        queue = result.catch(() => undefined);
        return result;
      },
      async close() {
        proc.stdin.end('quit\n');
        await new Promise((resolve) => proc.once('exit', resolve));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child?.kill();
    await rm(dir, { recursive: true, force: true });
    return { reason: `PyTorch did not start: ${String((error as Error).message).split('\n').slice(0, 3).join(' ')}` };
  }
}
