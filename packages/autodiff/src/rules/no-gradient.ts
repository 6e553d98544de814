import type { Node } from '@losskit/graph';
import { defineGradientRule } from '../inputs';
import type { GradientRule } from '../types';

/** Every input of the node: its output is piecewise constant in them, or not a float at all. */
const everyInput = (node: Node): number[] => node.inputs.map((_, i) => i);

/**
 * A rule for an operator whose outputs carry no gradient. `gradients` never calls it (no input
 * is differentiable, so its outputs never depend on what is differentiated): what follows the
 * node sees its outputs as constants, as PyTorch's zero gradients of floor and sign have it.
 */
const noGradient: GradientRule = defineGradientRule(() => [], { nonDifferentiable: everyInput });

/**
 * Shapes, comparisons, logic, indices and rounding: operators whose outputs are integers,
 * booleans or piecewise constant, so no gradient flows back through them.
 */
export const noGradientRules: Record<string, GradientRule> = Object.fromEntries(
  [
    'Shape', 'Size', 'ConstantOfShape', 'Range',
    'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf',
    'ArgMax', 'ArgMin',
    'Sign', 'Floor', 'Ceil', 'Round',
  ].map((op) => [op, noGradient]),
);
