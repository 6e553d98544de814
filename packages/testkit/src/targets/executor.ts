import type { HostTensor, LossPlugin, Reduction } from '@losskit/core';
import type { TargetId } from './ids';

/** One loss evaluation to run, possibly several times (to check determinism). */
export interface EvaluationRequest {
  readonly reduction: Reduction;
  readonly gradient: boolean;
  readonly prediction: HostTensor;
  readonly target: HostTensor;
  readonly weights?: HostTensor | undefined;
  /** How many times to run the same session on the same inputs. */
  readonly runs: number;
}

/** The outputs of one run. */
export interface Evaluation {
  readonly loss: Float32Array;
  readonly lossDims: readonly number[];
  readonly gradient?: Float32Array;
}

/** The outputs of every run, and the provider that actually ran them. */
export interface EvaluationResult {
  readonly provider: string;
  readonly runs: readonly Evaluation[];
}

/** Runs a plugin's loss on one target. */
export interface Executor {
  readonly target: TargetId;
  evaluate(plugin: LossPlugin<unknown>, request: EvaluationRequest): Promise<EvaluationResult>;
}
