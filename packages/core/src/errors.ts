import { LossKitError } from '@losskit/graph';

// Options are core's concept, but decodeModel's options are checked in @losskit/graph, below core.
export { InvalidOptionError } from '@losskit/graph';

/**
 * Every stable error code of losskit, with the package whose class throws it:
 * `ERR_INVALID_INPUT`, `ERR_UNSUPPORTED_OPERATOR`, `ERR_SHAPE`, `ERR_MODEL_FORMAT`,
 * `ERR_INVALID_OPTION` (`@losskit/graph`, which checks decodeModel's options); `ERR_GRADIENT_RULE`
 * (`@losskit/autodiff`); `ERR_UNAVAILABLE_PROVIDER`, `ERR_RELEASED` (`@losskit/core`); `ERR_NON_FINITE_LOSS` (`@losskit/train`).
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
