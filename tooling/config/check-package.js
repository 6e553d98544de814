#!/usr/bin/env node
// @ts-check
// Packaging checks for a public package: publint (strict) and "are the types wrong" on the
// packed tarball. Run from the package directory after `build`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
if (pkg.private) {
  console.log(`${pkg.name} is private: nothing to check`);
  process.exit(0);
}
// The tools are dependencies of this config package; run them from its own .bin folder.
const binFolder = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '.bin');
/** @param {string} label @param {string} bin @param {string[]} args */
function run(label, bin, args) {
  const result = spawnSync(join(binFolder, bin), args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${pkg.name}: ${label} failed`);
    process.exit(result.status ?? 1);
  }
}
run('publint', 'publint', ['--strict']);
// ESM-only packages: the CommonJS resolution modes are expected to fail, so ignore them.
run('attw', 'attw', ['--pack', '.', '--profile', 'esm-only']);
