#!/usr/bin/env node
// @ts-check
// Packaging checks for one public package, run from its folder after `build`: packaging.js's
// checks (publint --strict and attw --profile esm-only on the packed tarball), as
// check-packages.js runs them on every package at once.
import { checkPackages } from './packaging.js';

await checkPackages([process.cwd()]);
