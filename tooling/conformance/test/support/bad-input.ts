// The shape of the bad-input suite: each case is one mistake a user makes, the error class and
// code it must meet, the words its message must hold (the argument, what was expected, what was
// received), and — after it — a valid call that must still work (the process stays healthy).
import { LossKitError } from '@losskit/core';
import { afterAll, expect, it } from 'vitest';

type ErrorClass = abstract new (...args: never[]) => LossKitError;

export interface BadInputCase {
  /** What the user got wrong. */
  readonly name: string;
  readonly run: () => unknown;
  readonly error: ErrorClass;
  readonly code: string;
  /** Substrings or patterns the message must contain. */
  readonly words: readonly (string | RegExp)[];
}

async function thrownBy(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Registers one test per case. `healthy` is a valid call of the same area, run after each case:
 * a mistake must never leave a session, a trainer or the process in a broken state.
 */
export function badInputs(area: string, cases: readonly BadInputCase[], healthy: () => Promise<unknown> | unknown): void {
  afterAll(() => console.log(`[bad-input] ${area}: ${cases.length} cases`));
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const error = await thrownBy(c.run);
    expect(error, 'no error was thrown').toBeInstanceOf(c.error);
    expect(error).toBeInstanceOf(LossKitError);
    const { code, message } = error as LossKitError;
    expect(code).toBe(c.code);
    for (const word of c.words) {
      if (typeof word === 'string') expect(message).toContain(word);
      else expect(message).toMatch(word);
    }
    await healthy();
  });
}
