import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserHarness } from '@losskit/browser-harness';
import { type LossPlugin, type LossTensor, gradientOutputName } from '@losskit/core';
import { lossModelFor, providerCapabilities } from '@losskit/runtime/portable';
import type { Evaluation, EvaluationRequest, EvaluationResult, Executor } from './executor';
import { type TargetId, providerOf } from './ids';

/**
 * A tensor crossing between Node and the page: its bytes as base64, as Playwright serializes an
 * array of numbers value by value (7 ms for a 1.5 kB model, more than creating its session).
 */
interface PageTensor {
  bytes: string;
  dims: number[];
  /** The graph's type of the input (integers as int32 on WebGPU, int64 elsewhere). */
  type: 'float32' | 'int32' | 'int64';
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
  `const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const toBase64 = (view) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const arrays = { float32: Float32Array, int32: Int32Array, int64: BigInt64Array };
  // The page holds each provider's device open while it lives (see holdDevice).
  const holds = (globalThis.losskitDeviceHolds ??= {});
  await (holds[arg.provider] ??= modules.runtime.holdDevice(arg.provider));
  const session = await modules.runtime.createModelSession(fromBase64(arg.model), { provider: arg.provider });
  try {
    const feeds = {};
    for (const [name, tensor] of Object.entries(arg.feeds)) feeds[name] = { data: new arrays[tensor.type](fromBase64(tensor.bytes).buffer), dims: tensor.dims };
    const runs = [];
    for (let i = 0; i < arg.runs; i++) {
      const outputs = await session.run(feeds);
      const run = {};
      for (const [name, tensor] of Object.entries(outputs)) run[name] = { bytes: toBase64(tensor.data), dims: Array.from(tensor.dims, Number), type: tensor.type };
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

/** Starts Chromium with the page and lists its providers. */
async function openPage(executablePath: string, modules: Readonly<Record<string, string>>): Promise<BrowserState> {
  // Loaded on first use, like the playwright-core and vite it needs (optional peers).
  const { launchBrowserHarness } = await import('@losskit/browser-harness');
  const harness = await launchBrowserHarness({ root: packageRoot(), modules: { ...modules, runtime: '@losskit/runtime' }, executablePath });
  try {
    const listed = await harness.evaluate(LIST_PROVIDERS, undefined);
    if (listed.platform !== 'browser') throw new Error(`The page loaded the ${listed.platform} build of @losskit/runtime`);
    return { harness, providers: new Map(listed.providers.map((p) => [p.name, p])) };
  } catch (error) {
    await harness.close();
    throw error;
  }
}

/**
 * Set by the one vitest run of every plugin's tests (`pnpm test:plugins`), whose test files share
 * their worker process: tester runs there share one page, where each would start Chromium and
 * Vite and load ONNX Runtime Web again (about 2.5 s), and the page's WebGPU device and compiled
 * shaders outlive each run.
 */
export const SHARE_PAGE_VARIABLE = 'LOSSKIT_TESTKIT_SHARE_PAGE';
/** How long a shared page stays open once no tester run uses it: long enough for the next test file to start. */
const SHARED_PAGE_LINGER_MS = 5_000;

interface SharedPage {
  readonly state: Promise<BrowserState>;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const sharedPages = new Map<string, SharedPage>();

function newSharedPage(key: string, executablePath: string, modules: Readonly<Record<string, string>>): SharedPage {
  const page: SharedPage = { state: openPage(executablePath, modules), users: 0 };
  sharedPages.set(key, page);
  // A page that failed to open is not kept: the next run tries again and reports its own error.
  page.state.catch(() => sharedPages.get(key) === page && sharedPages.delete(key));
  return page;
}

/** A page kept for later tester runs of this process; closed once unused for a while, or with the process. */
function sharedSession(executablePath: string, modules: Readonly<Record<string, string>>): BrowserSession {
  const key = JSON.stringify([executablePath, modules]);
  let page: SharedPage | undefined;
  return {
    open() {
      if (!page) {
        page = sharedPages.get(key) ?? newSharedPage(key, executablePath, modules);
        clearTimeout(page.timer);
        page.users++;
      }
      return page.state;
    },
    async close() {
      const used = page;
      page = undefined;
      if (!used || --used.users > 0) return;
      used.timer = setTimeout(() => {
        if (used.users > 0) return;
        sharedPages.delete(key);
        void used.state.then((state) => state.harness.close()).catch(() => undefined);
      }, SHARED_PAGE_LINGER_MS);
    },
  };
}

/**
 * A lazily launched Chromium page for one tester run. `modules` adds modules to the page beside
 * the browser runtime (the test kit's own tests load a plugin and ONNX Runtime there). With
 * {@link SHARE_PAGE_VARIABLE} set, runs in one process share the page.
 */
export function browserSession(executablePath: string, modules: Readonly<Record<string, string>> = {}): BrowserSession {
  if (process.env[SHARE_PAGE_VARIABLE] === '1') return sharedSession(executablePath, modules);
  let opening: Promise<BrowserState> | undefined;
  return {
    open() {
      opening ??= openPage(executablePath, modules);
      return opening;
    },
    async close() {
      const state = await opening?.catch(() => undefined);
      opening = undefined;
      await state?.harness.close();
    },
  };
}

const base64 = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');

function toPage(tensor: LossTensor, integerType: 'int32' | 'int64'): PageTensor {
  const dims = [...tensor.dims];
  if (tensor.data instanceof Float32Array) return { bytes: base64(tensor.data), dims, type: 'float32' };
  const integers = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  const data = integerType === 'int32' ? Int32Array.from(integers) : BigInt64Array.from(integers, BigInt);
  return { bytes: base64(data), dims, type: integerType };
}

/** A float32 output of a page run. */
function fromPage(tensor: PageTensor): Float32Array {
  if (tensor.type !== 'float32') throw new Error(`@losskit/testkit: the page returned a ${tensor.type} output where float32 was expected`);
  const bytes = Buffer.from(tensor.bytes, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The gradient outputs of a page run by input name (`gradient` is the prediction's, `gradient.<input>` another's). */
function pageGradients(outputs: Record<string, PageTensor>): Record<string, Float32Array> {
  const gradients: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (name === gradientOutputName('prediction')) gradients.prediction = fromPage(tensor);
    else if (name.startsWith(`${gradientOutputName('prediction')}.`)) gradients[name.slice(name.indexOf('.') + 1)] = fromPage(tensor);
  }
  return gradients;
}

/**
 * Runs losses in Chromium: the model is built in Node with the runtime's `lossModelFor`, the
 * function the browser's loss sessions build with (the plugin object cannot cross into the
 * page), and run in the page with the browser runtime's `createModelSession`, as they run it.
 * Tensors cross as their bytes.
 */
export function browserExecutor(target: TargetId, session: BrowserSession): Executor {
  const provider = providerOf(target);
  return {
    target,
    async evaluate(plugin: LossPlugin<unknown>, request: EvaluationRequest): Promise<EvaluationResult> {
      const { harness } = await session.open();
      const model = lossModelFor(plugin, provider, {
        dims: request.prediction.dims,
        inputDims: Object.fromEntries(Object.entries(request.inputs).map(([name, tensor]) => [name, tensor.dims])),
        reduction: request.reduction,
        gradient: request.gradient,
        weights: request.weights?.dims,
      });
      const { integerType } = providerCapabilities(provider);
      const feeds: Record<string, PageTensor> = { prediction: toPage(request.prediction, integerType) };
      for (const [name, tensor] of Object.entries(request.inputs)) feeds[name] = toPage(tensor, integerType);
      if (request.weights) feeds.weights = toPage(request.weights, integerType);
      const result = await harness.evaluate(RUN_MODEL, { model: base64(model), provider, feeds, runs: request.runs });
      const runs: Evaluation[] = result.runs.map((outputs) => ({
        loss: fromPage(outputs.loss!),
        lossDims: outputs.loss!.dims,
        ...(outputs.gradient ? { gradient: fromPage(outputs.gradient), gradients: pageGradients(outputs) } : {}),
      }));
      return { provider: result.provider, runs };
    },
    // The device holds end with the page, which the tester closes with Chromium.
    async close() {},
  };
}
