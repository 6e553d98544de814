// Training speed of the web demo in Chromium: steps per second of one autoencoder (L1, 32x32
// images, batch 16) on WebGPU (SwiftShader unless the machine has a GPU) and on WASM (threads,
// the page being cross-origin isolated), in the production build. Run it with
// `pnpm --filter @losskit/web-demo measure [steps]`; it prints one line per provider.
import { writeSettings, DEFAULT_SETTINGS } from '../src/settings';
import { launchChromium, openPage, serveProductionBuild, text } from './support/app';

const steps = Number(process.argv[2] ?? 60);
const WARMUP = 5;

const served = await serveProductionBuild();
const browser = await launchChromium({ webgpu: true });
try {
  for (const provider of ['webgpu', 'wasm'] as const) {
    const settings = { ...DEFAULT_SETTINGS, losses: ['l1'], data: 'synthetic' as const, size: 32, batch: 16, steps, provider };
    const { page, errors } = await openPage(browser, `${served.url}${writeSettings(settings)}&autostart=1`);
    // The first steps compile the graphs and, on WebGPU, the pipelines: time what follows.
    let warmAt = 0;
    let warmStep = 0;
    for (;;) {
      const [step, status] = [Number(await text(page, 'step')), await text(page, 'status')];
      if (!warmAt && step >= WARMUP) [warmAt, warmStep] = [performance.now(), step];
      if (status === 'done' || status === 'error') break;
      await page.waitForTimeout(50);
    }
    const elapsed = (performance.now() - warmAt) / 1000;
    const rate = (steps - warmStep) / elapsed;
    const badge = await text(page, 'provider');
    console.log(`${provider.padEnd(6)} ${badge.padEnd(18)} ${rate.toFixed(2)} steps/s (steps ${warmStep}..${steps} in ${elapsed.toFixed(1)} s)${errors.length ? ` errors: ${errors.join('; ')}` : ''}`);
    await page.close();
  }
} finally {
  await browser.close();
  await served.server.close();
}
