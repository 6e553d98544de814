// The portable entry stays portable: exactly these names, and no import of the runner, Node's
// modules (but node:assert, which browser bundles alias) or Chromium.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as portable from '../src/portable';

const SRC = new URL('../src/', import.meta.url);

/** Every module the entry loads, transitively, within this package. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(new URL(file, SRC), 'utf8');
  for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
    const base = new URL(file, SRC).pathname.replace(/[^/]+$/, '');
    reachable(new URL(`${spec}.ts`, `file://${base}`).pathname.slice(new URL(SRC).pathname.length), seen);
  }
  return seen;
}

describe('@losskit/testkit/portable', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(portable).toSorted()).toEqual([
      'GRADIENT_FLOOR',
      'GRADIENT_TOLERANCE',
      'checkGradient',
      'expectClose',
      'finiteDifferences',
      'generateValues',
      'maxRelativeError',
      'referenceGradient',
      'seededRandom',
    ]);
  });

  it('loads no Node module but node:assert, and neither the runner nor the browser harness', () => {
    const files = [...reachable('portable.ts')];
    expect(files).toEqual(expect.arrayContaining(['portable.ts', 'finite-differences.ts', 'compare.ts', 'checks/random.ts', 'random.ts', 'targets/ids.ts']));
    expect(files).not.toContain('runner.ts');
    for (const file of files) {
      const text = readFileSync(new URL(file, SRC), 'utf8');
      const external = [...text.matchAll(/^import[^'"]*from '([^.][^']*)'/gm)].map((m) => m[1]);
      expect(external.filter((spec) => spec !== 'node:assert' && !spec!.startsWith('@losskit/core') && !spec!.startsWith('@losskit/runtime')), file).toEqual([]);
    }
  });
});
