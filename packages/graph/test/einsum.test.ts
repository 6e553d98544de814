// Einsum shape inference and the equation reading the gradient rule shares (einsumLabels).
// Expected labels and dims are worked out by hand from the ONNX specification; the implicit
// output's order (a-z before A-Z) is ONNX Runtime's.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, ShapeError, einsumLabels } from '../src/index';

describe('einsumLabels', () => {
  it('spells out explicit, implicit and ellipsis equations', () => {
    expect(einsumLabels('bhqd,bhkd->bhqk', [[2, 4, 3, 8], [2, 4, 5, 8]])).toEqual({
      inputs: [['b', 'h', 'q', 'd'], ['b', 'h', 'k', 'd']],
      output: ['b', 'h', 'q', 'k'],
      sizes: new Map([['b', 2], ['h', 4], ['q', 3], ['d', 8], ['k', 5]]),
    });
    // Implicit: the labels used once, alphabetically.
    expect(einsumLabels('kj, ji', [[3, 4], [4, 2]]).output).toEqual(['i', 'k']);
    // `...` takes letters the equation does not use, right-aligned: input 1's one axis is input 0's last.
    const e = einsumLabels('...ij,...jk->...ik', [[5, 6, 2, 3], [6, 3, 4]]);
    expect(e.inputs).toEqual([['a', 'b', 'i', 'j'], ['b', 'j', 'k']]);
    expect(e.output).toEqual(['a', 'b', 'i', 'k']);
    expect(einsumLabels('...ii', [[7, 2, 2]]).output).toEqual(['a']);
  });

  it('refuses malformed equations and disagreeing sizes with a ShapeError naming the equation', () => {
    expect(() => einsumLabels('ij,jk->ik', [[2, 3]])).toThrowError('equation "ij,jk->ik" has 2 operand terms, received 1 inputs');
    expect(() => einsumLabels('ij->ii', [[2, 2]])).toThrowError('output label "i" appears twice');
    expect(() => einsumLabels('ij->k', [[2, 2]])).toThrowError('output label "k" is in no input term');
    expect(() => einsumLabels('ij,jk->ik', [[2, 3], [4, 5]])).toThrowError('label "j" has size 3 and 4');
    expect(() => einsumLabels('ijk->i', [[2, 3]])).toThrowError(ShapeError);
    expect(() => einsumLabels('i1->i', [[2, 3]])).toThrowError('expected letters and at most one "..." per term, received "i1"');
  });
});

it('GraphBuilder.einsum infers the output dims', () => {
  const g = new GraphBuilder();
  const q = g.input('q', 'float32', [2, 4, 3, 8]);
  const k = g.input('k', 'float32', [2, 4, 5, 8]);
  const scores = g.einsum('bhqd,bhkd->bhqk', q, k);
  expect(scores.shape).toEqual([2, 4, 3, 5]);
  expect(g.einsum('bhqk,bhkd->bhqd', scores, k).shape).toEqual([2, 4, 3, 8]);
  expect(g.einsum('ij->', g.input('m', 'float32', [2, 3])).shape).toEqual([]);
  // A size-1 axis broadcasts against the label's other size, as ONNX Runtime does.
  expect(g.einsum('ij,jk->ik', g.input('a', 'float32', [2, 1]), g.input('b', 'float32', [4, 3])).shape).toEqual([2, 3]);
});
