/**
 * @losskit/train for Node.js: everything of the main entry, plus checkpoint files that survive a
 * crash mid-write.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError, describeValue } from '@losskit/core';
import type { Trainer } from './trainer-types';

export * from './index';

function checkPath(path: unknown): string {
  if (typeof path !== 'string' || path === '') throw new InvalidInputError('path', 'a file path (a non-empty string)', describeValue(path));
  return path;
}

/**
 * Writes `bytes` to `path` so that `path` always holds either its previous content or all of
 * `bytes`: the data goes to a temporary file beside it, is flushed to disk, then renamed over
 * `path` (an atomic replace on POSIX file systems and on NTFS). A crash or kill mid-write leaves
 * the previous file intact and at worst a `.<name>.<random>.tmp` file beside it.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const target = checkPath(path);
  if (!(bytes instanceof Uint8Array)) throw new InvalidInputError('bytes', 'a Uint8Array', describeValue(bytes));
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Saves the trainer's checkpoint (parameters, optimizer state, step count) to `path`, atomically. */
export async function saveCheckpointFile(trainer: Trainer, path: string): Promise<void> {
  checkPath(path);
  await writeFileAtomic(path, await trainer.saveCheckpoint());
}

/** Restores a checkpoint file written by {@link saveCheckpointFile} (or `saveCheckpoint`). */
export async function loadCheckpointFile(trainer: Trainer, path: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(checkPath(path)));
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as { code?: string }).code ?? String(error);
    throw new InvalidInputError('path', 'a readable checkpoint file', JSON.stringify(path), `Reading it failed: ${code}`);
  }
  await trainer.loadCheckpoint(bytes);
}
