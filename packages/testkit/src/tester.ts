import { isCi } from '@losskit/browser-harness';
import { type LossPlugin, REDUCTIONS } from '@losskit/core';
import type { InvalidCase, LossTestCases, RandomSpec, ValidCase } from './cases';
import { fail } from './compare';
import { type DefaultInputs, checkInvalidCase } from './checks/invalid';
import { dimsLabel } from './checks/inputs';
import { type RandomFixture, checkRandomGradient, checkRandomValue, checkReferenceDims, fixtureGradient, randomFixture } from './checks/random';
import { checkValidCase, checkValidReference } from './checks/valid';
import type { FiniteDifferences } from './finite-differences';
import { WEIGHTS_LABELS, type WeightsKind, generateValues, seededRandom } from './random';
import { type TestRunnerFunctions, testCallback } from './runner';
import { type BrowserSession, browserExecutor, browserSession } from './targets/browser';
import type { Executor } from './targets/executor';
import { type ProviderSelector, type TargetId, isBrowserTarget, providerOf } from './targets/ids';
import { nodeExecutor } from './targets/node';
import { type TargetPlan, chooseChromium, planTargets } from './targets/plan';

/** Options of {@link LossTester}: the runner's functions, and which providers to run on. */
export interface LossTesterOptions extends TestRunnerFunctions {
  /**
   * Restricts the checks to these providers (`'cpu'`, `'webgpu'` for Node and Chromium, or a
   * target such as `'chromium:wasm'`). Default: every target; CUDA only where it runs.
   */
  readonly providers?: readonly ProviderSelector[];
  /**
   * Whether absent providers fail instead of being skipped. Default: `isCi()` of
   * @losskit/browser-harness, whether `process.env.CI` is set to anything but '', 'false' or '0':
   * CI installs Chromium and SwiftShader, so nothing may be skipped silently there. CUDA is
   * never required (no CI machine has a GPU).
   */
  readonly ci?: boolean;
  /** Chromium's executable; `false` leaves Chromium out. Default: `findChromium()` from @losskit/browser-harness. */
  readonly chromium?: string | false;
  /** Receives the summary line of each run. Default `console.log`. */
  readonly log?: (line: string) => void;
}

/** A plugin factory such as `l1` or `bce`: options in, plugin out. */
export type PluginFactory<Options> = (options?: Options) => LossPlugin<unknown>;

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  skipReason?: string;
}

/**
 * Conformance tests for a loss plugin, registered with any test runner, in the manner of
 * ESLint's `RuleTester`: valid cases with known values, invalid cases with the expected error,
 * and automatic checks on seeded random inputs (graph vs the float64 reference for every
 * reduction and weights, gradients vs finite differences, determinism, dims), each run on
 * every provider present: Node's cpu and webgpu (and cuda), Chromium's wasm and webgpu.
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * const tester = new LossTester({ describe, it });
 * tester.run('l1', l1, { valid: [...], invalid: [...], random: { dims: [[2, 3, 4, 5]] } });
 * ```
 */
export class LossTester {
  readonly #options: LossTesterOptions;

  constructor(options: LossTesterOptions) {
    if (typeof options?.describe !== 'function' || typeof options.it !== 'function') {
      throw new TypeError('LossTester needs your test runner\'s functions: new LossTester({ describe, it })');
    }
    this.#options = options;
  }

  /** Registers the tests of one plugin factory under `describe(name)`. */
  run<Options>(name: string, factory: PluginFactory<Options>, cases: LossTestCases<Options>): void {
    if (typeof factory !== 'function') throw new TypeError(`LossTester.run("${name}"): pass the plugin factory (l1), not a plugin (l1())`);
    const options = this.#options;
    const ci = options.ci ?? isCi();
    const chromium = chooseChromium(options.chromium);
    const plans = planTargets(options.providers, chromium);
    const browser = 'path' in chromium && plans.some((p) => p.state === 'run' && isBrowserTarget(p.target)) ? browserSession(chromium.path) : undefined;
    const tallies = new Map<TargetId, Tally>(plans.map((p) => [p.target, { passed: 0, failed: 0, skipped: 0 }]));
    const run = new Run(factory as PluginFactory<unknown>, cases as LossTestCases<unknown>);
    const before = options.before ?? options.beforeAll;
    const after = options.after ?? options.afterAll;

    const executors: Executor[] = [];
    const finish = async (): Promise<void> => {
      await Promise.all(executors.map((executor) => executor.close()));
      await browser?.close();
      (options.log ?? console.log)(summaryLine(name, plans, tallies));
    };

    options.describe(name, () => {
      // Launch errors are left for the browser tests to report; a failing hook would hide them.
      if (browser && before) before(async () => void (await browser.open().catch(() => undefined)));
      if (after) after(finish);

      for (const [label, check] of run.referenceChecks()) options.it(`[reference] ${label}`, testCallback(async () => check()));

      for (const plan of plans) {
        if (plan.state === 'omitted') continue;
        const tally = tallies.get(plan.target)!;
        const executor = plan.state !== 'run' ? undefined : isBrowserTarget(plan.target) ? browserExecutor(plan.target, browser!) : nodeExecutor(plan.target);
        if (executor) executors.push(executor);
        for (const [label, check] of run.targetChecks(plan.target)) {
          const title = `[${plan.target}] ${label}`;
          if (plan.state === 'absent') {
            if (ci && plan.target !== 'node:cuda') {
              options.it(title, testCallback(async () => fail(`${plan.target} is required in CI (CI is set) but absent: ${plan.reason}`)));
            } else {
              tally.skipped++;
              tally.skipReason = plan.reason;
              const skipTitle = `${title} (skipped: ${plan.short})`;
              if (options.it.skip) options.it.skip(skipTitle, testCallback(async () => undefined));
              else options.it(skipTitle, testCallback(async () => undefined));
            }
            continue;
          }
          options.it(
            title,
            testCallback(async (control) => {
              let skipping = false;
              try {
                const missing = browser && isBrowserTarget(plan.target) ? await browserProviderMissing(browser, plan.target) : undefined;
                if (missing !== undefined) {
                  if (ci) fail(`${plan.target} is required in CI (CI is set) but absent: ${missing}`);
                  skipping = true;
                  tally.skipped++;
                  tally.skipReason = missing;
                  control.skip(`${plan.target} absent: ${missing}`);
                }
                await check(executor!);
                tally.passed++;
              } catch (error) {
                if (!skipping) tally.failed++;
                throw error;
              }
            }),
          );
        }
      }
      if (!after) options.it('[summary] close Chromium and print which providers ran', testCallback(finish));
    });
  }
}

/** Why the Chromium page cannot run a target's provider, or `undefined` when it can. Launch errors propagate. */
async function browserProviderMissing(browser: BrowserSession, target: TargetId): Promise<string | undefined> {
  const state = await browser.open();
  const info = state.providers.get(providerOf(target));
  return info?.available ? undefined : (info?.reason ?? 'not listed by the page');
}

function summaryLine(name: string, plans: readonly TargetPlan[], tallies: ReadonlyMap<TargetId, Tally>): string {
  const ran: string[] = [];
  const absent: string[] = [];
  for (const plan of plans) {
    const tally = tallies.get(plan.target)!;
    if (plan.state !== 'run') {
      absent.push(`${plan.target} (${plan.reason})`);
      continue;
    }
    if (tally.passed + tally.failed === 0 && tally.skipped > 0) {
      absent.push(`${plan.target} (${tally.skipReason})`);
      continue;
    }
    const counts = [`${tally.passed} passed`, ...(tally.failed ? [`${tally.failed} failed`] : []), ...(tally.skipped ? [`${tally.skipped} skipped`] : [])];
    ran.push(`${plan.target} (${counts.join(', ')})`);
  }
  return `[losskit testkit] ${name}: ran on ${ran.length > 0 ? ran.join(', ') : 'no provider'}; absent: ${absent.length > 0 ? absent.join('; ') : 'none'}`;
}

type TargetCheck = (executor: Executor) => Promise<void>;

/** The checks of one `tester.run`, with the random fixtures and finite differences they share. */
class Run {
  readonly #factory: PluginFactory<unknown>;
  readonly #valid: readonly ValidCase<unknown>[];
  readonly #invalid: readonly InvalidCase[];
  readonly #random: readonly RandomSpec<unknown>[];
  readonly #fixtures = new Map<string, RandomFixture>();
  readonly #gradients = new Map<string, Readonly<Record<string, FiniteDifferences>>>();
  #defaults: DefaultInputs | undefined;

  constructor(factory: PluginFactory<unknown>, cases: LossTestCases<unknown>) {
    this.#factory = factory;
    this.#valid = cases.valid ?? [];
    this.#invalid = cases.invalid ?? [];
    this.#random = cases.random === undefined ? [] : Array.isArray(cases.random) ? cases.random : [cases.random as RandomSpec<unknown>];
  }

  /** Checks that need no provider: the reference against valid cases, and the reference's dims. */
  referenceChecks(): [string, () => void][] {
    const checks: [string, () => void][] = this.#valid.map((c) => [`valid: ${c.name}`, () => checkValidReference(this.#factory, c)]);
    this.#eachRandom((spec, dims, label, si, di) => {
      checks.push([`${label} ${dimsLabel(dims)}: reference dims match the graph`, () => checkReferenceDims(this.#fixture(spec, dims, si, di))]);
    });
    return checks;
  }

  /** Checks run on one target. Invalid cases run on Node only: the plugin object cannot cross into the page. */
  targetChecks(target: TargetId): [string, TargetCheck][] {
    const checks: [string, TargetCheck][] = this.#valid.map((c) => [`valid: ${c.name}`, (executor) => checkValidCase(executor, this.#factory, c)]);
    if (!isBrowserTarget(target)) {
      for (const c of this.#invalid) checks.push([`invalid: ${c.name}`, () => checkInvalidCase(target, this.#factory, c, this.#defaultInputs())]);
    }
    this.#eachRandom((spec, dims, label, si, di) => {
      for (const gradient of [false, true]) {
        for (const reduction of REDUCTIONS) {
          for (const kind of Object.keys(WEIGHTS_LABELS) as WeightsKind[]) {
            const title = `${label}${gradient ? ' gradient' : ''} ${dimsLabel(dims)} ${reduction} ${WEIGHTS_LABELS[kind]}`;
            checks.push([
              title,
              async (executor) => {
                const fixture = this.#fixture(spec, dims, si, di);
                if (!gradient) return checkRandomValue(executor, fixture, reduction, kind);
                const key = `${si}:${di}:${reduction}:${kind}`;
                let fd = this.#gradients.get(key);
                if (!fd) this.#gradients.set(key, (fd = fixtureGradient(fixture, reduction, kind)));
                return checkRandomGradient(executor, fixture, reduction, kind, fd);
              },
            ]);
          }
        }
      }
    });
    return checks;
  }

  #eachRandom(visit: (spec: RandomSpec<unknown>, dims: readonly number[], label: string, specIndex: number, dimsIndex: number) => void): void {
    this.#random.forEach((spec, si) => {
      const label = spec.name ? `random (${spec.name})` : 'random';
      spec.dims.forEach((dims, di) => visit(spec, dims, label, si, di));
    });
  }

  #fixture(spec: RandomSpec<unknown>, dims: readonly number[], si: number, di: number): RandomFixture {
    const key = `${si}:${di}`;
    let fixture = this.#fixtures.get(key);
    if (!fixture) this.#fixtures.set(key, (fixture = randomFixture(this.#factory, spec, dims, di)));
    return fixture;
  }

  /**
   * Inputs for invalid cases that give none: the first random spec's inputs at its first dims,
   * or a random float target of [2, 2] for a plugin tested without random specs.
   */
  #defaultInputs(): DefaultInputs {
    if (!this.#defaults) {
      const spec = this.#random[0];
      if (spec) {
        const fixture = this.#fixture(spec, spec.dims[0]!, 0, 0);
        this.#defaults = { prediction: fixture.prediction, inputs: fixture.inputs };
      } else {
        const dims = [2, 2];
        const random = seededRandom(1);
        this.#defaults = { prediction: { data: generateValues(undefined, random, dims), dims }, inputs: { target: { data: generateValues(undefined, random, dims), dims } } };
      }
    }
    return this.#defaults;
  }
}
