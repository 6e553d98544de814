// The one-process packaging checks that `pnpm test` runs (tooling/config/check-packages.js) give
// the verdicts of the CLIs each package's check-package task ran before, `publint --strict` and
// `attw --profile esm-only` on the `pnpm pack` tarball: checked against the CLIs themselves on
// small packages outside the workspace, one clean and three with one problem each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './workspace';

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

function run(command: string, args: string[], cwd = ROOT): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** What the CLIs say of each package: packed by pnpm, then publint --strict and attw esm-only. */
function cliVerdicts(dirs: string[]): Verdicts {
  const verdicts: Verdicts = {};
  for (const dir of dirs) {
    const packed = run('pnpm', ['pack', '--pack-destination', dirname(dir), '--json'], dir);
    expect(packed.status, packed.output).toBe(0);
    const { name, filename } = JSON.parse(packed.output) as { name: string; filename: string };
    const status = (tool: string, ...args: string[]) => (run(join(BIN, tool), [filename, ...args]).status === 0 ? 'ok' : 'fails');
    verdicts[name] = { publint: status('publint', '--strict'), attw: status('attw', '--profile', 'esm-only', '--quiet') };
  }
  return verdicts;
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
  it('gives the verdicts of publint --strict and attw --profile esm-only, and exits 1 on a problem', () => {
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
    expect(cliVerdicts(dirs)).toEqual(expected);
    const ours = run(process.execPath, [CHECK_PACKAGES, ...dirs]);
    expect(reportedVerdicts(ours.output), ours.output).toEqual(expected);
    expect(ours.output).toMatch(/publint: pkg\.exports\["\."\]\.default is \.\/dist\/missing\.js but the file does not exist/);
    expect(ours.output).toMatch(/attw: Could not find types: "\.\/extra" under bundler resolution/);
    expect(ours.status).toBe(1);
    expect(run(process.execPath, [CHECK_PACKAGES, dirs[0]!])).toMatchObject({ status: 0, output: expect.stringMatching(/^sample-clean: ok$/m) });
  });
});
