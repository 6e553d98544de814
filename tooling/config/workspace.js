// @ts-check
// The workspace's packages, as the one-process tools (typecheck.js, lint.js) find them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Folders and manifests of the workspace packages that have `script` (pnpm-workspace.yaml's
 * `dir/*` globs).
 * @param {string} script
 * @returns {{ dir: string, manifest: { name: string, scripts: Record<string, string> } }[]}
 */
export function workspacePackages(script) {
  const manifest = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const section = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(manifest)?.[1] ?? '';
  const parents = [...section.matchAll(/-\s*['"]?([^'"\n]+?)\/\*['"]?\s*$/gm)].map((m) => m[1] ?? '');
  return parents.flatMap((parent) =>
    readdirSync(join(ROOT, parent))
      .map((entry) => join(ROOT, parent, entry))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
      .filter(({ manifest: m }) => m.scripts?.[script]),
  );
}
