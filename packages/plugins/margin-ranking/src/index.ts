import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { type MarginRankingSchema, marginRankingSchema } from './options';
import { rankingTargetCheck, validateRankingTarget } from './target';

export type { MarginRankingSchema, MarginRankingSettings } from './options';

/**
 * Margin ranking loss per element, as PyTorch's `F.margin_ranking_loss`: for scores `x1`
 * (`prediction`) and `x2` (`other`) and a target `y` of 1 (x1 should rank higher) or -1 (x2
 * should), `max(0, margin - y (x1 - x2))`. Both scores get gradients; at exactly 0 the gradient
 * passes, as PyTorch's `clamp_min` lets it.
 */
export const marginRanking: LossPluginFactory<MarginRankingSchema> = defineLossPlugin({
  name: 'margin-ranking',
  description: 'Margin ranking loss: max(0, margin - y (x1 - x2)) for pairs of scores and which should rank higher (PyTorch F.margin_ranking_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/margin-ranking#readme',
  options: marginRankingSchema,
  create: ({ margin }) => ({
    inputs: {
      other: { type: 'float', differentiable: true, description: "the second score of each pair (x2), with the prediction's dims" },
      target: { type: 'float', description: "1 where the prediction should rank higher, -1 where other should, with the prediction's dims" },
    },
    // Clip's gradient rule passes the gradient where its input is >= the bound, as clamp_min's does.
    elementwise: (g, prediction, target, { other }) => g.clip(g.sub(margin, g.mul(target, g.sub(prediction, other!))), 0),
    reference: (prediction, target, { other }) => ({
      data: prediction.data.map((x1, i) => Math.max(0, margin - target.data[i]! * (x1 - other!.data[i]!))),
      dims: prediction.dims,
    }),
    validate: validateRankingTarget,
    inputCheck: (g, _prediction, target) => rankingTargetCheck(g, target),
  }),
});
