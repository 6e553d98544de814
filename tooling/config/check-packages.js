#!/usr/bin/env node
// @ts-check
// Packaging checks for every public package in one process (packaging.js): one `pnpm pack` for
// all of them, then publint (strict) and "are the types wrong" (esm-only) on each tarball through
// their JavaScript APIs. 40 turbo check-package tasks took 104 s of task time, nearly all of
// it starting pnpm, node and attw's TypeScript once per package; this takes 3 to 4 s. Run after
// the packages' `build`.
// Usage: losskit-check-packages [package folder ...]; default: every workspace package with a
// `check-package` script (private ones are skipped). Exit code 1 when any package has a problem.
import { checkPackages } from './packaging.js';
import { workspacePackages } from './workspace.js';

await checkPackages(process.argv.length > 2 ? process.argv.slice(2) : workspacePackages('check-package').map(({ dir }) => dir));
