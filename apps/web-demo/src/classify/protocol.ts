// Messages between the digits page and its training worker (structured-clone data only).
import type { ProviderChoice } from '../protocol';

/** The models the page can train (mlpClassifier and cnnClassifier of @losskit/models). */
export const DIGIT_MODELS = ['mlp', 'cnn'] as const;
export type DigitModel = (typeof DIGIT_MODELS)[number];

/** What a run trains; all of it lives in the page's URL. */
export interface ClassifySettings {
  readonly models: readonly DigitModel[];
  readonly epochs: number;
  readonly batch: number;
  /** AdamW's learning rate in the first epoch; a cosine takes it toward 0 over the epochs. */
  readonly lr: number;
  readonly seed: number;
  readonly provider: ProviderChoice;
}

/** Losses and accuracies of one model after one epoch. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly heldOutLoss: number;
  readonly heldOutAccuracy: number;
}

/** A held-out digit the trained model got wrong. */
export interface Mistake {
  readonly label: number;
  readonly predicted: number;
  /** Its 8x8 pixels in [0, 1]. */
  readonly pixels: Float32Array;
}

export type ToClassifyWorker = { readonly type: 'start'; readonly settings: ClassifySettings } | { readonly type: 'reset' };

export type ClassifyStatus = 'idle' | 'loading' | 'training' | 'done' | 'error';

export type FromClassifyWorker =
  | { readonly type: 'status'; readonly status: ClassifyStatus; readonly message?: string }
  | { readonly type: 'provider'; readonly provider: 'webgpu' | 'wasm'; readonly reason?: string; readonly threads: number }
  | { readonly type: 'data'; readonly train: number; readonly heldOut: number }
  | { readonly type: 'model'; readonly model: DigitModel; readonly parameters: number; readonly stepsPerEpoch: number }
  /** New [step, loss] points of the model's training since the last message. */
  | { readonly type: 'progress'; readonly model: DigitModel; readonly epoch: number; readonly points: readonly (readonly [number, number])[] }
  | { readonly type: 'epoch'; readonly model: DigitModel; readonly record: EpochRecord }
  | { readonly type: 'confusion'; readonly model: DigitModel; readonly matrix: number[][]; readonly mistakes: readonly Mistake[] };
