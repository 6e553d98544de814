// The table .ci/run prints at its end: each task's wall time from turbo's run summaries, slowest
// first, the sums per task name and each run's wall time. Checked on summaries written here with
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

function runScript(root: string, ...args: string[]): string {
  const result = spawnSync(process.execPath, [SCRIPT, root, ...args], { encoding: 'utf8' });
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
    expect(lines[0]).toBe('Task times (seconds, slowest first) of `turbo run test lint`:');
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
    expect(lines[8]).toBe('Wall time 95.0 s for 4 tasks (151.5 s of task time): turbo run test lint');
    expect(lines).toHaveLength(9);
  });

  it('with --since, merges every run that started since then (pnpm test is two turbo runs)', () => {
    const root = mkdtempSync(join(tmpdir(), 'losskit-task-times-'));
    const runs = join(root, '.turbo', 'runs');
    mkdirSync(runs, { recursive: true });
    const summary = (command: string, start: number, end: number, tasks: object[]) =>
      JSON.stringify({ execution: { command, startTime: T0 + start, endTime: T0 + end }, tasks });
    writeFileSync(join(runs, 'before.json'), summary('turbo run lint', -60_000, -50_000, [task('x#lint', -60_000, -50_000)]));
    writeFileSync(join(runs, 'build.json'), summary('turbo run build', 0, 20_000, [task('a#build', 0, 20_000)]));
    writeFileSync(join(runs, 'test.json'), summary('turbo run test --only', 21_000, 80_000, [task('a#test', 21_000, 31_000), task('b#test', 21_000, 80_000)]));
    const lines = runScript(root, '--since', String(T0)).trimEnd().split('\n');
    expect(lines[0]).toBe('Task times (seconds, slowest first) of `turbo run build`, then `turbo run test --only`:');
    expect(lines.slice(1, 4).map((l) => l.trim().split(/\s+/))).toEqual([
      ['b#test', '59.0'],
      ['a#build', '20.0'],
      ['a#test', '10.0'],
    ]);
    expect(lines.slice(-2)).toEqual([
      'Wall time 20.0 s for 1 tasks (20.0 s of task time): turbo run build',
      'Wall time 59.0 s for 2 tasks (69.0 s of task time): turbo run test --only',
    ]);
    expect(lines.join('\n')).not.toContain('x#lint');
  });

  it('says so when turbo wrote no summary', () => {
    const root = mkdtempSync(join(tmpdir(), 'losskit-task-times-'));
    expect(runScript(root)).toMatch(/^No turbo run summary in .*\.turbo\/runs \(run turbo with TURBO_RUN_SUMMARY=true\)/);
  });

  it('is what .ci/run prints at its end, with turbo told to write the summary', () => {
    const ci = read('.ci/run');
    expect(ci).toMatch(/^export TURBO_RUN_SUMMARY=true$/m);
    expect(ci).toMatch(/^started_ms=\$\(date \+%s%3N\)$/m);
    expect(ci).toMatch(/^trap 'node tooling\/config\/task-times\.js --since "\$started_ms" \|\| true' EXIT$/m);
  });
});
