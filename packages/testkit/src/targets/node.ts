import type { LossPlugin } from '@losskit/core';
import type { DeviceHold } from '@losskit/runtime';
import type { EvaluationRequest, EvaluationResult, Evaluation, Executor } from './executor';
import { type TargetId, providerOf } from './ids';

/**
 * Runs losses in this Node process through `createLossSession`, the API users call. Each check
 * opens and releases its own session; the provider's device is held open in between, as ONNX
 * Runtime would otherwise close the WebGPU device with every release and open it again.
 */
export function nodeExecutor(target: TargetId): Executor {
  const provider = providerOf(target);
  let hold: Promise<DeviceHold> | undefined;
  return {
    target,
    async evaluate(plugin: LossPlugin<unknown>, request: EvaluationRequest): Promise<EvaluationResult> {
      // Loaded on first use: onnxruntime-node, which it imports, is an optional peer.
      const { createLossSession, holdDevice } = await import('@losskit/runtime');
      hold ??= holdDevice(provider);
      await hold;
      const session = await createLossSession(plugin, { provider, reduction: request.reduction, gradient: request.gradient });
      try {
        const runs: Evaluation[] = [];
        for (let i = 0; i < request.runs; i++) {
          const result = await session.run({
            prediction: request.prediction,
            ...request.inputs,
            ...(request.weights ? { weights: request.weights } : {}),
          });
          runs.push({ loss: result.loss, lossDims: result.lossDims, ...(result.gradient ? { gradient: result.gradient, gradients: result.gradients! } : {}) });
        }
        return { provider: session.provider, runs };
      } finally {
        await session.release();
      }
    },
    async close() {
      const held = hold;
      hold = undefined;
      await (await held?.catch(() => undefined))?.release();
    },
  };
}
