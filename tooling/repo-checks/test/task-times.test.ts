// The table .ci/run prints at its end: each task's wall time from turbo's run summary, slowest
// first, the sums per task name and the run's wall time. Checked on a summary written here with
// hand-picked times, by running the script as .ci/run does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, read } from './workspace';

const SCRIPT = join(ROOT, 'tooling/config/task-times.js');
const T0 = 1_700_000_000_000;

function task(taskId: string, start: number, end: number, status = 'MISS', exitCode = 0) {
  const [, name] = taskId.split('#');
  return { taskId, task: name, cache: { status }, execution: { startTime: T0 + start, endTime: T0 + end, exitCode } };
}

function runScript(root: string): string {
  const result = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('task-times table', () => {
  it('lists tasks slowest first, marks cached and failed ones, sums per task name, and reads the newest summary', () => {
    const root = mkdtempSync(join(tmpdir(), 'losskit-task-times-'));
    const runs = join(root, '.turbo', 'runs');
    mkdirSync(runs, { recursive: true });
    const older = join(runs, 'older.json');
    writeFileSync(older, JSON.stringify({ execution: { command: 'turbo run old', startTime: T0, endTime: T0 + 1 }, tasks: [] }));
    utimesSync(older, new Date(T0 / 1000), new Date(T0 / 1000));
    writeFileSync(
      join(runs, 'newer.json'),
      JSON.stringify({
        execution: { command: 'turbo run test lint', startTime: T0, endTime: T0 + 95_000 },
        tasks: [
          task('a#lint', 0, 1_500),
          task('a#test', 1_500, 61_500, 'MISS', 1),
          task('b#test', 0, 90_000),
          task('b#lint', 90_000, 90_000, 'HIT'),
          // A task turbo did not run (its dependency failed) has no execution.
          { taskId: 'c#test', task: 'test', cache: { status: 'MISS' } },
        ],
      }),
    );
    const lines = runScript(root).trimEnd().split('\n');
    expect(lines[0]).toBe('Task times of `turbo run test lint` (seconds, slowest first):');
    // 90 s, 60 s (failed), 1.5 s, 0 s (cached).
    expect(lines.slice(1, 5).map((l) => l.trim().split(/\s+/))).toEqual([
      ['b#test', '90.0'],
      ['a#test', '60.0', 'exit', '1'],
      ['a#lint', '1.5'],
      ['b#lint', '0.0', 'cached'],
    ]);
    expect(lines[5]).toBe('Per task name (sum over packages):');
    expect(lines.slice(6, 8).map((l) => l.trim().split(/\s+/))).toEqual([
      ['test', '150.0', '(2', 'tasks)'],
      ['lint', '1.5', '(2', 'tasks)'],
    ]);
    expect(lines[8]).toBe('Wall time 95.0 s for 4 tasks (151.5 s of task time).');
  });

  it('says so when turbo wrote no summary', () => {
    const root = mkdtempSync(join(tmpdir(), 'losskit-task-times-'));
    expect(runScript(root)).toMatch(/^No turbo run summary in .*\.turbo\/runs \(run turbo with TURBO_RUN_SUMMARY=true\)/);
  });

  it('is what .ci/run prints at its end, with turbo told to write the summary', () => {
    const ci = read('.ci/run');
    expect(ci).toMatch(/^export TURBO_RUN_SUMMARY=true$/m);
    expect(ci).toMatch(/^trap 'node tooling\/config\/task-times\.js \|\| true' EXIT$/m);
  });
});
