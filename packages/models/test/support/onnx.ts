import { GraphBuilder, type Model, decodeModel, encodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';

/** Encodes, decodes and specialises `model`'s symbolic batch to `batch` through GraphBuilder.fromGraph. */
export function specialise(model: Model, input: string, dims: readonly number[]): Uint8Array {
  const decoded = decodeModel(encodeModel(model));
  const g = GraphBuilder.fromGraph(decoded.graph, { [input]: dims });
  return encodeModel({ ...g.toModel({ opsetImports: decoded.opsetImports }), graph: g.toGraph() });
}

/** Runs `bytes` on onnxruntime-node's CPU provider with one float32 input. */
export async function runCpu(bytes: Uint8Array, input: string, data: Float32Array, dims: readonly number[]): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  try {
    return await session.run({ [input]: new ort.Tensor('float32', data, dims) });
  } finally {
    await session.release();
  }
}
