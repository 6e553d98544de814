import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, findChromium } from './chromium';
import { importOptional } from './optional';
import { startHarnessServer } from './server';

export { CHROMIUM_ARGS, findChromium } from './chromium';
export { isCi } from './ci';

/** Options of {@link launchBrowserHarness}. */
export interface BrowserHarnessOptions {
  /** The folder bare module specifiers are resolved from (usually the calling package). */
  readonly root: string;
  /**
   * Modules the page imports, by key: bare specifiers (`'@losskit/runtime'`) or paths relative
   * to `root` (`'./src/index.ts'`). Page functions receive them as their first argument.
   */
  readonly modules: Readonly<Record<string, string>>;
  /** Chromium to drive; default {@link findChromium}. */
  readonly executablePath?: string;
  /** How long the page may take to load its modules. Default 60 s. */
  readonly loadTimeoutMs?: number;
  /**
   * CommonJS dependencies to pre-bundle, as Vite `optimizeDeps.include` entries (e.g.
   * `'@losskit/models > jpeg-js'`): the page loads modules unbundled, and a CommonJS package has no
   * ES exports until Vite converts it. Default none (onnxruntime-web must never be pre-bundled).
   */
  readonly prebundle?: readonly string[];
}

/** A function run inside the page: it receives the loaded modules and a serializable argument. */
export type PageFunction<Arg, Result> = (modules: Record<string, any>, arg: Arg) => Result | Promise<Result>;

/** A served page in a running Chromium. */
export interface BrowserHarness {
  /** The Chromium build that runs the page, e.g. `Chromium 156.0.8078.79`. */
  readonly browserVersion: string;
  /**
   * Runs `fn` in the page. `fn` is serialized, so it may use only its arguments and globals.
   * Typed arrays do not cross the boundary: pass and return plain arrays.
   */
  evaluate<Arg, Result>(fn: PageFunction<Arg, Result>, arg: Arg): Promise<Result>;
  /** Console output and page errors so far, for diagnosing failures. */
  readonly log: readonly string[];
  close(): Promise<void>;
}

/** Thrown when Chromium is not installed. Tests catch it to skip, except in CI. */
export class ChromiumNotFoundError extends Error {
  constructor() {
    super(
      'Chromium was not found. Install it (Debian: `apt-get install -y chromium`) or set LOSSKIT_CHROMIUM to its path.',
    );
    this.name = 'ChromiumNotFoundError';
  }
}

/**
 * Serves a page that imports `modules` and opens it in headless Chromium with SwiftShader
 * WebGPU, so the same code runs on onnxruntime-web's `wasm` and `webgpu` providers in a real
 * browser.
 */
export async function launchBrowserHarness(options: BrowserHarnessOptions): Promise<BrowserHarness> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) throw new ChromiumNotFoundError();
  const log: string[] = [];
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    const { chromium } = await importOptional('playwright-core', () => import('playwright-core'));
    const started = await startHarnessServer(options.root, options.modules, options.prebundle);
    server = started.server;
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
    const page: Page = await browser.newPage();
    page.on('console', (message) => log.push(`[console.${message.type()}] ${message.text()}`));
    // An error while the modules load fails the launch at once instead of at the timeout.
    const loadFailed = new Promise<never>((_, reject) => {
      page.on('pageerror', (error) => {
        log.push(`[pageerror] ${error.message}`);
        reject(error);
      });
    });
    loadFailed.catch(() => undefined);
    await page.goto(started.url);
    try {
      await Promise.race([
        page.waitForFunction(() => (window as unknown as { __losskitReady?: boolean }).__losskitReady === true, undefined, {
          timeout: options.loadTimeoutMs ?? 60_000,
        }),
        loadFailed,
      ]);
    } catch (error) {
      throw new Error(`The harness page did not load its modules:\n${log.join('\n')}`, { cause: error });
    }
    const openedBrowser = browser;
    const openedServer = server;
    return {
      browserVersion: `Chromium ${openedBrowser.version()}`,
      log,
      evaluate: <Arg, Result>(fn: PageFunction<Arg, Result>, arg: Arg) =>
        page.evaluate(
          async ({ source, argument }) => {
            const modules = (window as unknown as { __losskitModules: Record<string, unknown> }).__losskitModules;
            // The function arrives as source text; indirect eval rebuilds it in the page.
            // oxlint-disable-next-line no-eval -- test code we wrote ourselves, in a throwaway page
            const rebuilt = (0, eval)(`(${source})`) as (m: unknown, a: unknown) => unknown;
            return rebuilt(modules, argument);
          },
          { source: fn.toString(), argument: arg as unknown },
        ) as Promise<Result>,
      async close() {
        await openedBrowser.close();
        await openedServer.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    throw error;
  }
}
