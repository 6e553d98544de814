// The one-process packaging checks that `pnpm test` runs (tooling/config/check-packages.js) give
// the verdicts of the CLIs each package's check-package task ran before, `publint --strict` and
// `attw --profile esm-only` on the `pnpm pack` tarball: checked against the CLIs themselves on
// small packages outside the workspace, one clean and three with one problem each. And turbo
// builds every public package before it runs.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, publicPackages, read, workspacePackages } from './workspace';

const CHECK_PACKAGES = join(ROOT, 'tooling/config/check-packages.js');
const BIN = join(ROOT, 'tooling/config/node_modules/.bin');
const TYPED = { types: './dist/index.d.ts', default: './dist/index.js' };

type Verdicts = Record<string, { publint: 'ok' | 'fails'; attw: 'ok' | 'fails' }>;

/** An ESM package `sample-<name>` with typed dist/index.js and dist/extra.js (untyped). */
function samplePackage(parent: string, name: string, manifest: Record<string, unknown>): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.js'), 'export const one = 1;\n');
  writeFileSync(join(dir, 'dist', 'index.d.ts'), 'export declare const one: 1;\n');
  writeFileSync(join(dir, 'dist', 'extra.js'), 'export const two = 2;\n');
  const base = { name: `sample-${name}`, version: '1.0.0', type: 'module', license: 'MIT', files: ['dist'] };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...base, ...manifest }));
  return dir;
}

/** Runs a command without blocking, so that the CLIs' runs (mostly start-up) overlap. */
function run(command: string, args: string[], cwd = ROOT): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      // A command that ran and failed has its exit status as the code; one that did not start, a string.
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ status: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** What the CLIs say of each package: packed by pnpm, then publint --strict and attw esm-only. */
async function cliVerdicts(dirs: string[]): Promise<Verdicts> {
  const entries = await Promise.all(
    dirs.map(async (dir) => {
      const packed = await run('pnpm', ['pack', '--pack-destination', dirname(dir), '--json'], dir);
      expect(packed.status, packed.output).toBe(0);
      const { name, filename } = JSON.parse(packed.output) as { name: string; filename: string };
      const status = async (tool: string, ...args: string[]) => ((await run(join(BIN, tool), [filename, ...args])).status === 0 ? 'ok' : 'fails');
      const [publint, attw] = await Promise.all([status('publint', '--strict'), status('attw', '--profile', 'esm-only', '--quiet')]);
      return [name, { publint, attw }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The verdicts in check-packages.js's output: `<name>: ok`, or its problems below it by tool. */
function reportedVerdicts(output: string): Verdicts {
  const verdicts: Verdicts = {};
  let current: Verdicts[string] | undefined;
  for (const line of output.split('\n')) {
    const head = /^(sample-[\w-]+): (?:ok|\d+ problems?)$/.exec(line);
    if (head) verdicts[head[1]!] = current = { publint: 'ok', attw: 'ok' };
    const tool = /^ {2}(publint|attw): /.exec(line)?.[1] as 'publint' | 'attw' | undefined;
    if (tool && current) current[tool] = 'fails';
  }
  return verdicts;
}

describe('losskit-check-packages', () => {
  it('gives the verdicts of publint --strict and attw --profile esm-only, and exits 1 on a problem', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'losskit-check-packages-test-'));
    const dirs = [
      samplePackage(parent, 'clean', { exports: { '.': TYPED } }),
      // publint error: an export that is not in the tarball.
      samplePackage(parent, 'missing-file', { exports: { '.': { ...TYPED, default: './dist/missing.js' } } }),
      // publint warning, which --strict makes an error: a repository URL that is not a git URL.
      samplePackage(parent, 'warning', { exports: { '.': TYPED }, repository: { type: 'git', url: 'sample' } }),
      // attw: a subpath without types (the esm-only profile ignores only node10 and node16-cjs).
      samplePackage(parent, 'untyped', { exports: { '.': TYPED, './extra': './dist/extra.js' } }),
    ];
    const expected: Verdicts = {
      'sample-clean': { publint: 'ok', attw: 'ok' },
      'sample-missing-file': { publint: 'fails', attw: 'ok' },
      'sample-warning': { publint: 'fails', attw: 'ok' },
      'sample-untyped': { publint: 'ok', attw: 'fails' },
    };
    const [cli, ours, clean] = await Promise.all([
      cliVerdicts(dirs),
      run(process.execPath, [CHECK_PACKAGES, ...dirs]),
      run(process.execPath, [CHECK_PACKAGES, dirs[0]!]),
    ]);
    expect(cli).toEqual(expected);
    expect(reportedVerdicts(ours.output), ours.output).toEqual(expected);
    expect(ours.output).toMatch(/publint: pkg\.exports\["\."\]\.default is \.\/dist\/missing\.js but the file does not exist/);
    expect(ours.output).toMatch(/attw: Could not find types: "\.\/extra" under bundler resolution/);
    expect(ours.status).toBe(1);
    expect(clean).toMatchObject({ status: 0, output: expect.stringMatching(/^sample-clean: ok$/m) });
  });

  it("runs in `pnpm test` after every public package's build (turbo.json's //#check-package:all)", () => {
    const root = JSON.parse(read('package.json')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(root.scripts.test).toMatch(/^turbo run check-package:all /);
    const turbo = JSON.parse(read('turbo.json').replaceAll(/^\s*\/\/.*$/gm, '')) as { tasks: Record<string, { dependsOn?: string[] }> };
    const dependsOn = turbo.tasks['//#check-package:all']?.dependsOn ?? [];
    // `^build`: the root's workspace dependencies and theirs; then the builds named.
    const packages = new Map(workspacePackages().map((p) => [p.manifest.name, p.manifest]));
    const built = new Set<string>();
    const visit = (name: string): void => {
      const manifest = packages.get(name);
      if (!manifest || built.has(name)) return;
      built.add(name);
      for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) visit(dep);
    };
    if (dependsOn.includes('^build')) for (const dep of Object.keys(root.devDependencies)) visit(dep);
    for (const task of dependsOn) if (task.endsWith('#build')) visit(task.slice(0, -'#build'.length));
    expect(publicPackages().map((p) => p.manifest.name).filter((name) => !built.has(name))).toEqual([]);
  });
});
