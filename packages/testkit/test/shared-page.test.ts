// With LOSSKIT_TESTKIT_SHARE_PAGE=1 (the one vitest run of every plugin's tests), tester runs in
// one process share one Chromium page: a second run gets the first one's harness, also after
// the first closed, and runs still evaluate there. (Without it, every other test of the kit
// opens its own page.)
import { findChromium } from '@losskit/browser-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { SHARE_PAGE_VARIABLE, browserSession } from '../src/targets/browser';

const chromium = findChromium();
if (!chromium && process.env.CI) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

// Page code as source text (see src/targets/browser.ts: transpilers may wrap functions).
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const PLATFORM = new AsyncFunction('modules', 'return modules.runtime.platform;') as (modules: Record<string, unknown>) => Promise<string>;

describe.skipIf(!chromium)(`a shared Chromium page${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  const before = process.env[SHARE_PAGE_VARIABLE];
  afterEach(() => {
    if (before === undefined) delete process.env[SHARE_PAGE_VARIABLE];
    else process.env[SHARE_PAGE_VARIABLE] = before;
  });

  it('serves every tester run of the process, also after the first run closed', async () => {
    process.env[SHARE_PAGE_VARIABLE] = '1';
    const first = browserSession(chromium!);
    const second = browserSession(chromium!);
    const opened = await first.open();
    expect((await second.open()).harness).toBe(opened.harness);
    await first.close();
    await second.close();
    const third = browserSession(chromium!);
    const reopened = await third.open();
    expect(reopened.harness).toBe(opened.harness);
    expect(await reopened.harness.evaluate(PLATFORM, undefined)).toBe('browser');
    await third.close();
  });

});
