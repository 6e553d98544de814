import type { GraphBuilder, Node, Value } from '@losskit/graph';

/** What a gradient rule receives for one node. */
export interface GradientContext {
  /** The builder to emit gradient nodes into. */
  readonly g: GraphBuilder;
  readonly node: Node;
  /** The node's inputs; `undefined` for optional inputs that were left out. */
  readonly inputs: readonly (Value | undefined)[];
  readonly outputs: readonly Value[];
  /** Gradients of the loss w.r.t. each output; `undefined` where no gradient flows. */
  readonly dOutputs: readonly (Value | undefined)[];
  /** Whether input `i` needs a gradient (skip work for constants and integer inputs). */
  needsGradient(index: number): boolean;
}

/**
 * The vector-Jacobian product of one operator: gradients of the loss w.r.t. each input, given
 * the gradients w.r.t. its outputs. Return `undefined` for inputs that get no gradient.
 */
export type GradientRule = (ctx: GradientContext) => readonly (Value | undefined)[];

/**
 * Gradient rules by ONNX operator type: `Conv` for the default domain (`''` or `ai.onnx`),
 * `com.example.MyOp` for an operator of domain `com.example`.
 */
export type GradientRules = Readonly<Record<string, GradientRule>>;
