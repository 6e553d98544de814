import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InvalidOptionError, PLUGIN_KEYWORD } from '@losskit/core';
import { type PluginNames, pluginNames } from './names';
import { packageRoot, versionOf } from './versions';

/** The templates: a plain loss (`defineLossPlugin`) or a view loss (`defineViewLoss`). */
export const TEMPLATES = ['basic', 'view'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** What {@link scaffoldPlugin} takes. */
export interface ScaffoldOptions {
  /** A short plugin name (`huber`) or a package name under the convention (`@you/losskit-loss-huber`). */
  readonly name: string;
  /** Default `'basic'`. */
  readonly template?: TemplateName;
  /** The folder to create, relative to `cwd`. Default: the name typed, without a scope. */
  readonly directory?: string;
  /** Default `process.cwd()`. */
  readonly cwd?: string;
}

/** What {@link scaffoldPlugin} made. */
export interface ScaffoldResult extends PluginNames {
  /** The absolute path of the new package. */
  readonly directory: string;
  /** The files written, relative to it. */
  readonly files: readonly string[];
}

const DEV_TOOLS = ['@types/node', 'onnxruntime-node', 'onnxruntime-web', 'playwright-core', 'typescript', 'vite', 'vitest'];

function packageJson(names: PluginNames, template: TemplateName): string {
  const devDependencies: Record<string, string> = { '@losskit/core': versionOf('@losskit/core'), '@losskit/testkit': versionOf('@losskit/testkit') };
  if (template === 'view') devDependencies['@losskit/loss-mse'] = versionOf('@losskit/loss-mse');
  for (const tool of DEV_TOOLS) devDependencies[tool] = versionOf(tool);
  const manifest = {
    name: names.packageName,
    version: '0.1.0',
    description: template === 'view' ? `A losskit view loss: ${names.pluginName}` : `A losskit loss plugin: ${names.pluginName}`,
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    keywords: [PLUGIN_KEYWORD, 'losskit', 'loss', 'onnx'],
    engines: { node: '>=20.19' },
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
    files: ['dist'],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc -p .',
      test: 'vitest run',
      prepack: 'npm run build',
    },
    ...(template === 'view' ? { dependencies: { '@losskit/loss-l1': versionOf('@losskit/loss-l1') } } : {}),
    // A peer: the application's @losskit/core is the one plugins, sessions and errors share.
    peerDependencies: { '@losskit/core': versionOf('@losskit/core') },
    devDependencies: Object.fromEntries(Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b))),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function filesOf(folder: string, base = folder): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesOf(path, base) : [relative(base, path)];
  });
}

function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * Writes a new plugin package: the template's sources, tests and README, the shared build and
 * test configuration, and a package.json under losskit's naming convention. Refuses an invalid
 * name and an existing non-empty folder with an `InvalidOptionError` that says why.
 */
export function scaffoldPlugin(options: ScaffoldOptions): ScaffoldResult {
  const template = options.template ?? 'basic';
  if (!TEMPLATES.includes(template)) throw new InvalidOptionError('--template', `one of ${TEMPLATES.join(', ')}`, JSON.stringify(template));
  const names = pluginNames(options.name);
  const directory = resolve(options.cwd ?? process.cwd(), options.directory ?? names.folder);
  if (existsSync(directory) && (!statSync(directory).isDirectory() || readdirSync(directory).length > 0)) {
    throw new InvalidOptionError('<directory>', 'a new or empty folder (nothing is overwritten)', `${directory}, which exists and is not empty`);
  }
  const templates = join(packageRoot(), 'templates');
  const files: string[] = [];
  const write = (path: string, text: string): void => {
    mkdirSync(join(directory, path, '..'), { recursive: true });
    writeFileSync(join(directory, path), text);
    files.push(path);
  };
  const values = { ...names, coreRange: versionOf('@losskit/core') };
  for (const source of ['common', template]) {
    for (const file of filesOf(join(templates, source))) {
      // npm renames .gitignore in published packages, so the template ships it as _gitignore.
      write(file === '_gitignore' ? '.gitignore' : file, fill(readFileSync(join(templates, source, file), 'utf8'), values));
    }
  }
  write('package.json', packageJson(names, template));
  return { ...names, directory, files: files.sort() };
}
