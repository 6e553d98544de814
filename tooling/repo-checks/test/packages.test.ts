// Packaging rules every public package follows (ESM only, honest packaging, a README
// per package in the same order, plugins that depend on nothing but the contract).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type WorkspacePackage, publicPackages, read, workspacePackages } from './workspace';

const README_SECTIONS = ['Install', 'Use', 'API', 'Compatibility', 'Related'];

/**
 * Which @losskit packages each package may depend on at run time: graph <- autodiff <- core <-
 * plugins; core <- runtime; core, runtime <- train, testkit; graph <- models (the root README's
 * direction). A composite plugin also depends on its default distance, and MS-SSIM on SSIM,
 * whose terms it is built from.
 */
const ALLOWED: Record<string, readonly string[]> = {
  '@losskit/graph': [],
  '@losskit/autodiff': ['@losskit/graph'],
  '@losskit/core': ['@losskit/graph', '@losskit/autodiff'],
  '@losskit/runtime': ['@losskit/core', '@losskit/graph'],
  '@losskit/models': ['@losskit/graph', '@losskit/core'],
  '@losskit/train': ['@losskit/graph', '@losskit/autodiff', '@losskit/core', '@losskit/runtime'],
  '@losskit/testkit': ['@losskit/core', '@losskit/runtime', '@losskit/browser-harness'],
  '@losskit/browser-harness': [],
  '@losskit/cli': ['@losskit/core', '@losskit/graph'],
  'create-losskit-plugin': ['@losskit/core'],
  '@losskit/loss-luma': ['@losskit/core', '@losskit/loss-l1'],
  '@losskit/loss-channel': ['@losskit/core', '@losskit/loss-l1'],
  '@losskit/loss-perceptual': ['@losskit/core', '@losskit/loss-mse'],
  '@losskit/loss-ms-ssim': ['@losskit/core', '@losskit/loss-ssim'],
};

function runtimeDeps(p: WorkspacePackage): string[] {
  return [...Object.keys(p.manifest.dependencies ?? {}), ...Object.keys(p.manifest.peerDependencies ?? {})].filter((d) =>
    d.startsWith('@losskit/'),
  );
}

describe.each(publicPackages().map((p) => [p.manifest.name, p] as const))('%s', (_, p) => {
  const m = p.manifest;

  it('is ESM-only with an exports map, types, a source condition and ./package.json', () => {
    expect(m.type).toBe('module');
    expect(m.sideEffects).toBe(false);
    expect(m.license).toBe('MIT');
    expect(m.engines?.node).toBe('>=20.19');
    expect(m.files).toContain('dist');
    expect(m.publishConfig?.access).toBe('public');
    expect(m.exports?.['./package.json']).toBe('./package.json');
    const root = JSON.stringify(m.exports?.['.']);
    expect(root).toContain('"@losskit/source"');
    expect(root).toContain('"types"');
    expect(m.description?.length).toBeGreaterThan(20);
  });

  it('has a README with the sections in the shared order', () => {
    const readmePath = join(p.dir, 'README.md');
    expect(existsSync(readmePath), `${p.path}/README.md`).toBe(true);
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme.startsWith(`# ${m.name}`), 'title is the package name').toBe(true);
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((h) => h[1]!.trim());
    const found = README_SECTIONS.map((s) => headings.findIndex((h) => h === s || h.startsWith(`${s} `)));
    expect(found.every((i) => i >= 0), `sections ${README_SECTIONS.join(', ')} in ${headings.join(' | ')}`).toBe(true);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
  });

  it('depends only on the packages the design allows', () => {
    const allowed = m.name.startsWith('@losskit/loss-') && !ALLOWED[m.name] ? ['@losskit/core'] : ALLOWED[m.name];
    expect(allowed, `${m.name} is missing from the dependency-direction table`).toBeDefined();
    for (const dep of runtimeDeps(p)) expect(allowed, `${m.name} -> ${dep}`).toContain(dep);
  });

  it('is listed in the root README', () => {
    expect(read('README.md')).toContain(`\`${m.name}\``);
  });
});

describe('plugins', () => {
  const plugins = publicPackages().filter((p) => p.manifest.name.startsWith('@losskit/loss-'));

  it.each(plugins.map((p) => [p.manifest.name, p] as const))('%s takes @losskit/core as a peer and no ONNX Runtime', (_, p) => {
    expect(p.manifest.peerDependencies?.['@losskit/core']).toBeDefined();
    expect(p.manifest.dependencies?.['@losskit/core']).toBeUndefined();
    const all = { ...p.manifest.dependencies, ...p.manifest.peerDependencies };
    expect(Object.keys(all).filter((d) => d.startsWith('onnxruntime'))).toEqual([]);
  });

  it('are all dependencies of the repository root, so `losskit export <name>` finds each from there', () => {
    const root = JSON.parse(read('package.json')) as { devDependencies?: Record<string, string> };
    const missing = plugins.map((p) => p.manifest.name).filter((name) => root.devDependencies?.[name] !== 'workspace:*');
    expect(missing).toEqual([]);
    expect(root.devDependencies?.['@losskit/cli']).toBe('workspace:*');
  });
});

describe('workspace', () => {
  it('uses the catalog for shared tool versions', () => {
    for (const p of workspacePackages()) {
      for (const [name, version] of Object.entries(p.manifest.devDependencies ?? {})) {
        if (['typescript', 'vitest', 'tsdown', 'oxlint', '@types/node'].includes(name)) {
          expect(version, `${p.path} ${name}`).toBe('catalog:');
        }
      }
    }
  });

  it('publishes public packages with changesets, plugins versioned independently', () => {
    const config = JSON.parse(read('.changeset/config.json'));
    expect(config.access).toBe('public');
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
  });
});
