// The tester must fail on plugins that are wrong in one way each: a graph off by 0.1%, a wrong
// closed-form gradient, a reference with the wrong dims. The registered callbacks are collected
// and run here, so their failures can be inspected.
import { REDUCTIONS } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { LossTester } from '../src/index';
import { type Outcome, collectTests } from './support/collector';
import { flatReference, l1, scaledGraph, wrongGradient } from './support/plugins';

const VALID = [
  {
    name: 'hand computed mean: (1 + 2 + 3 + 1) / 4',
    prediction: { data: [1, 2, 3, 4], dims: [2, 2] },
    target: { data: [0, 0, 0, 5], dims: [2, 2] },
    expected: 1.75,
  },
];
const RANDOM = { dims: [[2, 3, 4, 5]], seed: 3 };
const WEIGHTS = ['without weights', 'with broadcast weights', 'with full-shape weights'];

async function runOnCpu(factory: typeof l1): Promise<{ outcomes: Map<string, Outcome>; log: string[] }> {
  const collector = collectTests();
  const log: string[] = [];
  new LossTester({ ...collector.runner, providers: ['cpu'], log: (line) => log.push(line) }).run('plugin', factory, { valid: VALID, random: RANDOM });
  return { outcomes: await collector.runAll(), log };
}

function outcome(outcomes: Map<string, Outcome>, name: string): Outcome {
  const found = outcomes.get(`plugin > ${name}`);
  if (!found) throw new Error(`no test named "${name}" among:\n${[...outcomes.keys()].join('\n')}`);
  return found;
}

function randomNames(gradient: boolean): string[] {
  return REDUCTIONS.flatMap((r) => WEIGHTS.map((w) => `[node:cpu] random${gradient ? ' gradient' : ''} 2x3x4x5 ${r} ${w}`));
}

describe('LossTester on broken plugins (node:cpu)', () => {
  it('passes every check of a correct l1', async () => {
    const { outcomes, log } = await runOnCpu(l1);
    const failed = [...outcomes].filter(([, o]) => o.status !== 'passed');
    expect(failed.map(([name, o]) => `${name}: ${o.error?.message}`)).toEqual([]);
    // [reference] valid + dims, then on node:cpu: 1 valid, 15 value and 15 gradient checks.
    expect(outcomes.size).toBe(2 + 1 + 15 + 15);
    expect(log).toEqual(['[losskit testkit] plugin: ran on node:cpu (31 passed); absent: none']);
  });

  it('fails a graph that is 1.001 times its reference: values, gradients and the valid case', async () => {
    const { outcomes, log } = await runOnCpu(scaledGraph);
    expect(outcome(outcomes, '[reference] valid: hand computed mean: (1 + 2 + 3 + 1) / 4').status).toBe('passed');
    expect(outcome(outcomes, '[reference] random 2x3x4x5: reference dims match the graph').status).toBe('passed');
    const valid = outcome(outcomes, '[node:cpu] valid: hand computed mean: (1 + 2 + 3 + 1) / 4');
    expect(valid.error?.message).toMatch(/node:cpu loss vs expected: relative error 1\.00e-3 exceeds 1e-5/);
    for (const name of randomNames(false)) {
      expect(outcome(outcomes, name).error?.message, name).toMatch(/node:cpu loss vs float64 reference: relative error \d\.\d\de-(3|4) exceeds 1e-6/);
    }
    for (const name of randomNames(true)) {
      expect(outcome(outcomes, name).error?.message, name).toMatch(/float64 reference: relative error|gradient vs finite differences/);
    }
    expect(log[0]).toContain('node:cpu (0 passed, 31 failed)');
  });

  it('fails a wrong closed-form gradient in every gradient check, and only there', async () => {
    const { outcomes } = await runOnCpu(wrongGradient);
    for (const name of randomNames(false)) expect(outcome(outcomes, name).status, name).toBe('passed');
    for (const name of randomNames(true)) {
      expect(outcome(outcomes, name).error?.message, name).toMatch(
        /node:cpu gradient vs finite differences of the float64 reference: max \|g - fd\| \/ max\|fd\| = [1-9]\.\d\de-1 exceeds 1e-4/,
      );
    }
  });

  it('fails a reference whose dims differ from the graph', async () => {
    const { outcomes } = await runOnCpu(flatReference);
    expect(outcome(outcomes, '[reference] random 2x3x4x5: reference dims match the graph').error?.message).toBe(
      "the reference's elementwise loss has dims [120], the graph's [2, 3, 4, 5]",
    );
    expect(outcome(outcomes, '[node:cpu] random 2x3x4x5 none without weights').error?.message).toBe(
      'node:cpu: the loss has dims [2, 3, 4, 5], the float64 reference [120]',
    );
    expect(outcome(outcomes, '[node:cpu] random 2x3x4x5 mean with broadcast weights').error?.message).toMatch(
      /the float64 reference failed: Invalid weights\.dims/,
    );
  });
});
