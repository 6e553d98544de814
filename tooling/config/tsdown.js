// @ts-check
// The single build configuration of every losskit package. Entry points are read from the
// package's own `exports` map (the `@losskit/source` condition), so a package never repeats
// them and the build cannot drift from what the package publishes.
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { defineConfig } from 'tsdown';

/** @param {unknown} target @param {string[]} found */
function collectLeaves(target, found) {
  if (typeof target === 'string') found.push(target);
  else if (typeof target === 'object' && target !== null) for (const value of Object.values(target)) collectLeaves(value, found);
}

/** @param {unknown} target @param {string[]} found */
function collectSources(target, found) {
  if (typeof target !== 'object' || target === null) return;
  for (const [key, value] of Object.entries(target)) {
    // The source condition may itself be split by platform ({ browser, default }).
    if (key === '@losskit/source') collectLeaves(value, found);
    else collectSources(value, found);
  }
}

function entriesFromExports() {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  /** @type {string[]} */
  const sources = [];
  collectSources(pkg.exports, sources);
  // A bin in dist/ is built from src/; a committed bin (a shim importing dist/) is not an entry.
  for (const bin of Object.values(pkg.bin ?? {})) {
    if (typeof bin === 'string' && bin.startsWith('./dist/')) sources.push(bin.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts'));
  }
  if (sources.length === 0) throw new Error(`${pkg.name}: no "@losskit/source" condition in exports`);
  /** @type {Record<string, string>} */
  const entry = {};
  for (const source of new Set(sources)) entry[basename(source, extname(source))] = source;
  return entry;
}

export default defineConfig({
  entry: entriesFromExports(),
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  external: [/^node:/],
});
