// The public API, kept deliberate: a snapshot of the exported names, each
// of them documented in the README.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as testkit from '../src/index';

describe('@losskit/testkit exports', () => {
  it('are exactly these', () => {
    expect(Object.keys(testkit).toSorted()).toEqual([
      'GRADIENT_FLOOR',
      'GRADIENT_TOLERANCE',
      'LossTester',
      'NODE_CPU_TOLERANCE',
      'OTHER_TOLERANCE',
      'TARGETS',
      'VALID_TOLERANCE',
      'checkGradient',
      'checkPluginMetadata',
      'expectClose',
      'finiteDifferences',
      'generateValues',
      'generateWeights',
      'maxRelativeError',
      'referenceGradient',
      'sameBits',
      'seededRandom',
    ]);
  });

  it('are documented in the README, with the tolerances they hold', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(testkit).filter((n) => !/^[A-Z_]+$/.test(n))) expect(readme, name).toContain(name);
    expect(testkit.NODE_CPU_TOLERANCE).toBe(1e-6);
    expect(testkit.OTHER_TOLERANCE).toBe(1e-5);
    expect(testkit.GRADIENT_TOLERANCE).toBe(1e-4);
    expect(testkit.GRADIENT_FLOOR).toBe(1e-6);
    expect(testkit.VALID_TOLERANCE).toBe(1e-5);
    expect(readme).toContain('within 1e-6 on Node\'s `cpu` and 1e-5\n    elsewhere');
    expect(readme).toContain('max(max_i |fd_i|, 1e-6) <= 1e-4');
  });
});
