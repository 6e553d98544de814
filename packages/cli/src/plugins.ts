import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  InvalidOptionError,
  type LossPlugin,
  describeValue,
  pluginContractProblem,
  pluginNameOfPackage,
  pluginPackageCandidates,
} from '@losskit/core';
import { isPathSpecifier, resolveModuleFile } from './resolve';

/** Imports a module by specifier; the default resolves from a directory (the user's project). */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

/**
 * An importer that resolves from `directory`, as the user's code would: installed package names
 * (found in `node_modules` upwards), paths to module files and paths to package folders.
 */
export function importFrom(directory: string): ModuleImporter {
  return async (specifier) => (await import(pathToFileURL(resolveModuleFile(specifier, directory)).href)) as Record<string, unknown>;
}

interface PluginFactory {
  (options?: Record<string, unknown>): unknown;
  readonly pluginName: string;
}

function isFactory(value: unknown): value is PluginFactory {
  return typeof value === 'function' && typeof (value as Partial<PluginFactory>).pluginName === 'string';
}

/**
 * The modules a spec may refer to: a short name follows the naming convention of
 * `@losskit/core` (`l1` -> `@losskit/loss-l1`, `losskit-loss-l1`), then the package of that
 * exact name; package names and paths are taken as they are.
 */
function candidates(spec: string): string[] {
  if (isPathSpecifier(spec)) return [spec];
  const conventional = pluginPackageCandidates(spec);
  return conventional.includes(spec) ? conventional : [...conventional, spec];
}

/**
 * The plugin name a spec points at, to pick a factory when a module exports several:
 * `@acme/losskit-loss-huber` and `../losskit-loss-huber` -> `huber`, `./my-loss.js` -> `my-loss`.
 */
function expectedName(spec: string): string {
  const last = isPathSpecifier(spec) ? basename(spec, extname(spec)) : spec;
  return pluginNameOfPackage(last) ?? pluginNameOfPackage(spec) ?? last;
}

/**
 * Loads a loss plugin by short name (`l1`, `huber`), package (`@losskit/loss-bce`,
 * `@acme/losskit-loss-huber`) or path (`./my-loss.js`, `../losskit-loss-huber`), and creates it
 * with `options`. Option values of the form `{ plugin: 'mse', options: {...} }` become plugins
 * themselves (luma's `distance`). Every failure is an `InvalidOptionError` on `plugin` that says
 * what was tried: the package is not installed, exports no plugin factory, or its plugin fails a
 * check of the contract (which one).
 */
export async function loadLossPlugin(
  spec: string,
  options: Record<string, unknown> = {},
  importer: ModuleImporter = importFrom(process.cwd()),
): Promise<LossPlugin<unknown>> {
  const tried: string[] = [];
  let module: Record<string, unknown> | undefined;
  let found = '';
  for (const candidate of candidates(spec)) {
    try {
      module = await importer(candidate);
      found = candidate;
      break;
    } catch (error) {
      tried.push(`${candidate} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (!module) {
    throw new InvalidOptionError('plugin', `an installed loss plugin package or a path to one; tried ${tried.join('; ')}`, describeValue(spec));
  }
  const factories = Object.entries(module).filter(([, value]) => isFactory(value)) as [string, PluginFactory][];
  const wanted = expectedName(found);
  const factory =
    factories.find(([name, f]) => name === wanted || f.pluginName === wanted)?.[1] ?? (factories.length === 1 ? factories[0]![1] : undefined);
  if (!factory) {
    const exported = Object.keys(module);
    const received =
      factories.length === 0
        ? `${found} exporting no plugin factory (exports: ${exported.length > 0 ? exported.join(', ') : 'none'})`
        : `${found} exporting ${factories.length} plugin factories (${factories.map(([n]) => n).join(', ')}) and none named "${wanted}"`;
    throw new InvalidOptionError('plugin', 'a module exporting a plugin factory made with defineLossPlugin', received);
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
  const problem = pluginContractProblem(plugin);
  if (problem !== undefined) {
    throw new InvalidOptionError('plugin', 'a factory whose plugin meets the loss-plugin contract', `${found}: ${factory.pluginName}() fails it: ${problem}`);
  }
  const created = plugin as LossPlugin<unknown>;
  if (created.name !== factory.pluginName) {
    throw new InvalidOptionError('plugin', 'a factory whose plugins carry its pluginName', `${found}: ${factory.pluginName}() made a plugin named "${created.name}"`);
  }
  return created;
}
