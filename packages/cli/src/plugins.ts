import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidOptionError, type LossPlugin, describeValue, isLossPlugin } from '@losskit/core';

/** Imports a module by specifier; the default resolves from a directory (the user's project). */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

/** An importer that resolves bare specifiers and paths from `directory`, as the user's code would. */
export function importFrom(directory: string): ModuleImporter {
  const require = createRequire(join(directory, 'noop.js'));
  return async (specifier) => {
    const path = specifier.startsWith('.') || isAbsolute(specifier) ? resolve(directory, specifier) : require.resolve(specifier);
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  };
}

interface PluginFactory {
  (options?: Record<string, unknown>): LossPlugin<unknown>;
  readonly pluginName: string;
}

function isFactory(value: unknown): value is PluginFactory {
  return typeof value === 'function' && typeof (value as Partial<PluginFactory>).pluginName === 'string';
}

/** The packages a short name may refer to: `l1` -> `@losskit/loss-l1`, then `losskit-plugin-l1`. */
function candidates(spec: string): string[] {
  if (spec.startsWith('.') || isAbsolute(spec) || spec.startsWith('@') || spec.includes('/')) return [spec];
  return [`@losskit/loss-${spec}`, `losskit-plugin-${spec}`, spec];
}

/**
 * Loads a loss plugin by name (`l1`, `bce`), package (`@losskit/loss-bce`, `my-loss-package`) or
 * path (`./my-loss.js`), and creates it with `options`. Option values of the form
 * `{ plugin: 'mse', options: {...} }` become plugins themselves (e.g. luma's `distance`).
 */
export async function loadLossPlugin(
  spec: string,
  options: Record<string, unknown> = {},
  importer: ModuleImporter = importFrom(process.cwd()),
): Promise<LossPlugin<unknown>> {
  const tried: string[] = [];
  let module: Record<string, unknown> | undefined;
  for (const candidate of candidates(spec)) {
    try {
      module = await importer(candidate);
      break;
    } catch (error) {
      tried.push(`${candidate} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (!module) throw new InvalidOptionError('plugin', `an installed loss plugin package or file; tried ${tried.join('; ')}`, describeValue(spec));
  const factories = Object.entries(module).filter(([, value]) => isFactory(value)) as [string, PluginFactory][];
  const short = spec.replace(/^.*loss-/, '');
  const factory = factories.find(([name, f]) => name === short || f.pluginName === short)?.[1] ?? (factories.length === 1 ? factories[0]![1] : undefined);
  if (!factory) {
    throw new InvalidOptionError('plugin', `a module exporting one plugin factory made with defineLossPlugin`, `${spec} exporting ${factories.length} factories`);
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const nested = value as { plugin?: unknown; options?: Record<string, unknown> } | null;
    resolved[key] =
      typeof nested === 'object' && nested !== null && typeof nested.plugin === 'string'
        ? await loadLossPlugin(nested.plugin, nested.options ?? {}, importer)
        : value;
  }
  const plugin = factory(resolved);
  if (!isLossPlugin(plugin)) throw new InvalidOptionError('plugin', 'a factory that returns a loss plugin', describeValue(plugin));
  return plugin;
}
