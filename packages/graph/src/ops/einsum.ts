// Einsum: the equation parser that shape inference and the gradient rule in @losskit/autodiff
// share, so both read an equation (ellipsis, implicit output) the same way.
import { ShapeError } from '../errors';
import { formatDims } from '../host-tensor';
import { type ShapeInference, input, stringAttr } from './context';

/** An Einsum equation with every operand's labels spelled out, one letter per axis. */
export interface EinsumLabels {
  /** The labels of each operand's axes, in axis order (`...` replaced by letters of its own). */
  readonly inputs: readonly (readonly string[])[];
  /** The output's labels, in axis order (the implicit output made explicit). */
  readonly output: readonly string[];
  /** The size of every label, from the operands' dims. */
  readonly sizes: ReadonlyMap<string, number>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** ONNX Runtime's order of the implicit output: a-z, then A-Z (its letter table's order). */
const implicitOrder = (label: string): number => LETTERS.indexOf(label);

interface Term {
  readonly letters: readonly string[];
  /** Index among `letters` where `...` stands; -1 when the term has none. */
  readonly ellipsisAt: number;
}

function parseTerm(term: string, equation: string): Term {
  const letters: string[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('...', i) && ellipsisAt < 0) {
      ellipsisAt = letters.length;
      i += 2;
    } else if (LETTERS.includes(term[i]!)) {
      letters.push(term[i]!);
    } else {
      throw new ShapeError('Einsum', `equation "${equation}": expected letters and at most one "..." per term, received "${term}"`);
    }
  }
  return { letters, ellipsisAt };
}

/**
 * Spells out `equation` for operands of `shapes`: each operand's labels, the output's labels
 * (implicit mode: the ellipsis dims, then the labels used once, a-z before A-Z as ONNX Runtime
 * orders them), and each label's size. `...` becomes letters the equation does not use,
 * right-aligned across operands as numpy broadcasting aligns them. Throws {@link ShapeError} for
 * malformed equations and for a label whose sizes disagree.
 */
export function einsumLabels(equation: string, shapes: readonly (readonly number[])[]): EinsumLabels {
  const compact = equation.replace(/\s+/g, '');
  const arrow = compact.indexOf('->');
  const lhs = arrow < 0 ? compact : compact.slice(0, arrow);
  const terms = lhs.split(',').map((t) => parseTerm(t, equation));
  if (terms.length !== shapes.length) {
    throw new ShapeError('Einsum', `equation "${equation}" has ${terms.length} operand terms, received ${shapes.length} inputs`);
  }
  const ellipsisRanks = terms.map((t, i) => {
    const extra = shapes[i]!.length - t.letters.length;
    if (extra < 0 || (extra > 0 && t.ellipsisAt < 0)) {
      throw new ShapeError('Einsum', `equation "${equation}": term ${i} has ${t.letters.length} labels for input ${i} of dims ${formatDims(shapes[i]!)}`);
    }
    return t.ellipsisAt < 0 ? 0 : extra;
  });
  const used = new Set(compact);
  const broadcast = LETTERS.split('').filter((l) => !used.has(l)).slice(0, Math.max(0, ...ellipsisRanks));
  const spell = (t: Term, rank: number): string[] =>
    t.ellipsisAt < 0 ? [...t.letters] : [...t.letters.slice(0, t.ellipsisAt), ...broadcast.slice(broadcast.length - rank), ...t.letters.slice(t.ellipsisAt)];
  const inputs = terms.map((t, i) => spell(t, ellipsisRanks[i]!));

  const sizes = new Map<string, number>();
  inputs.forEach((labels, i) =>
    labels.forEach((label, axis) => {
      const size = shapes[i]![axis]!;
      const known = sizes.get(label);
      // ONNX Runtime broadcasts a size-1 axis against a label's other size.
      if (known !== undefined && known !== size && known !== 1 && size !== 1) {
        throw new ShapeError('Einsum', `equation "${equation}": label "${label}" has size ${known} and ${size} in inputs of dims ${shapes.map(formatDims).join(', ')}`);
      }
      sizes.set(label, known === undefined || known === 1 ? size : known);
    }),
  );

  let output: string[];
  if (arrow < 0) {
    const counts = new Map<string, number>();
    for (const t of terms) for (const l of t.letters) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, n]) => n === 1).map(([l]) => l).toSorted((a, b) => implicitOrder(a) - implicitOrder(b));
    output = [...broadcast, ...once];
  } else {
    const term = parseTerm(compact.slice(arrow + 2), equation);
    output = spell(term, term.ellipsisAt < 0 ? 0 : broadcast.length);
    const seen = new Set<string>();
    for (const l of output) {
      if (seen.has(l)) throw new ShapeError('Einsum', `equation "${equation}": output label "${l}" appears twice`);
      if (!sizes.has(l)) throw new ShapeError('Einsum', `equation "${equation}": output label "${l}" is in no input term`);
      seen.add(l);
    }
  }
  return { inputs, output, sizes };
}

export const EINSUM_OPS: Record<string, ShapeInference> = {
  Einsum: (ctx) => {
    const first = input(ctx, 0);
    const shapes = ctx.inputs.map((_, i) => input(ctx, i).shape);
    const { output, sizes } = einsumLabels(stringAttr(ctx, 'equation', ''), shapes);
    return [{ dtype: first.dtype, shape: output.map((l) => sizes.get(l)!) }];
  },
};
