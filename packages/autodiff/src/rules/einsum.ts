import { UnsupportedOperatorError, type Value, attributeValue, einsumLabels } from '@losskit/graph';
import type { GradientContext, GradientRule } from '../types';

function equationOf(ctx: GradientContext): string {
  return attributeValue(ctx.node.attributes, 'equation', 'string') ?? '';
}

/**
 * Einsum: y = Σ over the summed labels of Π operands. The gradient of operand k is the Einsum of
 * dY with the other operands whose output is operand k's labels: every product that held x_k,
 * with x_k taken out. Labels only operand k has (summed away by the forward) appear in no other
 * term, so that Einsum leaves them out and dY is broadcast back over them (Unsqueeze, Expand).
 * The emitted equations spell every axis with a letter (no `...`), a form ONNX Runtime 1.30 runs
 * on cpu, wasm and WebGPU. Not supported: an operand that repeats a label (a diagonal) and a
 * label of size 1 in one operand broadcast against another size.
 */
const einsum: GradientRule = (ctx) => {
  const { g } = ctx;
  const equation = equationOf(ctx);
  const operands = ctx.inputs as readonly Value[];
  const { inputs, output, sizes } = einsumLabels(equation, operands.map((x) => x.shape));
  const refuse = (why: string): never => {
    throw new UnsupportedOperatorError(['Einsum'], `Cannot differentiate Einsum "${ctx.node.name}" with equation "${equation}": ${why}`);
  };
  inputs.forEach((labels, i) =>
    labels.forEach((label, axis) => {
      if (operands[i]!.shape[axis] !== sizes.get(label)) refuse(`label "${label}" of input ${i} has size ${operands[i]!.shape[axis]}, broadcast to ${sizes.get(label)}`);
    }),
  );
  const dy = ctx.dOutputs[0]!;
  return operands.map((x, k) => {
    if (!ctx.needsGradient(k)) return undefined;
    const own = inputs[k]!;
    if (new Set(own).size !== own.length) refuse(`input ${k} repeats a label (a diagonal)`);
    const others = operands.flatMap((v, j) => (j === k ? [] : [{ value: v, labels: inputs[j]! }]));
    const reachable = new Set([...output, ...others.flatMap((o) => o.labels)]);
    const kept = own.filter((l) => reachable.has(l));
    const terms = [output, ...others.map((o) => o.labels)];
    let d: Value;
    if (others.length === 0 && kept.length === output.length) {
      // dY only rearranged: a Transpose (or nothing) instead of a one-operand Einsum.
      const perm = kept.map((l) => output.indexOf(l));
      d = perm.every((p, i) => p === i) ? dy : g.transpose(dy, perm);
    } else {
      d = g.einsum(`${terms.map((t) => t.join('')).join(',')}->${kept.join('')}`, dy, ...others.map((o) => o.value));
    }
    if (kept.length === own.length) return d;
    const missing = own.flatMap((l, axis) => (reachable.has(l) ? [] : [axis]));
    return g.expand(g.unsqueeze(d, missing), x.shape);
  });
};

export const einsumRules: Record<string, GradientRule> = { Einsum: einsum };
