// @ts-check
// The workspace's packages, as the one-process tools (typecheck.js, lint.js, check-packages.js)
// find them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @typedef {{ dir: string, manifest: { name: string, private?: boolean, scripts: Record<string, string> } }} WorkspacePackage
 */

/**
 * The package in `dir`: its absolute folder and its manifest.
 * @param {string} dir
 * @returns {WorkspacePackage}
 */
export function packageAt(dir) {
  const absolute = resolve(dir);
  return { dir: absolute, manifest: JSON.parse(readFileSync(join(absolute, 'package.json'), 'utf8')) };
}

/**
 * Folders and manifests of the workspace packages (pnpm-workspace.yaml's `dir/*` globs): those
 * that have `script`, or all of them.
 * @param {string} [script]
 * @returns {WorkspacePackage[]}
 */
export function workspacePackages(script) {
  const manifest = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const section = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(manifest)?.[1] ?? '';
  const parents = [...section.matchAll(/-\s*['"]?([^'"\n]+?)\/\*['"]?\s*$/gm)].map((m) => m[1] ?? '');
  return parents.flatMap((parent) =>
    readdirSync(join(ROOT, parent))
      .map((entry) => join(ROOT, parent, entry))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map(packageAt)
      .filter(({ manifest: m }) => !script || m.scripts?.[script]),
  );
}
