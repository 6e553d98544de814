import type { MeanReduction } from '@losskit/core';

/**
 * PyTorch's `'mean'` of CTC: each sample's (weighted) loss divided by its target length, clamped
 * to at least 1, then the mean over the batch.
 */
export const ctcMean: MeanReduction = {
  description: 'Σ_n w_n·l_n / max(targetLengths[n], 1) / N: the loss per target label, averaged over the batch (PyTorch)',
  graph: (g, weighted, inputs) => {
    const lengths = inputs.targetLengths!;
    const perLabel = g.div(weighted, g.max(g.cast(lengths, 'float32'), 1));
    return g.div(g.reduceSum(perLabel, { keepdims: false }), lengths.shape[0]!);
  },
  reference: (weighted, inputs) => {
    const lengths = inputs.targetLengths!.data;
    let total = 0;
    for (let n = 0; n < lengths.length; n++) total += weighted.data[n]! / Math.max(lengths[n]!, 1);
    return total / lengths.length;
  },
};
