// The default run as a person sees it: the production build in headless Chromium without WebGPU
// (so the page falls back to WASM, threaded because it is cross-origin isolated), the default
// settings, started with the Start button. Prints the wall time from Start to the results table,
// the CPU time Chromium's processes spent meanwhile (on Linux; less sensitive than wall time to
// other work on the machine), the load average, and each row's held-out PSNR.
// `pnpm --filter @losskit/web-demo measure:default [runs] [query]` (a query such as `?steps=300`
// changes settings, for comparisons).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { launchChromium, openPage, serveProductionBuild, text, waitForDone } from './support/app';

const runs = Number(process.argv[2] ?? 1);
const query = process.argv[3] ?? '';

/** CPU seconds (user + system) of this process's descendants, from /proc; NaN elsewhere. */
function descendantCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return Number.NaN;
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we read.
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (isDescendant(pid)) total += t;
  // Linux reports times in clock ticks of 1/100 s.
  return total / 100;
}

const served = await serveProductionBuild();
const browser = await launchChromium({ webgpu: false });
try {
  for (let run = 1; run <= runs; run++) {
    const load = loadavg()[0]!;
    const { page, errors } = await openPage(browser, `${served.url}${query}`);
    const cpuBefore = descendantCpuSeconds();
    const started = performance.now();
    await page.getByTestId('start').click();
    await waitForDone(page, 3_600_000);
    const seconds = (performance.now() - started) / 1000;
    const cpu = descendantCpuSeconds() - cpuBefore;
    const rows = await page.getByTestId('metrics').evaluate((table: HTMLTableElement) =>
      Array.from(table.tBodies[0]!.rows, (row) => `${row.cells[0]!.textContent} ${row.cells[2]!.textContent} dB`),
    );
    const badge = await text(page, 'provider');
    console.log(
      `run ${run}: ${badge}, ${await text(page, 'step')} steps, ${seconds.toFixed(1)} s wall from Start to the results, ${cpu.toFixed(1)} s CPU of Chromium ` +
        `(load average ${load.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after)\n` +
        `  held-out PSNR: ${rows.join(', ')}\n  data: ${await text(page, 'data-description')}${errors.length ? `\n  page errors: ${errors.join('; ')}` : ''}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await served.server.close();
}
