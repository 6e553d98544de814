// Messages between the page and the training worker. Everything here is structured-clone data;
// float arrays travel as transferable buffers.
import type { ReconstructionMetrics } from '@losskit/models';

/** Providers the page may ask for. */
export type ProviderChoice = 'auto' | 'webgpu' | 'wasm';

/** A user's own loss: the graph function and its optional float64 reference, as source text. */
export interface CustomLossSource {
  readonly code: string;
  readonly reference: string;
}

/** What a run trains; all of it lives in the page's URL. */
export interface DemoSettings {
  /** Loss tokens (`l1`, `luma`, `luma:mse`, `red:bce`, ...; see loss-catalog.ts). */
  readonly losses: readonly string[];
  readonly size: number;
  /** The default data: the repository's photos, or the synthetic set. Own photos override both. */
  readonly data: 'photos' | 'synthetic';
  /** Training images: crops of the photos, or synthetic images. */
  readonly images: number;
  readonly steps: number;
  readonly batch: number;
  /** Adam's peak learning rate: a warm-up, then a cosine decay (see worker/run.ts). */
  readonly lr: number;
  readonly seed: number;
  readonly provider: ProviderChoice;
}

/** NCHW images in [0, 1]. */
export interface Images {
  readonly data: Float32Array;
  readonly dims: readonly [number, number, number, number];
}

/** Encoded image files the person chose (PNG or JPEG bytes). */
export interface PhotoFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

export type ToWorker =
  | { readonly type: 'start'; readonly settings: DemoSettings; readonly photos: readonly PhotoFile[]; readonly custom?: CustomLossSource }
  | { readonly type: 'probe'; readonly provider: ProviderChoice }
  | { readonly type: 'check-custom'; readonly custom: CustomLossSource; readonly size: number }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'reset' }
  | { readonly type: 'export'; readonly row: string };

export type RunStatus = 'idle' | 'loading' | 'training' | 'paused' | 'done' | 'error';

/** One row's final numbers, as the node demo's summary has them. */
export interface RowResult {
  readonly row: string;
  readonly plugin: string;
  /** Mean training loss of the steps up to the fifth whose loss was read. */
  readonly initialTrainingLoss: number;
  /** Mean training loss of the last 20 steps whose loss was read. */
  readonly finalTrainingLoss: number;
  /** Whether the run collapsed (`hasCollapsed` of @losskit/models, as the node demo decides): no result. */
  readonly collapsed: boolean;
  readonly heldOut: ReconstructionMetrics;
}

export type FromWorker =
  | { readonly type: 'status'; readonly status: RunStatus; readonly message?: string }
  | { readonly type: 'provider'; readonly provider: 'webgpu' | 'wasm'; readonly reason?: string; readonly threads: number }
  | {
      readonly type: 'data';
      /** The held-out images shown (the first of those measured), and a caption for each. */
      readonly originals: Images;
      readonly captions: readonly string[];
      readonly description: string;
    }
  | { readonly type: 'rows'; readonly rows: readonly string[] }
  | { readonly type: 'row-error'; readonly row: string; readonly message: string }
  | {
      readonly type: 'progress';
      readonly step: number;
      readonly totalSteps: number;
      readonly stepsPerSecond: number;
      /** New [step, loss] points per row since the last message. */
      readonly points: Readonly<Record<string, readonly (readonly [number, number])[]>>;
    }
  | { readonly type: 'reconstructions'; readonly step: number; readonly images: Readonly<Record<string, Images>> }
  | { readonly type: 'results'; readonly results: readonly RowResult[] }
  | { readonly type: 'custom-check'; readonly ok: boolean; readonly message: string }
  | { readonly type: 'exported'; readonly row: string; readonly bytes: Uint8Array }
  | { readonly type: 'export-failed'; readonly row: string; readonly message: string };
