// Which Node providers the train tests run on. WebGPU needs an adapter (SwiftShader's Vulkan
// driver without a GPU): in CI its absence fails the run; elsewhere the WebGPU suites are skipped
// and their titles say why (the README promises tests that skip and say so).
import { isCi } from '@losskit/browser-harness';
import { holdDevice, listProviders } from '@losskit/runtime';
import { afterAll, describe } from 'vitest';

export type NodeProvider = 'cpu' | 'webgpu';

const info = (await listProviders()).find((p) => p.name === 'webgpu')!;
if (!info.available && isCi()) throw new Error(`CI requires the webgpu provider: ${info.reason}`);
if (!info.available) console.warn(`[train tests] webgpu skipped: ${info.reason}`);

// Each test file opens and releases many sessions: hold the WebGPU device open for the whole file,
// or ONNX Runtime closes it with every last session and compiles every shader again.
const hold = info.available ? await holdDevice('webgpu') : undefined;
afterAll(() => hold?.release());

/** Whether onnxruntime-node's WebGPU provider runs here, and why not. */
export const webgpu: { readonly available: boolean; readonly reason: string } = { available: info.available, reason: info.reason ?? '' };

/** The title of a suite that needs WebGPU, with the reason it is skipped when it is. */
export function needingWebGpu(title: string): string {
  return webgpu.available ? title : `${title} (skipped: no WebGPU adapter: ${webgpu.reason})`;
}

/** One suite per Node provider: `[node:cpu] title`, and `[node:webgpu] title` or its skip. */
export function describeProviders(title: string, body: (provider: NodeProvider) => void): void {
  describe(`[node:cpu] ${title}`, () => body('cpu'));
  describe.skipIf(!webgpu.available)(needingWebGpu(`[node:webgpu] ${title}`), () => body('webgpu'));
}

/** `describe`, skipped with the reason when there is no WebGPU adapter (suites comparing cpu and webgpu). */
export function describeWithWebGpu(title: string, body: () => void): void {
  describe.skipIf(!webgpu.available)(needingWebGpu(title), body);
}
