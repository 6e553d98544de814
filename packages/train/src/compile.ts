import { gradients } from '@losskit/autodiff';
import { type LossPlugin, type Reduction, applyLoss, applyReduction, InvalidOptionError } from '@losskit/core';
import { GraphBuilder, type Value, encodeModel, numel } from '@losskit/graph';
import { type PreparedModel, withParamsAsInputs } from './model';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';

/** The model's forward pass, specialised to `inputDims`, with parameters as graph inputs. */
function forward(prepared: PreparedModel, inputDims: readonly number[]): { g: GraphBuilder; prediction: Value; params: Value[] } {
  const g = GraphBuilder.fromGraph(withParamsAsInputs(prepared), { [prepared.input.name]: inputDims });
  return { g, prediction: g.value(prepared.output.name), params: prepared.params.map((p) => g.value(p.name)) };
}

function opsetsOf(prepared: PreparedModel) {
  // Training ops need opset 18 (ReduceSum axes as input); keep the model's other domains.
  const others = prepared.model.opsetImports.filter((o) => o.domain !== '' && o.domain !== 'ai.onnx');
  return [{ domain: '', version: 18 }, ...others];
}

/**
 * Compiles one training step into a single graph. Inputs: the batch, `losskit/target`, every
 * parameter (under its own name), the optimizer state (`losskit/state/<slot>/<param>`),
 * `losskit/step` (1-based) and `losskit/lr`. Outputs: `losskit/loss`, `losskit/new/<param>` and
 * `losskit/new-state/<slot>/<param>`.
 */
export function compileTrainingStep(
  prepared: PreparedModel,
  loss: LossPlugin<unknown>,
  reduction: Reduction,
  optimizer: Optimizer,
  inputDims: readonly number[],
): { bytes: Uint8Array; predictionDims: readonly number[] } {
  if (reduction === 'none') throw new InvalidOptionError('reduction', 'a reduction to a scalar for training', '"none"');
  const { g, prediction, params } = forward(prepared, inputDims);
  const target = g.input(NAMES.target, 'float32', prediction.shape);
  const value = applyReduction(g, applyLoss(g, loss, prediction, target), undefined, reduction);
  g.output(value, NAMES.loss);
  const grads = gradients(g, value, params);
  const step = g.input(NAMES.step, 'float32', []);
  const lr = g.input(NAMES.lr, 'float32', []);
  params.forEach((param, i) => {
    const state = optimizer.stateSlots.map((slot) => g.input(NAMES.state(slot, param.name), 'float32', param.shape));
    const updated = optimizer.update(g, { param, grad: grads[i]!, state, step, lr });
    g.output(updated.param, NAMES.newParam(param.name));
    updated.state.forEach((s, k) => g.output(s, NAMES.newState(optimizer.stateSlots[k]!, param.name)));
  });
  const bytes = encodeModel(g.toModel({ opsetImports: opsetsOf(prepared), docString: `losskit training step: ${loss.name}, ${optimizer.name}` }));
  return { bytes, predictionDims: prediction.shape };
}

/**
 * Compiles the forward pass for evaluation and prediction: inputs are the batch and the
 * parameters (and `losskit/target` with a loss); outputs the prediction (and `losskit/loss-sum`,
 * the weighted sum of the elementwise loss). Returns how many elementwise loss values a batch has,
 * so that batch sums add up to a dataset mean.
 */
export function compileEvaluation(
  prepared: PreparedModel,
  loss: LossPlugin<unknown> | undefined,
  inputDims: readonly number[],
): { bytes: Uint8Array; lossCount: number } {
  // The model's outputs, the prediction among them, are outputs of the rebuilt graph already.
  const { g, prediction } = forward(prepared, inputDims);
  let lossCount = 0;
  if (loss) {
    const target = g.input(NAMES.target, 'float32', prediction.shape);
    const elementwise = applyLoss(g, loss, prediction, target);
    lossCount = numel(elementwise.shape);
    g.output(applyReduction(g, elementwise, undefined, 'sum'), NAMES.lossSum);
  }
  return { bytes: encodeModel(g.toModel({ opsetImports: opsetsOf(prepared) })), lossCount };
}
