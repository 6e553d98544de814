import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Conditions tried in an `exports` map, in Node's order for `import` in Node. */
const CONDITIONS = ['node', 'import', 'default'];

function pickExport(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pickExport).find((t) => t !== undefined);
  if (typeof target !== 'object' || target === null) return undefined;
  for (const [key, value] of Object.entries(target)) {
    if (CONDITIONS.includes(key)) {
      const found = pickExport(value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The file a package folder's root import loads: its `exports` (`.` entry, conditions `node`,
 * `import`, `default`), else `module`, `main`, `index.js`. Resolved by hand because
 * `require.resolve` applies CommonJS conditions, which ESM-only packages do not answer.
 */
export function packageEntry(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    exports?: unknown;
    module?: string;
    main?: string;
  };
  const exported = manifest.exports;
  const root =
    typeof exported === 'object' && exported !== null && !Array.isArray(exported) && Object.keys(exported).some((k) => k.startsWith('.'))
      ? (exported as Record<string, unknown>)['.']
      : exported;
  const entry = pickExport(root) ?? manifest.module ?? manifest.main ?? 'index.js';
  return resolve(folder, entry);
}

/** The folder of an installed package, looked up in `node_modules` from `directory` upwards, as Node does. */
export function findPackageFolder(name: string, directory: string): string | undefined {
  for (let folder = resolve(directory); ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}

/** Whether a specifier is a path (`./x.js`, `/abs/dir`) rather than a package name. */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

/**
 * The file to import for `specifier` from `directory`: a path to a file, a path to a package
 * folder (its entry), or an installed package's name. Throws an `Error` saying what was missing.
 */
export function resolveModuleFile(specifier: string, directory: string): string {
  if (isPathSpecifier(specifier)) {
    const path = resolve(directory, specifier);
    if (!existsSync(path)) throw new Error(`no file or folder ${path}`);
    if (!statSync(path).isDirectory()) return path;
    if (!existsSync(join(path, 'package.json'))) throw new Error(`the folder ${path} has no package.json`);
    return packageEntry(path);
  }
  const folder = findPackageFolder(specifier, directory);
  if (!folder) throw new Error(`not installed in ${resolve(directory)} or above`);
  return packageEntry(folder);
}
