import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePng } from '../src/index';
import { loadImageFolder, readImageFolder } from '../src/node';

const root = mkdtempSync(join(tmpdir(), 'losskit-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

function solidPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set(rgb, i * 3);
  return encodePng(pixels, width, height);
}

describe('loadImageFolder', () => {
  it('reads PNG and JPEG files into NCHW random crops, ignoring other files', async () => {
    const rgba = new Uint8Array(40 * 30 * 4).fill(200);
    const dir = folder('mixed', {
      'a.png': solidPng(48, 40, [255, 0, 0]),
      'b.PNG': solidPng(33, 50, [0, 0, 255]),
      'c.jpg': new Uint8Array(jpeg.encode({ width: 40, height: 30, data: rgba }, 90).data),
      'notes.txt': 'not an image',
    });
    const { files, images } = await readImageFolder(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a.png', 'b.PNG', 'c.jpg']);
    expect(images.map((i) => i.dims)).toEqual([[3, 40, 48], [3, 50, 33], [3, 30, 40]]);

    const batch = await loadImageFolder(dir, { size: 16, crops: 30, seed: 4 });
    expect(batch.dims).toEqual([30, 3, 16, 16]);
    // Every crop is one of the three solid colors, exactly (area averaging of equal values).
    const colors = new Set<string>();
    for (let n = 0; n < 30; n++) {
      const rgb = [0, 1, 2].map((c) => batch.data[n * 768 + c * 256]!);
      for (let c = 0; c < 3; c++) for (let i = 0; i < 256; i++) expect(batch.data[n * 768 + c * 256 + i]).toBeCloseTo(rgb[c]!, 5);
      colors.add(rgb.map((v) => Math.round(v * 255)).join(','));
    }
    expect([...colors].toSorted()).toEqual(['0,0,255', '200,200,200', '255,0,0']);
    const again = await loadImageFolder(dir, { size: 16, crops: 30, seed: 4 });
    expect(again.data).toEqual(batch.data);
  });

  it('names the folder when it holds no images or does not exist', async () => {
    const empty = folder('empty', { 'readme.md': '# nothing' });
    await expect(loadImageFolder(empty)).rejects.toThrow(InvalidInputError);
    await expect(loadImageFolder(empty)).rejects.toThrow(`Invalid dir: expected a folder with .png, .jpg or .jpeg files, received ${empty}`);
    const missing = join(root, 'missing');
    await expect(loadImageFolder(missing)).rejects.toThrow(`received ${missing}. Reading it failed: ENOENT`);
  });

  it('checks its options by the names the caller wrote, before reading the folder', async () => {
    const missing = join(root, 'not-read');
    await expect(loadImageFolder(missing, { crops: 0 })).rejects.toThrow(InvalidOptionError);
    await expect(loadImageFolder(missing, { crops: 0 })).rejects.toThrow('Invalid option loadImageFolder.crops: expected a positive integer, received 0');
    await expect(loadImageFolder(missing, { count: 3 } as never)).rejects.toThrow(/loadImageFolder\.count/);
  });

  it('names the file that does not decode', async () => {
    const dir = folder('corrupt', { 'good.png': solidPng(8, 8, [1, 2, 3]), 'bad.jpg': 'plain text' });
    await expect(loadImageFolder(dir)).rejects.toThrow(`Invalid image file ${join(dir, 'bad.jpg')}: expected a PNG or JPEG image`);
  });
});
