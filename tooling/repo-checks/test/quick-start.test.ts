import { describe, expect, it } from 'vitest';
import { read } from './workspace';

/** The fenced code block right under `## Quick start`, as command lines. */
function quickStartCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  if (!section) throw new Error('README.md has no "## Quick start" section');
  const block = /```(?:sh|bash|shell)?\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('The quick start has no code block');
  return block[1]!.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

describe('README quick start', () => {
  const commands = quickStartCommands(read('README.md'));

  it('has exactly two commands: run the demo, run the tests', () => {
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/install .*&& .*pnpm@\S+ demo$/);
    expect(commands[1]).toMatch(/install .*&& .*pnpm@\S+ test$/);
  });

  it('pins the pnpm version of package.json#packageManager', () => {
    const pinned = JSON.parse(read('package.json')).packageManager as string;
    for (const command of commands) expect(command).toContain(`npx -y ${pinned} `);
  });

  it('is what .ci/run runs', () => {
    const lines = read('.ci/run').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(lines.at(-1)).toBe(commands[1]);
  });
});
