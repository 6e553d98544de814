import type { LossFeeds, LossPlugin, Reduction } from '@losskit/core';
import type { SessionTuning } from './tuning';

/** Execution providers losskit can ask ONNX Runtime for. */
export type ProviderName = 'cpu' | 'cuda' | 'webgpu' | 'wasm';

/** What callers may request: a provider, or `auto` for the best one available here. */
export type ProviderRequest = ProviderName | 'auto';

/**
 * Why a provider cannot run here, as a stable code (`reason` says it in words, with the fix):
 * it belongs to the other build (`cpu` in a browser, `wasm` in Node); no WebGPU adapter was found;
 * the CUDA provider libraries are not beside onnxruntime-node's binding; or ONNX Runtime failed to
 * start it for another reason.
 */
export type ProviderProblem = 'other-platform' | 'no-webgpu-adapter' | 'missing-cuda-libraries' | 'failed-to-start';

/** Availability of one provider on this machine. */
export interface ProviderInfo {
  readonly name: ProviderName;
  readonly available: boolean;
  /** Why the provider is unavailable (and how to fix it), when it is. */
  readonly reason?: string;
  /** The kind of {@link reason}, for code that reacts to it (present when `available` is false). */
  readonly problem?: ProviderProblem;
}

/** Options shared by loss and model sessions. */
export interface RuntimeOptions {
  /** Default `'auto'`: CUDA then CPU in Node, WebGPU then WASM in the browser. */
  readonly provider?: ProviderRequest;
  /**
   * Receives one-line notices (e.g. why `auto` fell back to another provider). Each caller's
   * listener hears them: a session's `onNotice` hears its own fallback once. Default:
   * `console.warn`, once per process for each distinct notice.
   */
  readonly onNotice?: (message: string) => void;
  /** How ONNX Runtime runs the graphs: threads, spinning, memory planning, optimisation level. */
  readonly session?: SessionTuning;
}

/** Options of `createLossSession`. */
export interface LossSessionOptions extends RuntimeOptions {
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /** Also compute d loss / d prediction (and / d every other differentiable input). Default `false`. */
  readonly gradient?: boolean;
}

/** The result of one loss evaluation. */
export interface LossResult {
  /** The loss: one value unless `reduction` is `'none'`. */
  readonly loss: Float32Array;
  readonly lossDims: readonly number[];
  /** d loss / d prediction, with the prediction's dims (only with `gradient: true`). */
  readonly gradient?: Float32Array;
  /**
   * d loss / d each differentiable input, by input name, each with its input's dims (only with
   * `gradient: true`): `prediction` always, and e.g. `positive` and `negative` for triplet margin.
   */
  readonly gradients?: Readonly<Record<string, Float32Array>>;
  /**
   * A combined loss's parts (`weightedSum` of @losskit/core), by key (`{ 'ms-ssim': 0.12, l1: 0.05 }`;
   * a repeated plugin name gets `#2`): each part's own mean, unweighted, whatever the reduction
   * and the weights. Absent for every other loss.
   */
  readonly parts?: Readonly<Record<string, number>>;
  /** The execution provider that ran this evaluation. */
  readonly provider: ProviderName;
}

/** A loss compiled for one plugin, reduction and provider. Graphs are built per input dims and cached. */
export interface LossSession {
  readonly plugin: LossPlugin<unknown>;
  readonly reduction: Reduction;
  /** The provider every run of this session uses (resolved from `auto` at creation). */
  readonly provider: ProviderName;
  /** Validates the inputs, then evaluates the loss (and gradient). */
  run(inputs: LossFeeds): Promise<LossResult>;
  /** Frees every ONNX Runtime session this loss session created. */
  release(): Promise<void>;
  /** `release()`, for `await using session = await createLossSession(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}
