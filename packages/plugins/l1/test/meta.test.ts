// The plugin documents itself (metadata on the plugin, one README layout): its name matches its package, it has a
// description and a docs link, and its README has the sections every plugin README has, in order.
import { readFileSync } from 'node:fs';
import { checkPluginMetadata } from '@losskit/testkit';
import { describe, expect, it } from 'vitest';
import { l1 } from '../src/index';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('l1 metadata', () => {
  it('is named like its package, with a description and a docs link', () => {
    const packageJson = JSON.parse(read('../package.json')) as { name: string };
    expect(() => checkPluginMetadata(l1, packageJson)).not.toThrow();
    expect(l1.docs).toBe('https://github.com/losskit/losskit/tree/main/packages/plugins/l1#readme');
  });

  it('has a README with the plugin sections in order, documenting every option', () => {
    const readme = read('../README.md');
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Install', 'Use', 'API', 'Formula', 'Compatibility', 'Related']);
    expect(readme.startsWith('# @losskit/loss-l1\n')).toBe(true);
    for (const option of Object.keys(l1.schema)) expect(readme).toContain(`\`${option}\``);
  });
});
