import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
export async function findPython(): Promise<{ python: string } | { reason: string }> {
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

/** A persistent Python process of apps/bench/python: one JSON line per request line. */
export interface PythonPeer {
  /** The first line it printed (what it runs with). */
  readonly ready: Record<string, unknown>;
  /** Sends one request line and resolves with the reply; requests are queued. */
  request(line: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function torchInfo(ready: Record<string, unknown>): TorchInfo {
  return { torch: String(ready.torch), threads: Number(ready.threads), blas: ready.blas as string[], device: String(ready.device) };
}

/**
 * Starts `python/<script>` on a spec file (`spec(dir)` writes its input files into a temporary
 * folder and returns the spec), with `threads` intra-op threads (OpenMP and OpenBLAS pinned to
 * the same count), and waits for its ready line. Resolves with `{ reason }` when PyTorch is
 * absent or the script fails to start.
 */
export async function startPythonPeer(script: string, threads: number, spec: (dir: string) => Promise<Record<string, unknown>>): Promise<PythonPeer | { reason: string }> {
  const found = await findPython();
  if ('reason' in found) return found;
  const dir = await mkdtemp(join(tmpdir(), 'losskit-bench-'));
  let child: ChildProcessWithoutNullStreams | undefined;
  try {
    const specFile = join(dir, 'spec.json');
    await writeFile(specFile, JSON.stringify({ ...(await spec(dir)), threads }));
    const path = fileURLToPath(new URL(`../python/${script}`, import.meta.url));
    const count = String(threads);
    child = spawn(found.python, [path, specFile], {
      env: { ...process.env, OMP_NUM_THREADS: count, OPENBLAS_NUM_THREADS: count, MKL_NUM_THREADS: count },
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
      ready,
      request(line) {
        const result = queue.then(async () => {
          proc.stdin.write(`${line}\n`);
          return next();
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

/**
 * Starts the PyTorch training peer for the given shapes (each with its model's architecture and
 * initial weights, and its batch). Resolves with `{ reason }` when PyTorch is absent or fails to start.
 */
export async function startTorch(
  shapes: readonly { arch: Architecture; batch: HostTensor }[],
  options: { threads: number; device: 'cpu' | 'cuda'; adam: { lr: number; betas: readonly number[]; eps: number } },
): Promise<TorchPeer | { reason: string }> {
  const peer = await startPythonPeer('torch_train.py', options.threads, async (dir) => {
    const specShapes = await Promise.all(
      shapes.map(async (s, i) => {
        const params = join(dir, `params-${i}.bin`);
        const batch = join(dir, `batch-${i}.bin`);
        await writeFile(params, Buffer.concat(s.arch.params.map((p) => bytesOf(p.data))));
        await writeFile(batch, bytesOf(s.batch.data));
        return { architecture: { ...s.arch, params: s.arch.params.map((p) => ({ name: p.name, dims: p.dims })) }, params, batch, dims: s.batch.dims };
      }),
    );
    return { shapes: specShapes, device: options.device, adam: options.adam };
  });
  if ('reason' in peer) return peer;
  return {
    info: torchInfo(peer.ready),
    async step(index) {
      const reply = await peer.request(String(index));
      return { ms: Number(reply.ms), loss: Number(reply.loss) };
    },
    close: () => peer.close(),
  };
}

/** PyTorch's `F.cross_entropy` on fixed logits and class indices, forward and backward on request. */
export interface TorchCrossEntropy {
  readonly info: TorchInfo;
  /** Forward and backward once: the time measured inside Python (no pipe), and the loss. */
  run(): Promise<{ ms: number; loss: number }>;
  /** `count` forward and backward passes back to back in Python, with nothing between them: each one's time. */
  runs(count: number): Promise<number[]>;
  /** Forward and backward once, untimed: the loss and d loss / d logits. */
  check(): Promise<{ loss: number; gradient: Float32Array }>;
  close(): Promise<void>;
}

/**
 * Starts the PyTorch cross-entropy peer (`python/torch_cross_entropy.py`, on the CPU) on
 * `logits` `[N, C]` and class indices `labels` `[N]`. Resolves with `{ reason }` when PyTorch is
 * absent or fails to start.
 */
export async function startTorchCrossEntropy(logits: HostTensor, labels: Int32Array, threads: number): Promise<TorchCrossEntropy | { reason: string }> {
  let gradientFile = '';
  const peer = await startPythonPeer('torch_cross_entropy.py', threads, async (dir) => {
    const [logitsFile, labelsFile] = [join(dir, 'logits.bin'), join(dir, 'labels.bin')];
    gradientFile = join(dir, 'gradient.bin');
    await writeFile(logitsFile, bytesOf(logits.data));
    await writeFile(labelsFile, Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength));
    return { logits: logitsFile, labels: labelsFile, dims: logits.dims };
  });
  if ('reason' in peer) return peer;
  return {
    info: torchInfo(peer.ready),
    async run() {
      const reply = await peer.request('run');
      return { ms: Number(reply.ms), loss: Number(reply.loss) };
    },
    async runs(count) {
      const reply = await peer.request(`run ${count}`);
      return reply.ms as number[];
    },
    async check() {
      const reply = await peer.request(`check ${gradientFile}`);
      const bytes = await readFile(gradientFile);
      return { loss: Number(reply.loss), gradient: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
    },
    close: () => peer.close(),
  };
}
