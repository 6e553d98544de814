// float64 Einsum from the ONNX specification, with its own reading of the equation (not
// @losskit/graph's einsumLabels, which the gradient rule uses): a loop over every assignment of
// the labels, adding the product of the operands' cells into the output's cell. `...` becomes
// upper-case letters right-aligned over the operands; the implicit output is the ellipsis, then
// the labels used once in alphabetical order. Kept apart from reference.ts only for size.
import { type F64, type ReferenceOp, indices, numel, stridesOf } from './reference';

export const EINSUM_OPS: Readonly<Record<string, ReferenceOp>> = {
  Einsum: (operands, node) => {
    const attribute = node.attributes.equation;
    const equation = (attribute?.type === 'string' ? attribute.value : '').replace(/\s/g, '');
    const [lhs, rhs] = equation.split('->') as [string, string | undefined];
    const xs = operands as F64[];
    const ellipsis = Math.max(0, ...lhs.split(',').map((t, i) => xs[i]!.shape.length - t.replace('...', '').length));
    const dots = 'QRSTUVWXYZ'.slice(10 - ellipsis);
    const expand = (term: string, rank: number) => term.replace('...', dots.slice(dots.length - (rank - (term.length - 3))));
    const terms = lhs.split(',').map((t, i) => (t.includes('...') ? expand(t, xs[i]!.shape.length) : t));
    const once = [...new Set(lhs.replace('...', ''))].filter((l) => l !== ',' && lhs.split(l).length === 2).toSorted();
    const out = rhs === undefined ? dots + once.join('') : rhs.replace('...', dots);
    const size = new Map<string, number>();
    terms.forEach((t, i) => [...t].forEach((l, axis) => size.set(l, Math.max(size.get(l) ?? 1, xs[i]!.shape[axis]!))));
    const labels = [...size.keys()];
    const outShape = [...out].map((l) => size.get(l)!);
    const outStrides = stridesOf(outShape);
    const data = new Float64Array(numel(outShape));
    const strides = xs.map((x) => stridesOf(x.shape));
    for (const assignment of indices(labels.map((l) => size.get(l)!))) {
      const at = (l: string) => assignment[labels.indexOf(l)]!;
      let product = 1;
      // A size-1 axis reads its only cell whatever the label's value (broadcasting).
      terms.forEach((t, i) => {
        product *= xs[i]!.data[[...t].reduce((s, l, axis) => s + (xs[i]!.shape[axis] === 1 ? 0 : at(l)) * strides[i]![axis]!, 0)]!;
      });
      const cell = [...out].reduce((s, l, axis) => s + at(l) * outStrides[axis]!, 0);
      data[cell] = data[cell]! + product;
    }
    return [{ shape: outShape, data }];
  },
};
