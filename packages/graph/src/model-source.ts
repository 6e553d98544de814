import { inlineFunctions } from './functions';
import type { Model } from './ir';
import { decodeModel } from './proto/decode';

/**
 * A model as losskit takes one from a user: the IR (from `@losskit/models`, a builder's
 * `toModel()` or `decodeModel`) or the bytes of an `.onnx` file.
 */
export type ModelSource = Model | Uint8Array;

/** What a {@link ModelSource} is, in the words of the errors that refuse something else. */
export const MODEL_SOURCE_DESCRIPTION = 'a Model (from @losskit/models or decodeModel) or the bytes of an .onnx file';

/** Whether `value` is a {@link ModelSource}: bytes, or an object with a graph and an IR version. */
export function isModelSource(value: unknown): value is ModelSource {
  return value instanceof Uint8Array || (typeof value === 'object' && value !== null && 'graph' in value && 'irVersion' in value);
}

/**
 * The model of a source, ready to analyse: bytes decoded (a `ModelFormatError` when they
 * are not ONNX), model-local functions inlined so that only standard operators remain. Training
 * (`@losskit/train`) and losses that run a user's network (`@losskit/loss-perceptual`) read
 * their models with it.
 */
export function readModelSource(source: ModelSource): Model {
  return inlineFunctions(source instanceof Uint8Array ? decodeModel(source) : source);
}
