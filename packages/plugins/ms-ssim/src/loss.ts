import type { GraphBuilder, LossImplementation, Value } from '@losskit/core';
import { type SsimSettings, imageTarget } from '@losskit/loss-ssim';
import { checkMsSsimDims } from './dims';
import { msSsimGradient } from './gradient';
import { type MsSsimPass, msSsimPass } from './graph';
import { msSsimReference } from './reference';

/**
 * The implementation of `msSsim` for one set of options: the loss `1 - MS-SSIM` per image and
 * channel, its closed-form gradient, which reuses the forward pass (kept per prediction value),
 * and the float64 reference.
 */
export function msSsimLoss({ weights, ...settings }: SsimSettings & { readonly weights: readonly number[] }): LossImplementation {
  const forward = new WeakMap<Value, { readonly target: Value; readonly pass: MsSsimPass }>();
  const emit = (g: GraphBuilder, prediction: Value, target: Value): MsSsimPass => msSsimPass(g, prediction, target, settings, weights);
  return {
    inputs: imageTarget((dims) => checkMsSsimDims(dims, settings.windowSize)),
    elementwise: (g, prediction, target) => {
      const pass = emit(g, prediction, target);
      forward.set(prediction, { target, pass });
      return g.reshape(g.sub(1, pass.value), prediction.shape.slice(0, 2));
    },
    gradient: (g, prediction, target, dLoss) => {
      const kept = forward.get(prediction);
      const pass = kept?.target === target ? kept.pass : emit(g, prediction, target);
      const dValue = g.neg(g.reshape(dLoss, pass.value.shape));
      return g.reshape(msSsimGradient(g, pass, dValue, settings, weights), prediction.shape);
    },
    reference: (prediction, target) => {
      const values = msSsimReference(prediction, target, settings, weights);
      return { data: values.data.map((v) => 1 - v), dims: values.dims };
    },
  };
}
