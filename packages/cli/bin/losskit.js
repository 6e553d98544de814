#!/usr/bin/env node
// The `losskit` command. A committed file rather than a build output, so that installing the
// workspace (before anything is built) links the bin without a warning.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/index.js', import.meta.url);
if (!existsSync(entry)) {
  // Only in a clone of the losskit repository: a published package always has dist/.
  console.error('losskit: @losskit/cli is not built. In the losskit repository, run `pnpm losskit ...` (it builds first) or `pnpm build`.');
  process.exit(1);
}
const { runCli } = await import(entry.href);
process.exitCode = await runCli(process.argv.slice(2));
