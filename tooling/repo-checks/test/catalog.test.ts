// The README's loss catalog is generated from the plugin packages (src/catalog.mjs): it lists
// every plugin package, and each row's factory is the one the package exports.
import { describe, expect, it } from 'vitest';
import { catalogEntries, withCatalog } from '../src/catalog.mjs';
import { catalogPlugins } from './plugins';
import { read } from './workspace';

describe('loss catalog', () => {
  it('README.md carries the table generated from the packages (run `pnpm catalog` after adding one)', () => {
    const readme = read('README.md');
    expect(readme).toBe(withCatalog(readme));
  });

  it('names each package by its folder and the factory its entry exports', async () => {
    const plugins = await catalogPlugins();
    const entries = catalogEntries();
    expect(entries.map((e) => e.name)).toEqual(plugins.map((p) => p.packageName));
    expect(entries.map((e) => e.factory)).toEqual(plugins.map((p) => p.exportName));
    // The factory's name, not factory().name: a plugin may have required options (perceptual's model).
    for (const p of plugins) expect(p.factory.pluginName, p.path).toBe(p.path.slice('packages/plugins/'.length));
  });
});
