import { isCi } from '@losskit/browser-harness';
import { listProviders } from '@losskit/runtime';

/**
 * Whether onnxruntime-node's WebGPU provider runs here, and why not. In CI a missing adapter
 * is a failure (CI installs SwiftShader); elsewhere tests skip and say so.
 */
export async function nodeWebGpu(): Promise<{ available: boolean; reason: string }> {
  const info = (await listProviders()).find((p) => p.name === 'webgpu')!;
  if (!info.available && isCi()) throw new Error(`CI requires the webgpu provider: ${info.reason}`);
  if (!info.available) console.warn(`[runtime tests] webgpu skipped: ${info.reason}`);
  return { available: info.available, reason: info.reason ?? '' };
}
