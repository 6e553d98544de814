// How LossTester registers and judges cases: invalid cases that are not refused (or refused
// too late), wrong expected values, absent providers in and out of CI, runners without hooks.
import { InvalidInputError, InvalidOptionError, LossKitError, type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium } from '@losskit/browser-harness';
import { describe, expect, it } from 'vitest';
import { type LossTestCases, LossTester } from '../src/index';
import { testCallback } from '../src/runner';
import { probeNodeProviders } from '../src/targets/node-probe';
import { type Outcome, collectTests } from './support/collector';
import { l1 } from './support/plugins';

/** A plugin whose graph ONNX Runtime cannot load: an operator of an unknown domain. */
const unknownOperator: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'unknown-operator',
  description: 'A graph ONNX Runtime refuses, to check where errors come from.',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => {
      const difference = g.sub(prediction, target);
      return g.addNode('NoSuchOperator', [difference], {}, { domain: 'com.example', outputTypes: [{ dtype: 'float32', shape: difference.shape }] })[0]!;
    },
    reference: (prediction) => prediction,
  }),
});

const PREDICTION = { data: [1, 2, 3, 4], dims: [2, 2] };

async function runCases(factory: typeof l1, cases: LossTestCases<Record<string, never>>, options: { ci?: boolean } = {}): Promise<Map<string, Outcome>> {
  const collector = collectTests();
  new LossTester({ ...collector.runner, providers: ['cpu'], chromium: false, log: () => undefined, ...options }).run('p', factory, cases);
  return collector.runAll();
}

function failure(outcomes: Map<string, Outcome>, name: string): string | undefined {
  const outcome = outcomes.get(`p > ${name}`);
  if (!outcome) throw new Error(`no test "${name}" among ${[...outcomes.keys()].join(', ')}`);
  return outcome.status === 'failed' ? outcome.error?.message : outcome.status;
}

describe('invalid cases', () => {
  it('pass when the error, its class and its message come from losskit before the runtime', async () => {
    const outcomes = await runCases(l1, {
      invalid: [
        { name: 'dims', prediction: PREDICTION, target: { data: [1, 2, 3, 4, 5, 6], dims: [2, 3] }, error: InvalidInputError, message: /target\.dims/ },
        { name: 'option', options: { foo: 1 }, error: InvalidOptionError, message: /l1\.foo/ },
        { name: 'reduction', reduction: 'avg', error: InvalidOptionError, message: /reduction/ },
        { name: 'base class', prediction: PREDICTION, target: { data: [1, 2, 3], dims: [2, 2] }, error: LossKitError },
      ],
    });
    expect([...outcomes.values()].map((o) => o.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('fail when nothing is thrown, or the class or the message differ', async () => {
    const outcomes = await runCases(l1, {
      invalid: [
        { name: 'valid inputs', prediction: PREDICTION, target: PREDICTION, error: InvalidInputError },
        { name: 'wrong class', options: { foo: 1 }, error: InvalidInputError },
        { name: 'wrong message', options: { foo: 1 }, error: InvalidOptionError, message: /l1\.bar/ },
      ],
    });
    expect(failure(outcomes, '[node:cpu] invalid: valid inputs')).toBe('node:cpu: expected InvalidInputError, but the loss ran without error');
    expect(failure(outcomes, '[node:cpu] invalid: wrong class')).toMatch(/^node:cpu: expected an instance of InvalidInputError, received InvalidOptionError: Invalid option l1\.foo/);
    expect(failure(outcomes, '[node:cpu] invalid: wrong message')).toMatch(/^node:cpu: expected the message to match \/l1\\\.bar\/, received "Invalid option l1\.foo/);
  });

  it('fail when only ONNX Runtime raises the error: the inputs reached the runtime', async () => {
    const outcomes = await runCases(unknownOperator, {
      invalid: [{ name: 'runtime error', prediction: PREDICTION, target: PREDICTION, error: LossKitError }],
    });
    expect(failure(outcomes, '[node:cpu] invalid: runtime error')).toMatch(/was not raised by losskit's checks before ONNX Runtime ran \(without a runtime: no error\)/);
  });
});

describe('valid cases', () => {
  it('fail on the reference and on every provider when the expected value is wrong', async () => {
    const outcomes = await runCases(l1, {
      valid: [
        { name: 'right', prediction: PREDICTION, target: { data: [0, 0, 0, 5], dims: [2, 2] }, expected: 1.75, gradient: [0.25, 0.25, 0.25, -0.25] },
        { name: 'wrong', prediction: PREDICTION, target: { data: [0, 0, 0, 5], dims: [2, 2] }, expected: 1.8 },
        { name: 'wrong gradient', prediction: PREDICTION, target: { data: [0, 0, 0, 5], dims: [2, 2] }, expected: 1.75, gradient: [0.25, 0.25, 0.25, 0.25] },
        { name: 'float32 data and none', prediction: { data: Float32Array.of(0.5, -1), dims: [2] }, target: { data: [0, 1], dims: [2] }, reduction: 'none', expected: [0.5, 2] },
      ],
    });
    expect(failure(outcomes, '[reference] valid: right')).toBe('passed');
    expect(failure(outcomes, '[node:cpu] valid: right')).toBe('passed');
    expect(failure(outcomes, '[reference] valid: wrong')).toMatch(/^float64 reference vs expected: relative error 2\.78e-2 exceeds 1e-5/);
    expect(failure(outcomes, '[node:cpu] valid: wrong')).toMatch(/^node:cpu loss vs expected: relative error 2\.78e-2 exceeds 1e-5/);
    expect(failure(outcomes, '[reference] valid: wrong gradient')).toMatch(/^finite differences of the float64 reference vs expected gradient/);
    expect(failure(outcomes, '[node:cpu] valid: wrong gradient')).toMatch(/^node:cpu gradient vs expected: relative error 5\.00e-1/);
    expect(failure(outcomes, '[node:cpu] valid: float32 data and none')).toBe('passed');
  });

  it('skip the finite differences of a gradient marked as a convention, but still check it on every provider', async () => {
    const outcomes = await runCases(l1, {
      valid: [
        {
          name: 'convention',
          prediction: PREDICTION,
          target: { data: [0, 0, 0, 5], dims: [2, 2] },
          expected: 1.75,
          gradient: [0.25, 0.25, 0.25, 0.25],
          gradientConventions: { prediction: 'a made-up convention the graph does not follow' },
        },
      ],
    });
    expect(failure(outcomes, '[reference] valid: convention')).toBe('passed');
    expect(failure(outcomes, '[node:cpu] valid: convention')).toMatch(/^node:cpu gradient vs expected: relative error 5\.00e-1/);
  });
});

/** x / sqrt(x² + 1e-12) of x = prediction - target: a sign that bends within about 1e-6 of 0, slope 1e6 there. */
const smoothSign: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'smooth-sign',
  description: 'A smooth sign of the difference, to check finite-difference steps.',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => {
      const x = g.sub(prediction, target);
      return g.div(x, g.sqrt(g.add(g.mul(x, x), 1e-12)));
    },
    reference: (prediction, target) => ({
      data: prediction.data.map((p, i) => (p - target.data[i]!) / Math.sqrt((p - target.data[i]!) ** 2 + 1e-12)),
      dims: prediction.dims,
    }),
  }),
});

describe('valid cases: finite-difference step', () => {
  it('checks the expected gradient at the step the case gives, where the default step is too coarse', async () => {
    // At x = 0 the slope is 1 / sqrt(1e-12) = 1e6; a step of 1e-6 sees (2 / sqrt(2)) / 2e-6 = 7.07e5.
    const zero = { prediction: { data: [0], dims: [1] }, target: { data: [0], dims: [1] }, expected: 0, gradient: [1e6], tolerance: 1e-4 };
    const outcomes = await runCases(smoothSign as unknown as typeof l1, {
      valid: [
        { name: 'default step', ...zero },
        { name: 'step 1e-9', ...zero, finiteDifferenceStep: 1e-9 },
      ],
    });
    expect(failure(outcomes, '[reference] valid: default step')).toMatch(/^finite differences of the float64 reference vs expected gradient of prediction .*received 707106/);
    expect(failure(outcomes, '[reference] valid: step 1e-9')).toBe('passed');
    expect(failure(outcomes, '[node:cpu] valid: step 1e-9')).toBe('passed');
  });
});

describe('providers', () => {
  it('registers the tests of an absent Chromium as skipped, with the reason in the name, outside CI', async () => {
    const collector = collectTests();
    const log: string[] = [];
    new LossTester({ ...collector.runner, providers: ['cpu', 'wasm'], chromium: '/nonexistent/chromium', ci: false, log: (line) => log.push(line) }).run('p', l1, {
      valid: [{ name: 'v', prediction: PREDICTION, target: PREDICTION, expected: 0 }],
      random: { dims: [[3]] },
    });
    expect(collector.skippedNames()).toHaveLength(1 + 30);
    expect(collector.skippedNames()[0]).toBe('p > [chromium:wasm] valid: v (skipped: Chromium not found)');
    const outcomes = await collector.runAll();
    expect([...outcomes.values()].filter((o) => o.status === 'failed')).toEqual([]);
    expect(log).toEqual(['[losskit testkit] p: ran on node:cpu (31 passed); absent: chromium:wasm (Chromium not found at /nonexistent/chromium)']);
  });

  it('fails the tests of an absent Chromium in CI', async () => {
    const collector = collectTests();
    new LossTester({ ...collector.runner, providers: ['wasm'], chromium: '/nonexistent/chromium', ci: true, log: () => undefined }).run('p', l1, {
      valid: [{ name: 'v', prediction: PREDICTION, target: PREDICTION, expected: 0 }],
    });
    expect(collector.skippedNames()).toEqual([]);
    const outcomes = await collector.runAll();
    expect(failure(outcomes, '[chromium:wasm] valid: v')).toBe(
      'chromium:wasm is required in CI (CI is set) but absent: Chromium not found at /nonexistent/chromium',
    );
  });

  it('selects targets by provider or by name, and refuses unknown ones', () => {
    const collector = collectTests();
    new LossTester({ ...collector.runner, providers: ['webgpu'], chromium: '/nonexistent/chromium', ci: false }).run('p', l1, {
      valid: [{ name: 'v', prediction: PREDICTION, target: PREDICTION, expected: 0 }],
    });
    // Node's webgpu target is skipped too where this machine has no adapter, with the probe's words.
    const webgpu = probeNodeProviders().get('webgpu')!;
    expect(collector.names().filter((n) => !n.includes('[reference]'))).toEqual([
      `p > [node:webgpu] valid: v${webgpu.available ? '' : ` (skipped: ${webgpu.short})`}`,
      'p > [chromium:webgpu] valid: v (skipped: Chromium not found)',
    ]);
    expect(() => new LossTester({ ...collector.runner, providers: ['tpu' as 'cpu'] }).run('p', l1, {})).toThrow(/unknown provider "tpu"/);
  });

  it('prints the summary from a last test when the runner gives no hooks', async () => {
    const collector = collectTests({ withHooks: false });
    const log: string[] = [];
    new LossTester({ ...collector.runner, providers: ['cpu'], log: (line) => log.push(line) }).run('p', l1, {
      valid: [{ name: 'v', prediction: PREDICTION, target: PREDICTION, expected: 0 }],
    });
    expect(collector.names().at(-1)).toBe('p > [summary] close Chromium and print which providers ran');
    await collector.runAll();
    expect(log).toEqual(['[losskit testkit] p: ran on node:cpu (1 passed); absent: none']);
  });

  it('needs describe and it, and a factory rather than a plugin', () => {
    expect(() => new LossTester({} as never)).toThrow(/new LossTester\(\{ describe, it \}\)/);
    const collector = collectTests();
    expect(() => new LossTester(collector.runner).run('p', l1() as never, {})).toThrow(/pass the plugin factory/);
  });
});

const chromium = findChromium();

describe.skipIf(!chromium)(`a Chromium without WebGPU${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  // A wrapper that starts the real Chromium without the flags that give it a WebGPU adapter.
  function chromiumWithoutWebGpu(): string {
    const path = join(mkdtempSync(join(tmpdir(), 'losskit-testkit-')), 'chromium');
    const drop = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan', '--use-vulkan=swiftshader'];
    writeFileSync(
      path,
      `#!/bin/sh\nfor a in "$@"; do shift; case "$a" in ${drop.join('|')}) ;; *) set -- "$@" "$a" ;; esac; done\nexec ${findChromium()} --disable-features=Vulkan --disable-gpu "$@"\n`,
    );
    chmodSync(path, 0o755);
    return path;
  }

  async function runWebGpu(ci: boolean): Promise<{ outcomes: Map<string, Outcome>; log: string[] }> {
    const collector = collectTests();
    const log: string[] = [];
    new LossTester({ ...collector.runner, providers: ['chromium:webgpu'], chromium: chromiumWithoutWebGpu(), ci, log: (line) => log.push(line) }).run('p', l1, {
      valid: [{ name: 'v', prediction: PREDICTION, target: PREDICTION, expected: 0 }],
    });
    return { outcomes: await collector.runAll(), log };
  }

  it('skips its webgpu tests at run time outside CI, and says why', async () => {
    const { outcomes, log } = await runWebGpu(false);
    expect(failure(outcomes, '[chromium:webgpu] valid: v')).toBe('skipped');
    expect(log[0]).toMatch(/^\[losskit testkit\] p: ran on no provider; absent: chromium:webgpu \(.+\)$/);
  });

  it('fails them in CI', async () => {
    const { outcomes } = await runWebGpu(true);
    expect(failure(outcomes, '[chromium:webgpu] valid: v')).toMatch(/^chromium:webgpu is required in CI \(CI is set\) but absent: /);
  });
});

describe('test callbacks', () => {
  it('skip through the runner: node:test marks and returns, vitest and mocha throw', async () => {
    const marked: string[] = [];
    const body = testCallback(async (control) => {
      control.skip('no adapter');
      throw new Error('not reached');
    });
    await expect(body({ skip: (reason: string) => marked.push(reason) })).resolves.toBeUndefined();
    expect(marked).toEqual(['no adapter']);
    const pending = new Error('pending');
    await expect(body({ skip: () => { throw pending; } })).rejects.toBe(pending);
    await expect(body.call({ skip: () => { throw pending; } })).rejects.toBe(pending);
    await expect(body()).rejects.toThrow('no adapter (this test runner cannot skip a running test)');
  });

  it('declare no parameters, so runners do not take one for a done callback', () => {
    expect(testCallback(async () => undefined).length).toBe(0);
  });
});
