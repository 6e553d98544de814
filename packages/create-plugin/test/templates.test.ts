// The templates as code: each is scaffolded inside this package (where @losskit/core, loss-l1 and
// the test kit resolve), imported, and its README's options table compared with its schema. The
// end-to-end test (tooling/e2e) runs the generated packages' own tests with npm; this catches a
// drifting README or a template that no longer compiles against core in seconds.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type TemplateName, scaffoldPlugin } from '../src/index';

const here = fileURLToPath(new URL('.', import.meta.url));
const generated = join(here, 'generated');
mkdirSync(generated, { recursive: true });
afterAll(() => rmSync(generated, { recursive: true, force: true }));

describe.each<[TemplateName, string]>([
  ['basic', 'tmpl-basic'],
  ['view', 'tmpl-view'],
])('the %s template', (template, name) => {
  rmSync(join(generated, name), { recursive: true, force: true });
  const result = scaffoldPlugin({ name, template, cwd: generated });

  it('builds a factory named by the convention, documented by its README table', async () => {
    const module = (await import(/* @vite-ignore */ join(result.directory, 'src/index.ts'))) as Record<string, { pluginName: string; schema: Record<string, { type: string }> }>;
    const factory = module[result.factoryName]!;
    expect(factory.pluginName).toBe(name);
    const rows = [...readFileSync(join(result.directory, 'README.md'), 'utf8').matchAll(/^\| `(\w+)` \| `(.+?)` \| (.+?) \|/gm)];
    expect(rows.map((row) => row[1])).toEqual(Object.keys(factory.schema));
    for (const [, option, type] of rows) expect(type, option).toBe(factory.schema[option!]!.type);
  });
});
