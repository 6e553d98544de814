// Running models in onnxruntime-node for tests: one session per call, released afterwards.
import * as ort from 'onnxruntime-node';

/** Runs `bytes` once on the CPU provider and returns every output. */
export async function runModel(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

/** Deterministic values in [-0.5, 0.5) from a linear congruential generator. */
export function seededFloats(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}
