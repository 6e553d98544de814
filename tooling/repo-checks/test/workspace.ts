import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT: string = fileURLToPath(new URL('../../..', import.meta.url));

export interface WorkspacePackage {
  readonly dir: string;
  readonly path: string;
  readonly manifest: {
    name: string;
    private?: boolean;
    description?: string;
    type?: string;
    sideEffects?: boolean;
    license?: string;
    files?: string[];
    engines?: Record<string, string>;
    exports?: Record<string, unknown>;
    publishConfig?: Record<string, string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
}

/** Every workspace package (the globs of pnpm-workspace.yaml). */
export function workspacePackages(): WorkspacePackage[] {
  const out: WorkspacePackage[] = [];
  for (const parent of ['packages', 'packages/plugins', 'apps', 'tooling']) {
    const base = join(ROOT, parent);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const dir = join(base, entry);
      const manifestPath = join(dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      out.push({ dir, path: relative(ROOT, dir), manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) });
    }
  }
  return out;
}

export function publicPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => !p.manifest.private);
}

export function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
