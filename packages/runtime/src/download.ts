import { GraphBuilder, encodeModel } from '@losskit/graph';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { OrtModule } from './backend';
import { sessionOptionsFor } from './providers';

/**
 * Copies WebGPU tensors to the host in Node. onnxruntime-node 1.30 aborts the process on
 * `getData()` of a `gpu-buffer` tensor, but an Identity session whose output is on the CPU makes
 * ONNX Runtime do the copy itself. One session is kept per shape.
 */
export function identityDownloader(ort: OrtModule): (tensor: Tensor) => Promise<Float32Array> {
  const sessions = new Map<string, Promise<InferenceSession>>();
  return async (tensor) => {
    const key = tensor.dims.join('x');
    let session = sessions.get(key);
    if (!session) {
      const g = new GraphBuilder('losskit-download');
      g.output(g.identity(g.input('x', 'float32', tensor.dims)), 'y');
      session = ort.InferenceSession.create(encodeModel(g.toModel()), sessionOptionsFor('webgpu'));
      sessions.set(key, session);
    }
    const result = await (await session).run({ x: tensor });
    return result.y!.data as Float32Array;
  };
}
