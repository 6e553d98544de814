// The README's picture: the default experiment (six losses, the bundled photos) trained in the
// production build, then a screenshot of the page. `pnpm --filter @losskit/web-demo screenshot
// [steps] [provider] [out]` (defaults: the default run's steps, wasm, ../../docs/web-demo.png).
import { fileURLToPath } from 'node:url';
import { writeSettings, DEFAULT_SETTINGS } from '../src/settings';
import { launchChromium, openPage, serveProductionBuild, waitForDone } from './support/app';

const [steps = String(DEFAULT_SETTINGS.steps), provider = 'wasm', out = fileURLToPath(new URL('../../../docs/web-demo.png', import.meta.url))] = process.argv.slice(2);
const served = await serveProductionBuild();
const browser = await launchChromium({ webgpu: true });
try {
  const settings = { ...DEFAULT_SETTINGS, steps: Number(steps), provider: provider as 'wasm' | 'webgpu' | 'auto' };
  const { page, errors } = await openPage(browser, `${served.url}${writeSettings(settings)}&autostart=1`);
  await waitForDone(page, 3_600_000);
  await page.getByTestId('metrics').scrollIntoViewIfNeeded();
  await page.screenshot({ path: out, fullPage: true });
  console.log(`${out}${errors.length ? ` (page errors: ${errors.join('; ')})` : ''}`);
} finally {
  await browser.close();
  await served.server.close();
}
