import { LossKitError, describeValue } from '@losskit/graph';

/**
 * Every stable error code of losskit, with the package whose class throws it:
 * `ERR_INVALID_INPUT`, `ERR_UNSUPPORTED_OPERATOR`, `ERR_SHAPE`, `ERR_MODEL_FORMAT` (`@losskit/graph`);
 * `ERR_GRADIENT_RULE` (`@losskit/autodiff`); `ERR_INVALID_OPTION`, `ERR_UNAVAILABLE_PROVIDER`,
 * `ERR_RELEASED` (`@losskit/core`); `ERR_NON_FINITE_LOSS` (`@losskit/train`).
 */
export type LossKitErrorCode =
  | 'ERR_INVALID_INPUT'
  | 'ERR_INVALID_OPTION'
  | 'ERR_UNAVAILABLE_PROVIDER'
  | 'ERR_UNSUPPORTED_OPERATOR'
  | 'ERR_SHAPE'
  | 'ERR_MODEL_FORMAT'
  | 'ERR_GRADIENT_RULE'
  | 'ERR_NON_FINITE_LOSS'
  | 'ERR_RELEASED';

/** A plugin, session or trainer option is unknown or has a value outside its domain. */
export class InvalidOptionError extends LossKitError<'ERR_INVALID_OPTION'> {
  /** The option at fault, e.g. `bce.labelSmoothing` or `reduction`. */
  readonly option: string;
  readonly expected: string;
  readonly received: string;

  constructor(option: string, expected: string, received: unknown, detail?: string) {
    const receivedText = typeof received === 'string' ? received : describeValue(received);
    super(
      'ERR_INVALID_OPTION',
      `Invalid option ${option}: expected ${expected}, received ${receivedText}${detail ? `. ${detail}` : ''}`,
    );
    this.option = option;
    this.expected = expected;
    this.received = receivedText;
  }
}

/**
 * The requested execution provider cannot run here, or cannot run the whole graph. Defined in
 * core, below the runtime that throws it, so that `@losskit/core` users can catch it.
 */
export class UnavailableProviderError extends LossKitError<'ERR_UNAVAILABLE_PROVIDER'> {
  readonly provider: string;

  constructor(provider: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_UNAVAILABLE_PROVIDER', `Execution provider "${provider}" is unavailable: ${reason}`, options);
    this.provider = provider;
  }
}

/** A session or trainer was used after `release()` (thrown by `@losskit/runtime` and `@losskit/train`). */
export class ReleasedError extends LossKitError<'ERR_RELEASED'> {
  constructor(what: string) {
    super('ERR_RELEASED', `${what} was released; create a new one`);
  }
}
