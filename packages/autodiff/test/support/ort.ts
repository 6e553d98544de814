// onnxruntime-node used directly: @losskit/runtime depends on this package, so importing it here
// would be a dependency cycle.
import { isCi } from '@losskit/browser-harness';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import type { TestContext } from 'vitest';

/** The onnxruntime-node execution providers every gradient test runs on. */
export type Provider = 'cpu' | 'webgpu';

export const PROVIDERS: readonly Provider[] = ['cpu', 'webgpu'];

/**
 * Session options per provider. WebGPU sessions refuse to fall back to the CPU, so a gradient
 * node without a WebGPU kernel fails the test instead of silently running on the CPU.
 */
export function sessionOptions(provider: Provider): ort.InferenceSession.SessionOptions {
  return provider === 'webgpu'
    ? { executionProviders: ['webgpu'], logSeverityLevel: 3, extra: { session: { disable_cpu_ep_fallback: '1' } } }
    : { executionProviders: ['cpu'], logSeverityLevel: 3 };
}

/** Runs `bytes` once on `provider` and returns every output as a Float32Array. */
export async function runModel(
  bytes: Uint8Array,
  provider: Provider,
  feeds: Readonly<Record<string, { data: Float32Array; dims: readonly number[] }>>,
): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, sessionOptions(provider));
  try {
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) tensors[name] = new ort.Tensor('float32', t.data, t.dims);
    const results = await session.run(tensors);
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(results)) out[name] = Float32Array.from(t.data as Float32Array);
    return out;
  } finally {
    await session.release();
  }
}

/** Sessions kept open only to hold the WebGPU device (see probeWebGpu). */
const deviceHolds: ort.InferenceSession[] = [];

/**
 * Whether onnxruntime-node's WebGPU provider runs here. In CI a missing adapter is a failure (CI
 * installs SwiftShader); elsewhere the WebGPU tests skip and say why.
 */
async function probeWebGpu(): Promise<{ available: boolean; reason: string }> {
  const g = new GraphBuilder('probe');
  g.output(g.neg(g.input('x', 'float32', [1])), 'y');
  try {
    const bytes = encodeModel(g.toModel());
    await runModel(bytes, 'webgpu', { x: { data: new Float32Array(1), dims: [1] } });
    // Held for the worker's life: ONNX Runtime closes the WebGPU device with its last session and
    // compiles every shader again for the next (what @losskit/runtime's holdDevice avoids).
    deviceHolds.push(await ort.InferenceSession.create(bytes, sessionOptions('webgpu')));
    return { available: true, reason: '' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (isCi()) throw new Error(`CI requires onnxruntime-node's webgpu provider: ${reason}`, { cause: error });
    console.warn(`[autodiff tests] webgpu skipped: ${reason}`);
    return { available: false, reason };
  }
}

let webGpu: Promise<{ available: boolean; reason: string }> | undefined;

/** Probes the WebGPU provider once per test worker. */
export function webGpuAvailable(): Promise<{ available: boolean; reason: string }> {
  webGpu ??= probeWebGpu();
  return webGpu;
}

/** Skips the running test outside CI when WebGPU does not run here, with the reason in the report. */
export async function skipWithoutWebGpu(ctx: TestContext): Promise<void> {
  const { available, reason } = await webGpuAvailable();
  if (!available) ctx.skip(`no WebGPU adapter: ${reason}`);
}
