#!/usr/bin/env node
// @ts-check
// Packaging checks for a public package: publint (strict) and "are the types wrong" on the
// packed tarball. Run from the package directory after `build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
if (pkg.private) {
  console.log(`${pkg.name} is private: nothing to check`);
  process.exit(0);
}
// The tools are dependencies of this config package; run them from its own .bin folder.
const binFolder = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '.bin');
/** @param {string} label @param {string} command @param {string[]} args */
function run(label, command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${pkg.name}: ${label} failed`);
}
// Pack once, as publishing does (pnpm turns workspace: and catalog: ranges into versions), and
// check that tarball with both tools: each would otherwise pack the package again itself.
const folder = mkdtempSync(join(tmpdir(), 'losskit-check-package-'));
try {
  run('pnpm pack', 'pnpm', ['pack', '--pack-destination', folder]);
  const tarball = readdirSync(folder).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`${pkg.name}: pnpm pack wrote no tarball to ${folder}`);
  run('publint', join(binFolder, 'publint'), [join(folder, tarball), '--strict']);
  // ESM-only packages: the CommonJS resolution modes are expected to fail, so ignore them.
  run('attw', join(binFolder, 'attw'), [join(folder, tarball), '--profile', 'esm-only']);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
