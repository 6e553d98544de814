import { InvalidInputError, type LossInputs } from '@losskit/core';
import { checkPosWeightDims } from './pos-weight';
import type { BceSettings } from './settings';

function checkUnitInterval(argument: 'prediction' | 'target', data: Float32Array, expected: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0 && v <= 1)) throw new InvalidInputError(`${argument}.data[${i}]`, expected, v);
  }
}

/** Targets must lie in [0, 1]; so must predictions unless they are logits. */
export function validateBce({ prediction, target }: LossInputs, settings: BceSettings): void {
  checkUnitInterval('target', target.data, 'a target in [0, 1]');
  if (!settings.fromLogits) {
    checkUnitInterval('prediction', prediction.data, 'a probability in [0, 1] (pass fromLogits: true for logits)');
  }
  checkPosWeightDims(settings.posWeight, target.dims);
}
