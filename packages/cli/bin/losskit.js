#!/usr/bin/env node
// The `losskit` command. A committed file rather than a build output, so that installing the
// workspace (before anything is built) links the bin without a warning.
import { runCli } from '../dist/index.js';

process.exitCode = await runCli(process.argv.slice(2));
