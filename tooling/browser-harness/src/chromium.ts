import { existsSync } from 'node:fs';

/** Where Chromium may live: `LOSSKIT_CHROMIUM`, then Debian's and other common paths. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium executable to drive, or `undefined` when none is installed. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.LOSSKIT_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Flags that give headless Chromium a WebGPU adapter without a GPU (SwiftShader's Vulkan) and
 * keep it off the network, which a closed CI machine refuses anyway.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
