// dice() through LossTester on every provider: Keras's documented example and the values of its
// own DiceTest (keras/src/losses/losses_test.py), gradients by hand, bad axes and options, and
// random checks against the float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { dice } from '../src/index';

const EPSILON = 1e-7;

// Keras's documented example, [2, 2, 2, 1] masks, per sample flat: t = [1, 1, 0, 0] twice,
// p = [0, 1, 0, 1] and [0.4, 0, 0, 0.9]. Sample 0: Σtp = 1, Σt + Σp = 4: 1 - 2/4 = 0.5.
// Sample 1: Σtp = 0.4, Σt + Σp = 3.3: 1 - 0.8/3.3 = 0.757576. Whole batch: 1 - 2.8/7.3 = 0.616438.
const docTrue = { data: [1, 1, 0, 0, 1, 1, 0, 0], dims: [2, 2, 2, 1] };
const docPred = { data: [0, 1, 0, 1, 0.4, 0, 0, 0.9], dims: [2, 2, 2, 1] };

// d/dp_j of 1 - 2I/S (I = Σtp, S = Σt + Σp + ε) is -2 (t_j S - I) / S².
const gradient = (t: number, overlap: number, total: number) => (-2 * (t * total - overlap)) / total ** 2;

new LossTester({ describe, it, beforeAll, afterAll }).run('dice', dice, {
  valid: [
    {
      name: 'Keras documentation example, axis (1, 2, 3), reduction None: [0.5, 0.757576]',
      options: { axis: [1, 2, 3] },
      prediction: docPred,
      target: docTrue,
      reduction: 'none',
      expected: [1 - 2 / (4 + EPSILON), 1 - 0.8 / (3.3 + EPSILON)],
      gradient: [...[1, 1, 0, 0].map((t) => gradient(t, 1, 4 + EPSILON)), ...[1, 1, 0, 0].map((t) => gradient(t, 0.4, 3.3 + EPSILON))],
    },
    { name: 'Keras documentation example, default axis (all): 0.6164384', prediction: docPred, target: docTrue, reduction: 'none', expected: [1 - 2.8 / (7.3 + EPSILON)] },
    {
      // Every axis: the loss is one scalar, and its mean is itself.
      name: 'Keras DiceTest.test_correctness: -0.5555555 (values outside [0, 1] are taken as given)',
      prediction: { data: [4, 1, 6, 1], dims: [2, 2] },
      target: { data: [1, 2, 1, 2], dims: [2, 2] },
      expected: 1 - 28 / (18 + EPSILON),
      gradient: [1, 2, 1, 2].map((t) => gradient(t, 14, 18 + EPSILON)),
    },
    {
      // Σtp = 2 (rows 1 and 3 overlap once), Σt = 8, Σp = 10: 1 - 4/18 = 0.777778.
      name: 'Keras DiceTest.test_binary_segmentation: 0.7777777',
      prediction: { data: [0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1], dims: [4, 4] },
      target: { data: [1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1], dims: [4, 4] },
      expected: 1 - 4 / (18 + EPSILON),
    },
    {
      // axis [-1] of [2, 2]: one loss per row. Row 0: 1 - 2 * 0.5 / 2.5; row 1: t = 0 everywhere,
      // 1 - 0 / (1 + ε) = 1. Sum 1.6 + 1 = 2.6.
      name: 'hand computed: axis [-1], sum; an empty mask costs 1',
      options: { axis: [-1] },
      prediction: { data: [0.5, 1, 1, 0], dims: [2, 2] },
      target: { data: [1, 0, 0, 0], dims: [2, 2] },
      reduction: 'sum',
      expected: 1 - 1 / (2.5 + EPSILON) + 1,
    },
  ],
  invalid: [
    {
      name: 'an axis the prediction does not have',
      options: { axis: [1, 2] },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0, 0, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[1, 2\] \(dice\.axis\), received \[2, 2\], which has no axis 2$/,
    },
    {
      name: 'an axis named twice',
      options: { axis: [1, -1] },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0, 0, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims in which the axes \[1, -1\] \(dice\.axis\) are different axes, received \[2, 2\], in which two of them are axis 1$/,
    },
    {
      name: 'a target of other dims',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0, 0, 0], dims: [4, 1] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[4, 1\]/,
    },
    { name: 'an empty axis list', options: { axis: [] }, error: InvalidOptionError, message: /^Invalid option dice\.axis: expected a non-empty array, each an integer/ },
    { name: 'an axis as a bare number', options: { axis: 1 }, error: InvalidOptionError, message: /^Invalid option dice\.axis: expected a non-empty array, each an integer, received 1/ },
    { name: 'an unknown option', options: { smooth: 1 }, error: InvalidOptionError, message: /dice\.smooth/ },
  ],
  // One loss per sample of [2, 3, 2] masks (axes given out of order); soft predictions, 0/1 targets.
  random: { options: { axis: [2, 1] }, dims: [[2, 3, 2]], prediction: { min: 0, max: 1 }, target: { binary: true } },
});
