// The public API of every published package is deliberate and documented: a file snapshot of the
// names its entry points export (test/api/<package>.txt; a change to the API shows up there in
// review and needs `vitest -u`), and each of those names appears in the package's README, so a
// reader of the README sees every export at least once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EntryPoint, exportedNames, publicEntryPoints } from './api';

const entries = publicEntryPoints();
const names = exportedNames(entries);
const packages = [...new Set(entries.map((e) => e.pkg))];

/** The snapshot text of one package: each entry point, then its names (`type` before type-only ones). */
function apiListing(own: readonly EntryPoint[]): string {
  const sections = own.map((entry) => [`## ${entry.label}`, ...names.get(entry)!.map((n) => (n.typeOnly ? `type ${n.name}` : n.name))].join('\n'));
  return `# ${own[0]!.pkg.manifest.name}: the names its entry points export\n\n${sections.join('\n\n')}\n`;
}

/** Whether `name` appears in `markdown` as a whole word. */
const mentions = (markdown: string, name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(markdown);

describe.each(packages.map((p) => [p.manifest.name, p] as const))('%s', (name, pkg) => {
  const own = entries.filter((e) => e.pkg === pkg);

  it('exports exactly the names of its API snapshot', async () => {
    await expect(apiListing(own)).toMatchFileSnapshot(`./api/${name.replace(/^@losskit\//, '').replace(/\//g, '-')}.txt`);
  });

  it('names every export in its README', () => {
    const readme = readFileSync(join(pkg.dir, 'README.md'), 'utf8');
    const exported = [...new Set(own.flatMap((e) => names.get(e)!.map((n) => n.name)))];
    expect(exported.filter((n) => !mentions(readme, n)), `exports of ${name} that ${pkg.path}/README.md never names`).toEqual([]);
  });
});

it('finds the entry points of every published package, including conditions and subpaths', () => {
  const labels = entries.map((e) => `${e.pkg.manifest.name} ${e.label}`);
  expect(labels).toEqual(expect.arrayContaining(['@losskit/runtime .', '@losskit/runtime . (browser)', '@losskit/testkit ./portable', '@losskit/models ./node']));
  for (const entry of entries) expect(names.get(entry)!.length, `${entry.pkg.manifest.name} ${entry.label}`).toBeGreaterThan(0);
});
