import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserHarness } from '@losskit/browser-harness';
import { type HostTensor, type LossPlugin, buildLossModel } from '@losskit/core';
import type { Evaluation, EvaluationRequest, EvaluationResult, Executor } from './executor';
import { type TargetId, providerOf } from './ids';

interface PageTensor {
  data: number[];
  dims: number[];
}

interface PageResult {
  provider: string;
  runs: Record<string, PageTensor>[];
}

interface PageProvider {
  name: string;
  available: boolean;
  reason?: string;
}

// Page code is written as source text, not as a function of this module: transpilers (tsx,
// esbuild with keepNames) may wrap functions in helpers that do not exist in the page.
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

const RUN_MODEL = new AsyncFunction(
  'modules',
  'arg',
  `const session = await modules.runtime.createModelSession(Uint8Array.from(arg.model), { provider: arg.provider });
  try {
    const feeds = {};
    for (const [name, tensor] of Object.entries(arg.feeds)) feeds[name] = { data: Float32Array.from(tensor.data), dims: tensor.dims };
    const runs = [];
    for (let i = 0; i < arg.runs; i++) {
      const outputs = await session.run(feeds);
      const run = {};
      for (const [name, tensor] of Object.entries(outputs)) run[name] = { data: Array.from(tensor.data), dims: Array.from(tensor.dims, Number) };
      runs.push(run);
    }
    return { provider: session.provider, runs };
  } finally {
    await session.release();
  }`,
) as (modules: Record<string, unknown>, arg: unknown) => Promise<PageResult>;

const LIST_PROVIDERS = new AsyncFunction(
  'modules',
  `const providers = await modules.runtime.listProviders();
  return { platform: modules.runtime.platform, providers: providers.map((p) => ({ name: p.name, available: p.available, reason: p.reason })) };`,
) as (modules: Record<string, unknown>) => Promise<{ platform: string; providers: PageProvider[] }>;

/** A Chromium page with the browser build of `@losskit/runtime`, shared by one tester run. */
export interface BrowserSession {
  /** Starts Chromium (once) and lists the page's providers. */
  open(): Promise<BrowserState>;
  close(): Promise<void>;
}

/** What the page reported about its providers. */
export interface BrowserState {
  readonly harness: BrowserHarness;
  readonly providers: ReadonlyMap<string, { available: boolean; reason?: string }>;
}

/**
 * This package's folder, from which the page resolves `@losskit/runtime` to its browser build.
 * Found by walking up, as this module lives in `src/targets/` in the sources and in `dist/` once built.
 */
function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@losskit/testkit') return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('@losskit/testkit: cannot find its own package.json');
    folder = parent;
  }
}

/** A lazily launched Chromium page for one tester run. */
export function browserSession(executablePath: string): BrowserSession {
  let opening: Promise<BrowserState> | undefined;
  return {
    open() {
      opening ??= (async () => {
        // Loaded on first use, like the playwright-core and vite it needs (optional peers).
        const { launchBrowserHarness } = await import('@losskit/browser-harness');
        const harness = await launchBrowserHarness({ root: packageRoot(), modules: { runtime: '@losskit/runtime' }, executablePath });
        try {
          const listed = await harness.evaluate(LIST_PROVIDERS, undefined);
          if (listed.platform !== 'browser') throw new Error(`The page loaded the ${listed.platform} build of @losskit/runtime`);
          return { harness, providers: new Map(listed.providers.map((p) => [p.name, p])) };
        } catch (error) {
          await harness.close();
          throw error;
        }
      })();
      return opening;
    },
    async close() {
      const state = await opening?.catch(() => undefined);
      opening = undefined;
      await state?.harness.close();
    },
  };
}

function toPage(tensor: HostTensor): PageTensor {
  return { data: Array.from(tensor.data), dims: [...tensor.dims] };
}

/**
 * Runs losses in Chromium: the model is built in Node with `buildLossModel` and run in the page
 * with the browser runtime's `createModelSession`. Arrays cross as plain numbers, which hold
 * float32 values exactly.
 */
export function browserExecutor(target: TargetId, session: BrowserSession): Executor {
  const provider = providerOf(target);
  return {
    target,
    async evaluate(plugin: LossPlugin<unknown>, request: EvaluationRequest): Promise<EvaluationResult> {
      const { harness } = await session.open();
      const model = buildLossModel(plugin, {
        dims: request.prediction.dims,
        reduction: request.reduction,
        gradient: request.gradient,
        ...(request.weights ? { weights: request.weights.dims } : {}),
      });
      const feeds: Record<string, PageTensor> = { prediction: toPage(request.prediction), target: toPage(request.target) };
      if (request.weights) feeds.weights = toPage(request.weights);
      const result = await harness.evaluate(RUN_MODEL, { model: Array.from(model), provider, feeds, runs: request.runs });
      const runs: Evaluation[] = result.runs.map((outputs) => ({
        loss: Float32Array.from(outputs.loss!.data),
        lossDims: outputs.loss!.dims,
        ...(outputs.gradient ? { gradient: Float32Array.from(outputs.gradient.data) } : {}),
      }));
      return { provider: result.provider, runs };
    },
  };
}
