#!/usr/bin/env node
// @ts-check
// Prints where turbo runs spent their time: one line per task, slowest first, then the total per
// task name (build, test, ...) and each run's wall time. Reads the run summaries turbo writes to
// `.turbo/runs/` when run with `--summarize` or `TURBO_RUN_SUMMARY=true`: the newest one, or, with
// `--since <epoch ms>`, every run that started since then (`pnpm test` is two turbo runs).
// Usage: losskit-task-times [repository root, default: the current directory] [--since <epoch ms>]
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ startTime: number, endTime: number, exitCode?: number | null }} Execution
 * @typedef {{ taskId: string, task: string, cache: { status: string }, execution?: Execution }} TaskSummary
 * @typedef {{ execution: Execution & { command: string }, tasks: TaskSummary[] }} RunSummary
 */

/** @param {number} ms */
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);

/**
 * The table of one or more runs, as text.
 * @param {readonly RunSummary[]} runs
 * @returns {string}
 */
export function formatTaskTimes(runs) {
  const rows = runs
    .flatMap((run) => run.tasks)
    .flatMap((t) => (t.execution ? [{ ...t, execution: t.execution }] : []))
    .map((t) => ({
      id: t.taskId,
      task: t.task,
      cache: t.cache.status === 'HIT' ? 'cached' : '',
      failed: t.execution.exitCode ? `exit ${t.execution.exitCode}` : '',
      ms: t.execution.endTime - t.execution.startTime,
    }))
    .sort((a, b) => b.ms - a.ms);
  const width = Math.max(4, ...rows.map((r) => r.id.length));
  const lines = [`Task times (seconds, slowest first) of ${runs.map((run) => `\`${run.execution.command}\``).join(', then ')}:`];
  for (const r of rows) lines.push(`  ${r.id.padEnd(width)} ${seconds(r.ms)}  ${r.cache}${r.failed}`.trimEnd());
  /** @type {Map<string, { ms: number, count: number }>} */
  const byTask = new Map();
  for (const r of rows) {
    const entry = byTask.get(r.task) ?? { ms: 0, count: 0 };
    entry.ms += r.ms;
    entry.count += 1;
    byTask.set(r.task, entry);
  }
  lines.push('Per task name (sum over packages):');
  for (const [task, { ms, count }] of [...byTask].sort((a, b) => b[1].ms - a[1].ms)) {
    lines.push(`  ${task.padEnd(width)} ${seconds(ms)}  (${count} tasks)`);
  }
  for (const run of runs) {
    const ran = run.tasks.filter((t) => t.execution);
    const busy = ran.reduce((sum, t) => sum + /** @type {Execution} */ (t.execution).endTime - /** @type {Execution} */ (t.execution).startTime, 0);
    const wall = run.execution.endTime - run.execution.startTime;
    lines.push(`Wall time ${seconds(wall).trim()} s for ${ran.length} tasks (${seconds(busy).trim()} s of task time): ${run.execution.command}`);
  }
  return lines.join('\n');
}

/**
 * Run summaries under `root/.turbo/runs`, oldest first: those that started at or after `since`
 * (epoch ms), or only the newest when `since` is undefined.
 * @param {string} root @param {number | undefined} since
 * @returns {RunSummary[]}
 */
export function runSummaries(root, since) {
  const folder = join(root, '.turbo', 'runs');
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(folder, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  /** @type {RunSummary[]} */
  const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));
  if (since === undefined) return runs.slice(-1);
  return runs.filter((run) => run.execution.startTime >= since).sort((a, b) => a.execution.startTime - b.execution.startTime);
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sinceAt = args.indexOf('--since');
  const since = sinceAt >= 0 ? Number(args.splice(sinceAt, 2)[1]) : undefined;
  if (since !== undefined && !Number.isFinite(since)) {
    console.error('task-times: --since expects a time in milliseconds since the epoch');
    process.exit(2);
  }
  const root = resolve(args[0] ?? '.');
  const runs = runSummaries(root, since);
  if (runs.length === 0) {
    console.log(`No turbo run summary in ${join(root, '.turbo', 'runs')} (run turbo with TURBO_RUN_SUMMARY=true).`);
  } else {
    console.log(formatTaskTimes(runs));
  }
}
