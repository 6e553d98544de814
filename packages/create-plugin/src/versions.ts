import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The versions a new plugin package depends on are this package's own devDependencies: the
 * published tarball carries real ranges (pnpm replaces `workspace:` and `catalog:` on publish,
 * changesets keeps the internal ones current), so a scaffolder and the losskit packages it
 * names are always released together. In this repository they are read from the workspace.
 */
function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
  return folder;
}

function workspaceVersion(root: string, name: string, protocol: string): string {
  const workspace = join(root, '..', '..');
  if (protocol === 'catalog:') {
    const yaml = readFileSync(join(workspace, 'pnpm-workspace.yaml'), 'utf8');
    const line = yaml.split('\n').find((l) => l.trim().replace(/^'|'(?=:)/g, '').startsWith(`${name}:`));
    if (!line) throw new Error(`create-losskit-plugin: ${name} is not in the workspace catalog`);
    return line.slice(line.lastIndexOf(':') + 1).trim();
  }
  for (const parent of ['packages', 'packages/plugins']) {
    const manifest = join(workspace, parent, name.replace('@losskit/loss-', '').replace('@losskit/', ''), 'package.json');
    if (existsSync(manifest)) {
      const found = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string };
      if (found.name === name) return `^${found.version}`;
    }
  }
  throw new Error(`create-losskit-plugin: ${name} is not a workspace package`);
}

/** The version range a new plugin uses for `name`, one of this package's (dev)dependencies. */
export function versionOf(name: string): string {
  const root = packageRoot();
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<'dependencies' | 'devDependencies', Record<string, string>>;
  const range = manifest.dependencies[name] ?? manifest.devDependencies[name];
  if (range === undefined) throw new Error(`create-losskit-plugin: no version of ${name} in its package.json`);
  if (range === 'catalog:') return workspaceVersion(root, name, range);
  return range.startsWith('workspace:') ? workspaceVersion(root, name, 'workspace:') : range;
}

/** This package's folder (templates live there). */
export { packageRoot };
