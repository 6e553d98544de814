// The one-process lint that `pnpm test` runs (tooling/config/lint.js) lints the folders each
// package's `lint` script names, with the repository's .oxlintrc.json, and fails on an error.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './workspace';

const LINT = join(ROOT, 'tooling/config/lint.js');

/** A package whose lint script names `src` only, with `source` in src/ and `skipped` in other/. */
function samplePackage(source: string, skipped = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'losskit-lint-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sample', scripts: { lint: 'oxlint src' } }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'index.ts'), source);
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(dir, 'other', 'index.ts'), skipped);
  return dir;
}

function lint(...dirs: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [LINT, ...dirs], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('losskit-lint', () => {
  it("fails on an error of the repository's rules (eqeqeq) in a folder the lint script names", () => {
    const { status, output } = lint(samplePackage(`export const same = (a: unknown, b: unknown): boolean => a == b;\n`));
    expect(status).toBe(1);
    expect(output).toMatch(/eqeqeq/);
  });

  it('passes a clean package, and lints only the folders its script names', () => {
    const { status, output } = lint(samplePackage(`export const same = (a: unknown, b: unknown): boolean => a === b;\n`, `export var x = 1 == 2;\n`));
    expect(output).toMatch(/Found 0 warnings and 0 errors/);
    expect(status).toBe(0);
  });

  it('refuses a lint script it cannot read as `oxlint <folders>`', () => {
    const dir = samplePackage('');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sample', scripts: { lint: 'eslint .' } }));
    const { status, output } = lint(dir);
    expect(status).toBe(1);
    expect(output).toMatch(/sample: lint\.js runs only `oxlint <folders>` lint scripts, found `eslint \.`/);
  });
});
