// The first example of @losskit/core's "Combined losses" runs as written and gives the values
// its comments claim (computed by hand there: l1 mean 7/4, mse mean 15/4, mixed 0.25/0.75).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseAll } from '@losskit/runtime';
import { afterAll, expect, it } from 'vitest';
import { read } from './workspace';

const GENERATED = fileURLToPath(new URL('./.readme/', import.meta.url));

afterAll(() => releaseAll());

it('packages/core/README.md "Combined losses" computes the mix, its parts and its gradient', async () => {
  const section = read('packages/core/README.md').split(/^### Combined losses\n/m)[1]!.split(/^##/m)[0]!;
  const [block] = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  mkdirSync(GENERATED, { recursive: true });
  const file = join(GENERATED, 'combined-losses.ts');
  writeFileSync(file, `${block!}\nexport { loss, parts, gradient };\n`);
  const { loss, parts, gradient } = (await import(/* @vite-ignore */ file)) as { loss: number; parts: Record<string, number>; gradient: Float32Array };
  expect(loss).toBeCloseTo(3.25, 6);
  expect(parts.l1).toBeCloseTo(1.75, 6);
  expect(parts.mse).toBeCloseTo(3.75, 6);
  [0.4375, 0.8125, 1.1875, -0.4375].forEach((v, i) => expect(gradient[i]).toBeCloseTo(v, 6));
});
