import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LossPluginFactory, OptionsSchema } from '@losskit/core';
import { ROOT } from './workspace';

/** A plugin package of the catalog: its folder, package name and the factory it exports. */
export interface CatalogPlugin {
  /** `packages/plugins/<name>`. */
  readonly path: string;
  readonly packageName: string;
  readonly exportName: string;
  readonly factory: LossPluginFactory<OptionsSchema>;
}

/**
 * Every plugin package under packages/plugins, with the factory its entry exports (the one
 * export that carries a `pluginName`): the catalog checks read the packages, not a list kept by hand.
 */
export async function catalogPlugins(): Promise<CatalogPlugin[]> {
  const base = join(ROOT, 'packages/plugins');
  const out: CatalogPlugin[] = [];
  for (const entry of readdirSync(base).toSorted()) {
    const module = (await import(/* @vite-ignore */ join(base, entry, 'src/index.ts'))) as Record<string, unknown>;
    const factories = Object.entries(module).filter(([, value]) => typeof value === 'function' && typeof (value as { pluginName?: unknown }).pluginName === 'string');
    if (factories.length !== 1) throw new Error(`packages/plugins/${entry} exports ${factories.length} plugin factories, expected 1`);
    const [exportName, factory] = factories[0]!;
    out.push({ path: `packages/plugins/${entry}`, packageName: `@losskit/loss-${entry}`, exportName, factory: factory as LossPluginFactory<OptionsSchema> });
  }
  return out;
}
