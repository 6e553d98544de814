// The root README's TypeScript examples must run as written (meta-tests that keep
// docs true). Each block is written to a module and imported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLossSession, releaseAll } from '@losskit/runtime';
import { referenceLoss } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { read } from './workspace';

const GENERATED = fileURLToPath(new URL('./.readme/', import.meta.url));

/** The `ts` blocks of one `## section` of a markdown file. */
function tsBlocks(markdown: string, section: string): string[] {
  const body = markdown.split(/^## /m).find((s) => s.startsWith(section));
  if (!body) throw new Error(`no "## ${section}" section`);
  return [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function importBlock(name: string, code: string): Promise<Record<string, unknown>> {
  mkdirSync(GENERATED, { recursive: true });
  const file = join(GENERATED, `${name}.ts`);
  writeFileSync(file, code);
  return import(/* @vite-ignore */ file);
}

describe('README code', () => {
  const readme = read('README.md');

  it('"Use" starts with the one-call form (two imports, one call) and it gives the loss it claims', async () => {
    const [block] = tsBlocks(readme, 'Use');
    expect(block!.trim().split('\n')).toHaveLength(3);
    const { loss } = (await importBlock('use-one-call', `${block!}\nexport { loss };\n`)) as { loss: number };
    // |0.2-0| + |0.9-1| + |0.4-0.5| + |0.1-0| = 0.5, mean over 4 = 0.125 (the README's comment).
    expect(loss).toBeCloseTo(0.125, 6);
    await releaseAll();
  });

  it('"Use" still shows the explicit session, which gives the loss it claims and the gradient', async () => {
    const [, block] = tsBlocks(readme, 'Use');
    // Capture the loss the example computes by returning it from the module.
    await importBlock('use', `${block!}\nexport const result = { loss, gradient, provider };\n`).then((module) => {
      const { loss, gradient } = module.result as { loss: Float32Array; gradient: Float32Array };
      expect(loss[0]).toBeCloseTo(0.125, 6);
      expect(Array.from(gradient)).toEqual([0.25, -0.25, -0.25, 0.25]);
    });
  });

  it('"Writing a plugin" defines a plugin whose graph matches its reference', async () => {
    const [block] = tsBlocks(readme, 'Writing a plugin');
    const { huber } = (await importBlock('plugin', block!)) as { huber: (o?: { delta?: number }) => never };
    const plugin = huber({ delta: 0.5 });
    const inputs = {
      prediction: { data: Float32Array.of(0, 0.2, -1, 3), dims: [4] },
      target: { data: Float32Array.of(0.1, 1, 1, 3), dims: [4] },
    };
    const session = await createLossSession(plugin, { provider: 'cpu', reduction: 'none' });
    const result = await session.run(inputs);
    await session.release();
    // Huber with delta 0.5 by hand: |d| = 0.1 -> 0.005; 0.8 -> 0.5*(0.8-0.25) = 0.275; 2 -> 0.875; 0 -> 0.
    expect(Array.from(result.loss).map((v) => Number(v.toFixed(6)))).toEqual([0.005, 0.275, 0.875, 0]);
    expect(Array.from(referenceLoss(plugin, inputs, 'none').data).map((v) => Number(v.toFixed(6)))).toEqual([0.005, 0.275, 0.875, 0]);
  });
});
