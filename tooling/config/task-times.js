#!/usr/bin/env node
// @ts-check
// Prints where a turbo run spent its time: one line per task, slowest first, then the total per
// task name (build, test, ...) and the run's wall time. Reads the newest run summary turbo wrote
// to `.turbo/runs/` (turbo writes one when run with `--summarize` or `TURBO_RUN_SUMMARY=true`).
// Usage: losskit-task-times [repository root, default: the current directory]
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
 * The table of one run summary, as text.
 * @param {RunSummary} run
 * @returns {string}
 */
export function formatTaskTimes(run) {
  const rows = run.tasks
    .filter((t) => t.execution)
    .map((t) => ({
      id: t.taskId,
      task: t.task,
      cache: t.cache.status === 'HIT' ? 'cached' : '',
      failed: t.execution?.exitCode ? `exit ${t.execution.exitCode}` : '',
      ms: /** @type {Execution} */ (t.execution).endTime - /** @type {Execution} */ (t.execution).startTime,
    }))
    .sort((a, b) => b.ms - a.ms);
  const width = Math.max(4, ...rows.map((r) => r.id.length));
  const lines = [`Task times of \`${run.execution.command}\` (seconds, slowest first):`];
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
  const busy = rows.reduce((sum, r) => sum + r.ms, 0);
  const wall = run.execution.endTime - run.execution.startTime;
  lines.push(`Wall time ${seconds(wall).trim()} s for ${rows.length} tasks (${seconds(busy).trim()} s of task time).`);
  return lines.join('\n');
}

/**
 * The newest run summary under `root/.turbo/runs`, or undefined when there is none.
 * @param {string} root
 * @returns {RunSummary | undefined}
 */
export function newestRunSummary(root) {
  const folder = join(root, '.turbo', 'runs');
  if (!existsSync(folder)) return undefined;
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(folder, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] === undefined ? undefined : JSON.parse(readFileSync(files[0], 'utf8'));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? '.');
  const run = newestRunSummary(root);
  if (run === undefined) {
    console.log(`No turbo run summary in ${join(root, '.turbo', 'runs')} (run turbo with TURBO_RUN_SUMMARY=true).`);
  } else {
    console.log(formatTaskTimes(run));
  }
}
