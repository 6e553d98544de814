// The one-process typecheck that `pnpm test` runs (tooling/config/typecheck.js) reports what
// `tsc -p .` reports for a package's own files: checked against tsc itself on a small package
// with a type error and an isolatedDeclarations error, and on the same package fixed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './workspace';

const TYPECHECK = join(ROOT, 'tooling/config/typecheck.js');
const TSC = createRequire(join(ROOT, 'tooling/config/package.json')).resolve('typescript/bin/tsc');

function samplePackage(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'losskit-typecheck-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(ROOT, 'tsconfig.base.json'), include: ['src'] }));
  writeFileSync(join(dir, 'src', 'index.ts'), source);
  return dir;
}

function run(command: string, args: string[], cwd: string): { status: number | null; codes: string[] } {
  // Not a terminal: both print plain `error TSxxxx` lines.
  const result = spawnSync(process.execPath, [command, ...args], { cwd, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  return { status: result.status, codes: [...output.matchAll(/error (TS\d+)/g)].map((m) => m[1]!).toSorted() };
}

describe('losskit-typecheck', () => {
  it("reports tsc's errors for a package's own files and exits 1", () => {
    const dir = samplePackage(`export const count: number = 'three';\nexport function double(x: number) { return 2 * x; }\n`);
    const ours = run(TYPECHECK, [dir], ROOT);
    const tsc = run(TSC, ['-p', '.'], dir);
    // A string assigned to a number (TS2322). The missing return type that isolatedDeclarations
    // needs (TS9007) is a declaration error, which tsc shows only once the rest is clean.
    expect(tsc.codes).toEqual(['TS2322']);
    expect(ours).toEqual({ status: 1, codes: tsc.codes });
    const declarationOnly = samplePackage(`export function double(x: number) { return 2 * x; }\n`);
    expect(run(TSC, ['-p', '.'], declarationOnly).codes).toEqual(['TS9007']);
    expect(run(TYPECHECK, [declarationOnly], ROOT)).toEqual({ status: 1, codes: ['TS9007'] });
  });

  it('passes a clean package', () => {
    const dir = samplePackage(`export function double(x: number): number {\n  return 2 * x;\n}\n`);
    expect(run(TYPECHECK, [dir], ROOT)).toEqual({ status: 0, codes: [] });
  });
});
