// A crash mid-write must leave the previous checkpoint intact: a child process saves 32 MiB
// checkpoints in a loop and is killed (SIGKILL) as soon as a temporary file shows up.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { l1 } from '@losskit/loss-l1';
import { createTrainer, loadCheckpointFile, sgd } from '@losskit/train/node';
import { afterAll, expect, it } from 'vitest';
import { BIG_SIZE, bigLinearModel } from './support/big-model';
import { runTs } from './support/child';

const folder = mkdtempSync(join(tmpdir(), 'losskit-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Starts the writer, waits for its first complete checkpoint, then kills it mid-write. */
async function killMidWrite(path: string): Promise<{ lastSaved: number; partial: number | undefined }> {
  const { child, done } = runTs('../children/checkpoint-writer.ts', [path]);
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const saved = () => [...stdout.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
  const deadline = Date.now() + 60_000;
  while (saved().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  let temporary: string | undefined;
  while (!temporary && Date.now() < deadline) {
    temporary = readdirSync(folder).find((f) => f.endsWith('.tmp'));
    if (!temporary) await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGKILL');
  const { signal } = await done;
  expect(signal).toBe('SIGKILL');
  const left = readdirSync(folder).find((f) => f.endsWith('.tmp'));
  const partial = left ? statSync(join(folder, left)).size : undefined;
  if (left) rmSync(join(folder, left));
  return { lastSaved: Math.max(...saved()), partial };
}

it('a checkpoint killed mid-write leaves the previous checkpoint intact', async () => {
  const path = join(folder, 'run.onnx');
  const trainer = await createTrainer({ model: bigLinearModel(BIG_SIZE), loss: l1(), optimizer: sgd({ lr: 1 }), provider: 'cpu' });
  const full = 4 * BIG_SIZE;
  let killedMidWrite = 0;
  for (let attempt = 0; attempt < 3 && killedMidWrite === 0; attempt++) {
    const { lastSaved, partial } = await killMidWrite(path);
    if (partial !== undefined && partial < full) killedMidWrite++;
    // Whatever the moment of the kill, the file is a complete checkpoint: the last one reported,
    // or the next one if its rename landed just before the kill.
    expect(statSync(path).size).toBeGreaterThan(full);
    await loadCheckpointFile(trainer, path);
    expect([lastSaved, lastSaved + 1]).toContain(trainer.learningRate);
    expect((await trainer.parameters()).w!.length).toBe(BIG_SIZE);
  }
  // At least one kill interrupted a write (a partial temporary file was left behind).
  expect(killedMidWrite).toBeGreaterThan(0);
  await trainer.release();
});
