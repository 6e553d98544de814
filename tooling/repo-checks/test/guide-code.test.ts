// The plugin guide's contract-v2 examples run as written: each `ts` block of "Class indices,
// extra inputs, no target" is written to a module and imported, and its plugin's graph (on
// onnxruntime-node) and float64 reference agree with values computed by hand here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LossPlugin, referenceLoss } from '@losskit/core';
import { computeLoss, releaseAll } from '@losskit/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { read } from './workspace';

const GENERATED = fileURLToPath(new URL('./.guide/', import.meta.url));

function blocks(section: string): string[] {
  const body = read('docs/writing-a-plugin.md').split(/^## /m).find((s) => s.startsWith(section));
  if (!body) throw new Error(`no "## ${section}" section`);
  return [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function load(name: string, code: string): Promise<Record<string, () => LossPlugin<unknown>>> {
  mkdirSync(GENERATED, { recursive: true });
  const file = join(GENERATED, `${name}.ts`);
  writeFileSync(file, code);
  return import(/* @vite-ignore */ file);
}

afterAll(() => releaseAll());

describe('docs/writing-a-plugin.md, contract v2', () => {
  const [hinge, gap] = blocks('Class indices, extra inputs, no target');

  it('the class-index example computes the multi-class hinge', async () => {
    const { classHinge } = await load('class-hinge', hinge!);
    const prediction = { data: [2, 0.5, -1, 0, 0, 3], dims: [2, 3] };
    const target = { data: Int32Array.of(0, 1), dims: [2] };
    // Row 0, y = 0: max(0, 1 + 0.5 - 2) + max(0, 1 - 1 - 2) = 0; row 1, y = 1: max(0, 1 + 0 - 0) + max(0, 1 + 3 - 0) = 5.
    const { loss } = await computeLoss(classHinge!(), { prediction, target }, { reduction: 'none', provider: 'cpu' });
    expect(Array.from(loss as Float32Array)).toEqual([0, 5]);
    expect(Array.from(referenceLoss(classHinge!(), { prediction, target }, 'none').data)).toEqual([0, 5]);
  });

  it('the extra-input example has a gradient for each input', async () => {
    const { marginGap } = await load('margin-gap', gap!);
    // max(0, other - p + 1): [max(0, 3 - 1 + 1), max(0, 0 - 2 + 1)] = [3, 0]; sum 3; d/dp = [-1, 0], d/dother = [1, 0].
    const r = await computeLoss(marginGap!(), { prediction: [1, 2], other: [3, 0] }, { reduction: 'sum', gradient: true, provider: 'cpu' });
    expect(r.loss).toBe(3);
    expect(Array.from(r.gradients!.prediction!, (v) => v + 0)).toEqual([-1, 0]);
    expect(Array.from(r.gradients!.other!, (v) => v + 0)).toEqual([1, 0]);
  });
});
