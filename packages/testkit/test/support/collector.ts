// A minimal test runner that records what LossTester registers, so tests can run the
// registered callbacks themselves and see which pass and which fail (and why).
import type { TestCallback, TestRunnerFunctions } from '../../src/index';

export interface Outcome {
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly error?: Error;
}

interface Registered {
  readonly name: string;
  readonly fn: TestCallback;
  readonly skipped: boolean;
}

class Skip extends Error {}

export interface Collector {
  readonly runner: Required<Pick<TestRunnerFunctions, 'describe' | 'it' | 'before' | 'after'>>;
  /** Registered test names (with `describe` prefixes joined by ' > '), in order. */
  names(): string[];
  skippedNames(): string[];
  /** Runs hooks and every test (or those whose name passes `filter`), in order. */
  runAll(filter?: (name: string) => boolean): Promise<Map<string, Outcome>>;
}

export function collectTests(options: { withHooks?: boolean } = {}): Collector {
  const tests: Registered[] = [];
  const befores: TestCallback[] = [];
  const afters: TestCallback[] = [];
  const stack: string[] = [];
  const register = (skipped: boolean) => (name: string, fn: TestCallback) => tests.push({ name: [...stack, name].join(' > '), fn, skipped });
  const runner = {
    describe: (name: string, fn: () => void) => {
      stack.push(name);
      fn();
      stack.pop();
    },
    it: Object.assign(register(false), { skip: register(true) }),
    before: (fn: TestCallback) => befores.push(fn),
    after: (fn: TestCallback) => afters.push(fn),
  };
  if (options.withHooks === false) {
    Object.assign(runner, { before: undefined, after: undefined });
  }
  return {
    runner,
    names: () => tests.map((t) => t.name),
    skippedNames: () => tests.filter((t) => t.skipped).map((t) => t.name),
    async runAll(filter = () => true) {
      const outcomes = new Map<string, Outcome>();
      for (const hook of befores) await hook();
      for (const test of tests) {
        if (!filter(test.name)) continue;
        if (test.skipped) {
          outcomes.set(test.name, { status: 'skipped' });
          continue;
        }
        const context = {
          skip: () => {
            throw new Skip();
          },
        };
        try {
          await test.fn(context);
          outcomes.set(test.name, { status: 'passed' });
        } catch (error) {
          outcomes.set(test.name, error instanceof Skip ? { status: 'skipped' } : { status: 'failed', error: error as Error });
        }
      }
      for (const hook of afters) await hook();
      return outcomes;
    },
  };
}
