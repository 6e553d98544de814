// The production build of the demo, served by `vite preview` (with its COOP/COEP headers), and
// pages of it in Debian's Chromium: what the end-to-end tests and the speed measurement drive.
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '@losskit/browser-harness';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';

export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the app into dist/ and serves it on a free local port. */
export async function serveProductionBuild(): Promise<{ server: PreviewServer; url: string }> {
  await build({ root: APP_ROOT, logLevel: 'warn' });
  const server = await preview({ root: APP_ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview reported no local URL');
  return { server, url };
}

/** Flags that switch WebGPU off, so the page must fall back to WASM. */
const NO_WEBGPU: readonly string[] = ['--disable-features=WebGPU,Vulkan', '--disable-gpu'];
const WEBGPU_FLAGS = /webgpu|vulkan/i;

/** Chromium with SwiftShader WebGPU (`webgpu: true`) or with WebGPU switched off. */
export async function launchChromium(options: { webgpu: boolean }): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium was not found');
  const args = options.webgpu ? [...CHROMIUM_ARGS] : [...CHROMIUM_ARGS.filter((a) => !WEBGPU_FLAGS.test(a)), ...NO_WEBGPU];
  return chromium.launch({ executablePath, headless: true, args });
}

/** A page that records console errors, page errors and every URL it (and its workers) requested. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  const requests: string[] = [];
  page.context().on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`[console.error] ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`[pageerror] ${error.message}`));
  await page.goto(url);
  return { page, errors, requests };
}

export const text = (page: Page, testId: string): Promise<string> => page.getByTestId(testId).innerText();

/** Waits until the run's status is `done` (or fails with the page's status and error). */
export async function waitForDone(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => /^(done|error)$/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), undefined, {
    timeout: timeoutMs,
    polling: 250,
  });
  const status = await text(page, 'status');
  if (status !== 'done') throw new Error(`the run ended with status ${status}: ${await page.getByTestId('status').getAttribute('title')}`);
}
