import { LossKitError } from '@losskit/graph';

/**
 * The loss became NaN or infinite. Training stops at `step`, and the trainer keeps the
 * parameters of the last good step.
 */
export class NonFiniteLossError extends LossKitError<'ERR_NON_FINITE_LOSS'> {
  /** The 1-based step whose loss was not finite. */
  readonly step: number;
  readonly loss: number;

  constructor(step: number, loss: number) {
    super(
      'ERR_NON_FINITE_LOSS',
      `The loss at step ${step} is ${loss}; training stopped and the parameters of step ${step - 1} were kept. Lower the learning rate or check the data.`,
    );
    this.step = step;
    this.loss = loss;
  }
}
