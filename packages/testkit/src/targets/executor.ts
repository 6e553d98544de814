import type { HostTensor, LossPlugin, LossTensor, Reduction } from '@losskit/core';
import type { TargetId } from './ids';

/** One loss evaluation to run, possibly several times (to check determinism). */
export interface EvaluationRequest {
  readonly reduction: Reduction;
  readonly gradient: boolean;
  readonly prediction: HostTensor;
  /** The plugin's declared inputs by name (`target`, `positive`, ...); integers as `Int32Array`. */
  readonly inputs: Readonly<Record<string, LossTensor>>;
  readonly weights?: HostTensor | undefined;
  /** How many times to run the same session on the same inputs. */
  readonly runs: number;
}

/** The outputs of one run. */
export interface Evaluation {
  readonly loss: Float32Array;
  readonly lossDims: readonly number[];
  readonly gradient?: Float32Array;
  /** The gradient of each differentiable input by name, `prediction` included. */
  readonly gradients?: Readonly<Record<string, Float32Array>>;
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
  /** Frees what the executor kept between evaluations (the device hold). */
  close(): Promise<void>;
}
