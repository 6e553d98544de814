import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, CHROMIUM_ARGS, ChromiumNotFoundError, findChromium, isCi, launchBrowserHarness } from '../src/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium (apt-get install chromium)');

describe('findChromium', () => {
  it('honours LOSSKIT_CHROMIUM, and reports a missing browser as undefined', () => {
    const saved = process.env.LOSSKIT_CHROMIUM;
    process.env.LOSSKIT_CHROMIUM = '/nonexistent/chromium';
    try {
      expect(findChromium()).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.LOSSKIT_CHROMIUM;
      else process.env.LOSSKIT_CHROMIUM = saved;
    }
  });

  it('asks Chromium for SwiftShader WebGPU and no network', () => {
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--disable-background-networking']));
  });

  it('throws ChromiumNotFoundError when no browser is installed', async () => {
    await expect(launchBrowserHarness({ root, modules: {}, executablePath: '' })).rejects.toBeInstanceOf(ChromiumNotFoundError);
  });
});

describe.skipIf(!chromium)(`launchBrowserHarness${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await launchBrowserHarness({ root, modules: { fixture: './test/fixtures/square.ts' } });
  });
  afterAll(async () => harness?.close());

  it('runs a function against the loaded modules and returns its result', async () => {
    expect(await harness.evaluate((m, values: number[]) => m.fixture.square(values), [1, -2, 3])).toEqual([1, 4, 9]);
    expect(harness.browserVersion).toMatch(/^Chromium \d+/);
  });

  it('gives the page a WebGPU adapter and cross-origin isolation', async () => {
    const page = await harness.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return { adapter: Boolean(await gpu?.requestAdapter()), isolated: globalThis.crossOriginIsolated };
    }, undefined);
    expect(page).toEqual({ adapter: true, isolated: true });
  });

  it('reports errors thrown in the page', async () => {
    await expect(harness.evaluate(() => {
      throw new Error('thrown in the page');
    }, undefined)).rejects.toThrowError(/thrown in the page/);
  });

  it('reports a module that fails to load, with the page log', async () => {
    await expect(
      launchBrowserHarness({ root, modules: { broken: './test/fixtures/broken.ts' }, loadTimeoutMs: 10_000 }),
    ).rejects.toThrowError(/did not load its modules:[\s\S]*fixture failed to load on purpose/);
  });
});
