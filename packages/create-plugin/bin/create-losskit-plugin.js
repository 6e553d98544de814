#!/usr/bin/env node
// The `create-losskit-plugin` command (what `npm create losskit-plugin` runs). A committed file
// rather than a build output, so that installing the workspace links it without a warning.
import { runCreate } from '../dist/index.js';

process.exitCode = await runCreate(process.argv.slice(2));
