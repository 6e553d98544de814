import { LossKitError } from '@losskit/graph';

/**
 * Training diverged: the loss of a step, or the parameters it would produce, became NaN or
 * infinite. Training stops at `step`, and the trainer keeps the parameters of the last good step
 * (`step - 1`), so they can be saved or exported.
 */
export class NonFiniteLossError extends LossKitError<'ERR_NON_FINITE_LOSS'> {
  /** The 1-based step whose loss (or update) was not finite. */
  readonly step: number;
  /** The step's loss; finite when only the updated parameters were not. */
  readonly loss: number;
  /** What was not finite: the loss, or the parameters the update would have produced. */
  readonly nonFinite: 'loss' | 'parameters';

  constructor(step: number, loss: number, nonFinite: 'loss' | 'parameters' = 'loss') {
    const what = nonFinite === 'loss' ? `The loss at step ${step} is ${loss}` : `The parameters after step ${step} are not finite (its loss was ${loss})`;
    super(
      'ERR_NON_FINITE_LOSS',
      `${what}; training stopped and the parameters of step ${step - 1} were kept. Lower the learning rate or check the data.`,
    );
    this.step = step;
    this.loss = loss;
    this.nonFinite = nonFinite;
  }
}
