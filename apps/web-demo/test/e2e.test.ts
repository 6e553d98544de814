// The production build of the web demo in Debian's Chromium: WebGPU on SwiftShader, the WASM
// fallback with WebGPU switched off, training that lowers every loss, reconstructions that
// differ per loss, a dropped PNG, custom losses (working and broken), and a downloaded .onnx
// that onnxruntime-node runs to the page's own reconstruction. Small images and few steps keep
// it within a few minutes on two cores (SwiftShader runs WebGPU on the CPU).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, isCi } from '@losskit/browser-harness';
import { encodePng } from '@losskit/models';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFY_SETTINGS, writeClassifySettings } from '../src/classify/settings';
import type { ClassifySettings } from '../src/classify/protocol';
import { CUSTOM_EXAMPLES } from '../src/custom/examples';
import { writeSettings, DEFAULT_SETTINGS } from '../src/settings';
import { APP_ROOT, launchChromium, openPage, serveProductionBuild, text, waitForDone } from './support/app';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the web demo tests (apt-get install chromium)');
if (!chromium) console.warn('[web-demo tests] Chromium not found: end-to-end tests skipped');

const ARTIFACTS = join(APP_ROOT, 'out', 'e2e');
const example = (id: string) => CUSTOM_EXAMPLES.find((e) => e.id === id)!;

/** The same four images every step: every loss must fall. */
const SMALL = { ...DEFAULT_SETTINGS, size: 16, data: 'synthetic' as const, images: 4, batch: 4, lr: 0.01 };

interface ResultsJson {
  provider: string;
  heldOut: { dims: number[]; data: number[] };
  rows: { row: string; lossCurve: [number, number][]; reconstruction?: { dims: number[]; data: number[] }; heldOut?: { psnr: number } }[];
}

/**
 * Downloads a row's .onnx, runs it in onnxruntime-node on the held-out images of the results
 * JSON, and returns the largest difference from the page's own reconstructions.
 */
async function onnxReproduces(page: Page, row: string, results: ResultsJson): Promise<{ worst: number }> {
  const onnx = await downloadBytes(page, `download-${row}`);
  const session = await ort.InferenceSession.create(onnx);
  try {
    const output = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', Float32Array.from(results.heldOut.data), results.heldOut.dims) });
    const node = output[session.outputNames[0]!]!.data as Float32Array;
    const fromPage = results.rows.find((r) => r.row === row)!.reconstruction!;
    expect(fromPage.dims).toEqual(results.heldOut.dims);
    expect(node).toHaveLength(fromPage.data.length);
    let worst = 0;
    fromPage.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - node[i]!))));
    return { worst };
  } finally {
    await session.release();
  }
}

async function downloadBytes(page: Page, testId: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync((await file.path())!);
}

/** Pixels of a canvas as an RGBA byte array. */
function canvasPixels(page: Page, testId: string): Promise<number[]> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!;
    return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data);
  });
}

/** The digits page with `settings`, started at once. */
function classifyUrl(base: string, settings: ClassifySettings): string {
  const query = writeClassifySettings(settings);
  return `${base}classify.html${query}${query ? '&' : '?'}autostart=1`;
}

/** A confusion table of the digits page as counts, rows the true digits. */
function confusionOf(page: Page, model: string): Promise<number[][]> {
  return page.getByTestId(`confusion-${model}`).evaluate((table: HTMLTableElement) =>
    Array.from(table.tBodies[0]!.rows, (row) => Array.from(row.querySelectorAll('td'), (cell) => Number(cell.dataset.count))),
  );
}

/** Held-out digits per class at a quarter of each (round(n / 4) of 178, 182, 177, ...). */
const HELD_OUT_PER_DIGIT = [45, 46, 44, 46, 45, 46, 45, 45, 44, 45];

function spread(values: readonly number[]): number {
  return Math.max(...values) - Math.min(...values);
}

describe.skipIf(!chromium)(`web demo in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let served: { server: PreviewServer; url: string };
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    served = await serveProductionBuild();
    browser = await launchChromium({ webgpu: true });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.server.close();
  });

  it('trains on WebGPU: losses fall, reconstructions differ, a linked custom loss runs after Run, the .onnx reproduces the page', async () => {
    const brightness = example('brightness');
    const query = writeSettings({ ...SMALL, losses: ['l1', 'red'], steps: 12 }, brightness);
    const { page, errors, requests } = await openPage(browser, `${served.url}${query}`);
    await expect.poll(() => text(page, 'provider'), { timeout: 60_000 }).toBe('WebGPU');
    expect(await page.evaluate(() => crossOriginIsolated), 'COOP/COEP make the page cross-origin isolated').toBe(true);

    // Code from a link is shown, with a notice, and not run until Run is pressed.
    expect(await page.getByTestId('custom-code').inputValue()).toBe(brightness.code);
    expect(await page.getByTestId('custom-link-notice').isVisible()).toBe(true);
    expect(await text(page, 'custom-check')).toBe('');
    await page.getByTestId('custom-run').click();
    await expect.poll(() => text(page, 'custom-check'), { timeout: 60_000 }).toMatch(/^✓ checks passed/);

    await page.getByTestId('start').click();
    await waitForDone(page, 240_000);
    expect(await text(page, 'step')).toBe('12');
    expect(Number(await text(page, 'steps-per-second'))).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'trained-webgpu.png'), fullPage: true });

    const results = JSON.parse((await downloadBytes(page, 'download-results')).toString('utf8')) as ResultsJson;
    expect(results.provider).toBe('webgpu');
    expect(results.rows.map((r) => r.row)).toEqual(['l1', 'red', 'custom']);
    for (const row of results.rows) {
      // On WebGPU the loss is read on the first step, every fifth and the last.
      expect(row.lossCurve.map(([step]) => step), row.row).toEqual([1, 5, 10, 12]);
      const losses = row.lossCurve.map(([, loss]) => loss);
      const first = losses.slice(0, 2).reduce((a, b) => a + b) / 2;
      const last = losses.slice(-2).reduce((a, b) => a + b) / 2;
      expect(last, `${row.row}: mean loss of the last two reads vs the first two`).toBeLessThan(first);
      expect(await text(page, `loss-${row.row}`)).toMatch(/^\d/);
    }

    // Reconstructions are drawn, not blank, and differ between losses.
    const l1 = await canvasPixels(page, 'reconstruction-l1-0');
    const red = await canvasPixels(page, 'reconstruction-red-0');
    expect(spread(l1), 'the l1 reconstruction has more than one value').toBeGreaterThan(0);
    expect(spread(red)).toBeGreaterThan(0);
    expect(l1).not.toEqual(red);

    // The downloaded model, run by onnxruntime-node on the held-out images, gives the page's WebGPU
    // reconstructions. (This caught ONNX Runtime WebGPU miscomputing the 6-channel code's Conv,
    // 0.5 away; @losskit/runtime now pads such Convs' channels, see its webgpu-conv.ts.)
    const { worst } = await onnxReproduces(page, 'l1', results);
    expect(worst, 'onnxruntime-node vs the page (WebGPU), largest difference').toBeLessThan(1e-4);

    // ONNX Runtime's files come from the app itself, under their own names; nothing else is fetched.
    expect(requests.filter((url) => !url.startsWith(served.url) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(requests).toContain(`${served.url}ort/ort-wasm-simd-threaded.asyncify.wasm`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on WASM: uses a dropped PNG, Pause and Reset work, a broken custom loss shows its error while the other rows train, the .onnx reproduces the page', async () => {
    const { page, errors } = await openPage(browser, `${served.url}${writeSettings({ ...SMALL, losses: ['l1', 'green:mse'], steps: 40, provider: 'wasm' })}`);
    // A 24x24 PNG: a red left half and a blue right half.
    const pixels = new Uint8Array(24 * 24 * 3);
    for (let i = 0; i < 24 * 24; i++) pixels.set(i % 24 < 12 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const png = Array.from(encodePng(pixels, 24, 24));
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'halves.png', { type: 'image/png' }));
      return transfer;
    }, png);
    await page.getByTestId('drop').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => text(page, 'photos-chosen')).toContain('halves.png');

    await page.getByTestId('custom-example').selectOption('broken');
    await page.getByTestId('custom-run').click();
    await expect.poll(() => text(page, 'custom-check'), { timeout: 60_000 }).toMatch(/^✗ .*Sub: shapes \[2, 3, 8, 8\] and \[2, 8, 8, 3\] are not broadcastable/);
    await page.getByTestId('start').click();

    // Pause holds the steps (the page answers at once: training runs in the worker); Resume goes on.
    await expect.poll(async () => Number(await text(page, 'step')), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(2);
    await page.getByTestId('pause').click();
    await expect.poll(() => text(page, 'status')).toBe('paused');
    const held = await text(page, 'step');
    await page.waitForTimeout(1000);
    expect(await text(page, 'step'), 'no step while paused').toBe(held);
    expect(Number(held)).toBeLessThan(40);
    await page.getByTestId('pause').click();
    await waitForDone(page, 120_000);

    expect(await text(page, 'provider')).toMatch(/^WASM/);
    expect(await text(page, 'data-description')).toMatch(/crops of halves\.png.*same photo/);
    expect(await text(page, 'error-custom')).toMatch(/Sub: shapes \[2, 3, 8, 8\] and \[2, 8, 8, 3\] are not broadcastable/);
    for (const row of ['l1', 'green-mse']) {
      expect(await text(page, `loss-${row}`), row).toMatch(/^\d/);
      expect(await page.getByTestId(`error-${row}`).isVisible()).toBe(false);
    }
    expect(await text(page, 'step')).toBe('40');
    // Forty steps of l1 learn: its row is a result, labelled with its held-out PSNR, the table's
    // (to 0.01 dB) to 0.1 dB. (green:mse is met by any image without green, as halves.png is:
    // its reconstructions barely depend on the input, and the page marks it collapsed.)
    const psnr = Number(await page.getByTestId('metrics-l1').locator('td').nth(2).innerText());
    const label = await text(page, 'psnr-l1');
    expect(label).toMatch(/^\d+\.\d dB$/);
    expect(Math.abs(Number.parseFloat(label) - psnr)).toBeLessThanOrEqual(0.055);
    expect(await page.getByTestId('metrics-l1').locator('td').nth(7).innerText()).toBe('ok');
    expect(await text(page, 'collapse-notice')).not.toMatch(/\bl1\b/);
    // The originals are crops of the dropped image: only pure red and pure blue pixels (and their blends).
    const original = await canvasPixels(page, 'original-0');
    for (let i = 0; i < original.length; i += 4) expect(original[i + 1], 'green channel of a crop of halves.png').toBe(0);

    // The downloaded model, run by onnxruntime-node on the held-out images, gives the page's reconstructions.
    const results = JSON.parse((await downloadBytes(page, 'download-results')).toString('utf8')) as ResultsJson;
    expect(results.provider).toBe('wasm');
    const { worst } = await onnxReproduces(page, 'l1', results);
    expect(worst, 'onnxruntime-node vs the page, largest difference').toBeLessThan(1e-4);

    // Reset frees the run and clears the rows.
    await page.getByTestId('reset').click();
    await expect.poll(() => text(page, 'status')).toBe('idle');
    expect(await page.getByTestId('loss-l1').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('digits page on WASM: the MLP and the CNN reach 95 % held out with the defaults, each with its confusion matrix', async () => {
    const { page, errors } = await openPage(browser, classifyUrl(served.url, { ...DEFAULT_CLASSIFY_SETTINGS, provider: 'wasm' }));
    await waitForDone(page, 280_000);
    expect(await text(page, 'provider')).toMatch(/^WASM/);
    expect(await text(page, 'data-description')).toBe('1346 digits to train on, 451 held out (a quarter of each digit).');
    for (const model of ['mlp', 'cnn']) {
      expect(await page.getByTestId(`epoch-${model}-10`).count(), `${model} reported 10 epochs`).toBe(1);
      const matrix = await confusionOf(page, model);
      expect(matrix.map((row) => row.reduce((a, b) => a + b, 0)), model).toEqual(HELD_OUT_PER_DIGIT);
      const right = matrix.reduce((sum, row, t) => sum + row[t]!, 0);
      expect(right / 451, `${model} held-out accuracy`).toBeGreaterThanOrEqual(0.95);
      expect(await text(page, `accuracy-${model}`)).toBe(`${((100 * right) / 451).toFixed(1)}% (${right}/451)`);
      // Every wrong digit up to 24 is shown with its true and predicted class.
      expect(await page.getByTestId(`mistakes-${model}`).locator('figure').count()).toBe(Math.min(24, 451 - right));
    }
    expect(new Set(await canvasPixels(page, 'loss-chart')).size, 'the loss chart is drawn: more than one color').toBeGreaterThan(2);
    await page.screenshot({ path: join(ARTIFACTS, 'digits-wasm.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('digits page on WebGPU: reached from the first page, one epoch of the MLP learns', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.getByTestId('classify-link').click();
    await page.waitForURL(/classify\.html$/);
    await page.goto(classifyUrl(served.url, { ...DEFAULT_CLASSIFY_SETTINGS, models: ['mlp'], epochs: 1 }));
    await waitForDone(page, 240_000);
    expect(await text(page, 'provider')).toBe('WebGPU');
    const matrix = await confusionOf(page, 'mlp');
    // One epoch on the CPU provider gives 89.8 % (the node demo, --epochs 1 --models mlp).
    expect(matrix.reduce((sum, row, t) => sum + row[t]!, 0) / 451).toBeGreaterThan(0.8);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('falls back to WASM and says why when WebGPU is off; trains on the bundled photos, three held out and shown whole, and a combined loss', async () => {
    const noGpu = await launchChromium({ webgpu: false });
    try {
      const { page, errors } = await openPage(noGpu, `${served.url}${writeSettings({ ...SMALL, data: 'photos', losses: ['l1', 'l1+ssim'], steps: 3 })}&autostart=1`);
      await waitForDone(page, 120_000);
      expect(await text(page, 'data-description')).toMatch(
        /training crops of astronaut\.png, .*; 64 held-out images of coffee\.png, raccoon\.png, retina\.png \(never trained on\): each photo whole, then crops/,
      );
      // The held-out row: the three held-out photos whole, then crops, each labelled, all different.
      const captions = await page.locator('#originals figcaption').allInnerTexts();
      expect(captions).toEqual(['coffee', 'raccoon', 'retina', 'crop', 'crop', 'crop', 'crop', 'crop']);
      const shown = await Promise.all(captions.map((_, i) => canvasPixels(page, `original-${i}`)));
      for (let i = 0; i < shown.length; i++) for (let j = 0; j < i; j++) expect(shown[i], `held-out images ${j} and ${i}`).not.toEqual(shown[j]);
      // Three steps cannot lower a loss by a tenth: each row is marked collapsed, in its label, the
      // table and a notice naming it, as the node demo marks such rows (weightedSum of l1 and ssim
      // trains in the worker too, with its own row).
      for (const row of ['l1', 'l1-ssim']) {
        expect(await text(page, `psnr-${row}`), row).toBe('COLLAPSED');
        expect(await page.getByTestId(`metrics-${row}`).locator('td').nth(7).innerText(), row).toBe('COLLAPSED');
      }
      expect(await text(page, 'collapse-notice')).toMatch(/^Training collapsed for l1, l1\+ssim: the loss stayed near its start/);
      expect(await text(page, 'provider')).toMatch(/^WASM/);
      expect(await text(page, 'provider-reason')).toMatch(/^WebGPU unavailable: .+/);
      expect(await text(page, 'step')).toBe('3');
      expect(errors).toEqual([]);
    } finally {
      await noGpu.close();
    }
  });
});
