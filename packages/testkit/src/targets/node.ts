import type { LossPlugin } from '@losskit/core';
import type { EvaluationRequest, EvaluationResult, Evaluation, Executor } from './executor';
import { type TargetId, providerOf } from './ids';

/** Runs losses in this Node process through `createLossSession`, the API users call. */
export function nodeExecutor(target: TargetId): Executor {
  const provider = providerOf(target);
  return {
    target,
    async evaluate(plugin: LossPlugin<unknown>, request: EvaluationRequest): Promise<EvaluationResult> {
      // Loaded on first use: onnxruntime-node, which it imports, is an optional peer.
      const { createLossSession } = await import('@losskit/runtime');
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
  };
}
