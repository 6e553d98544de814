import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Settings } from './settings';

const run = promisify(execFile);

export interface DemoResult {
  readonly command: string;
  /** When the demo was timed, and the 1-minute load average then (it may be merged into another run's results). */
  readonly date?: string;
  readonly loadAtStart?: number;
  readonly seconds?: number;
  readonly skipped?: string;
}

/** Times the whole default `pnpm demo` (its built entry, so the build is not counted). */
export async function benchDemo(_settings: Settings): Promise<DemoResult> {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const entry = `${root}apps/node-demo/dist/main.js`;
  const command = 'node apps/node-demo/dist/main.js';
  if (!existsSync(entry)) return { command, skipped: `${entry} is not built (pnpm bench builds it; run turbo run build --filter=@losskit/node-demo...)` };
  const date = new Date().toISOString();
  const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const start = performance.now();
  try {
    await run(process.execPath, [entry], { cwd: root, timeout: 30 * 60_000, maxBuffer: 64 << 20 });
  } catch (error) {
    return { command, skipped: `the demo failed: ${String((error as Error).message).split('\n')[0]}` };
  }
  return { command, date, loadAtStart, seconds: (performance.now() - start) / 1000 };
}
