/** A test or hook callback as runners call it (vitest and node:test pass a context, mocha sets `this`). */
export type TestCallback = (...args: any[]) => any;

/** `it` / `test` of any runner: vitest, node:test, mocha, jest. */
export type TestFunction = (name: string, fn: TestCallback) => unknown;

/** `before`/`beforeAll`/`after`/`afterAll` of any runner. */
export type HookFunction = (fn: TestCallback) => unknown;

/** The test runner functions a {@link LossTester} registers its tests with. */
export interface TestRunnerFunctions {
  readonly describe: (name: string, fn: () => void) => unknown;
  /** Its `skip` (`it.skip`) registers the tests of absent providers as skipped. */
  readonly it: TestFunction & { readonly skip?: TestFunction };
  /** Launches Chromium before the tests (`beforeAll` in vitest and jest). Without it, the first browser test does. */
  readonly before?: HookFunction;
  readonly beforeAll?: HookFunction;
  /** Closes Chromium and prints the summary (`afterAll` in vitest and jest). Without it, a last test does. */
  readonly after?: HookFunction;
  readonly afterAll?: HookFunction;
}

/** What a test body can do besides passing or throwing. */
export interface TestControl {
  /** Marks the running test as skipped with `reason` and ends it. */
  skip(reason: string): never;
}

const SKIPPED = Symbol('losskit testkit: skipped');

/**
 * Wraps a test body for any runner. The callback declares no parameters: mocha and node:test
 * read a declared parameter as a `done` callback, and vitest parses the first one for fixtures.
 * The runner's context comes in through `arguments` (vitest, node:test) or `this` (mocha).
 */
export function testCallback(body: (control: TestControl) => Promise<void>): TestCallback {
  return async function (this: unknown) {
    // oxlint-disable-next-line prefer-rest-params -- a rest parameter is what the runners inspect
    const contexts = [arguments[0] as unknown, this];
    const control: TestControl = {
      skip(reason: string): never {
        for (const context of contexts) {
          const skip = (context as { skip?: unknown } | undefined)?.skip;
          if ((typeof context === 'object' || typeof context === 'function') && typeof skip === 'function') {
            // vitest and mocha throw from skip(); node:test marks the test and returns.
            skip.call(context, reason);
            throw SKIPPED;
          }
        }
        throw new Error(`${reason} (this test runner cannot skip a running test)`);
      },
    };
    try {
      await body(control);
    } catch (error) {
      if (error !== SKIPPED) throw error;
    }
  };
}
