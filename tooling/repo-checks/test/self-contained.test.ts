// The repository stands on its own: a person who clones it has nothing outside it, so no file
// may point outside it (a design note, a style guide or articles kept elsewhere), and every
// relative link in its markdown must reach a file inside it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './workspace';

/** Files git tracks, and new ones it does not ignore (so an uncommitted file is checked too). */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && existsSync(join(ROOT, f)));
const BINARY = /\.(png|jpe?g|onnx|wasm|gz|tgz|ico|woff2?)$/i;
const text = files.filter((f) => !BINARY.test(f) && f !== 'pnpm-lock.yaml');

// Written in pieces so that this file does not match itself.
const OUTSIDE = new RegExp(['(?:\\.\\./)+' + 'shared\\b', '\\b(?:STYLE|DESIGN|BROWSER-NOTES)' + '\\.md\\b'].join('|'));

describe('the repository', () => {
  it('lists its files through git', () => {
    expect(files).toContain('README.md');
    expect(text.length).toBeGreaterThan(100);
  });

  it('has no file that points at developer notes outside it', () => {
    const found: string[] = [];
    for (const file of text) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const match = OUTSIDE.exec(line);
          // A file of that name inside the repository is fine.
          if (match && !files.some((f) => f.endsWith(`/${match[0]}`) || f === match[0])) found.push(`${file}:${i + 1}: ${match[0]}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('has markdown whose relative links reach files inside it', () => {
    const broken: string[] = [];
    for (const file of text.filter((f) => f.endsWith('.md'))) {
      const markdown = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/i.test(target!)) continue;
        const path = resolve(ROOT, dirname(file), decodeURIComponent(target!.replace(/[#?].*$/, '')));
        const inside = !relative(ROOT, path).startsWith('..');
        if (!inside || !existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
