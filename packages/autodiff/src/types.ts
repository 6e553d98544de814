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
  /**
   * Whether input `i` needs a gradient (skip work for constants and integer inputs). Always
   * false for the inputs the rule declares {@link GradientRule.nonDifferentiable}.
   */
  needsGradient(index: number): boolean;
}

/**
 * The vector-Jacobian product of one operator: gradients of the loss w.r.t. each input, given
 * the gradients w.r.t. its outputs. Return `undefined` for inputs that get no gradient.
 *
 * A rule may also state facts about its operator's inputs (attach them with
 * `defineGradientRule`); `differentiableInputs` and `trainableInputs` read them.
 */
export interface GradientRule {
  (ctx: GradientContext): readonly (Value | undefined)[];
  /**
   * Input indices no gradient flows into: shape operands, indices, axes, conditions, bounds the
   * rule does not differentiate (a function of the node where it depends on attributes, e.g.
   * BatchNormalization's running statistics in training mode). `gradients` never asks the rule
   * for them and treats what reaches the node only through them as constant. Default: none.
   */
  readonly nonDifferentiable?: readonly number[] | ((node: Node) => readonly number[]);
  /**
   * Differentiable input indices that hold settings or statistics, not learned weights (Clip's
   * bounds, BatchNormalization's running statistics): a trainer does not take an initializer
   * there for a parameter unless the model declares it one. Default: none.
   */
  readonly nonTrainable?: readonly number[];
}

/** The facts a rule may state about its operator's inputs (see {@link GradientRule}). */
export type InputFacts = Pick<GradientRule, 'nonDifferentiable' | 'nonTrainable'>;

/**
 * Gradient rules by ONNX operator type: `Conv` for the default domain (`''` or `ai.onnx`),
 * `com.example.MyOp` for an operator of domain `com.example`.
 */
export type GradientRules = Readonly<Record<string, GradientRule>>;
