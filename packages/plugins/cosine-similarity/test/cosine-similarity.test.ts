// cosineSimilarity() through LossTester on every provider: Keras's documented example and the
// values of its own CosineSimilarityTest (keras/src/losses/losses_test.py), zero vectors, other
// axes, bad inputs and options, and random checks against the float64 reference and finite
// differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cosineSimilarity } from '../src/index';

// Keras's CosineSimilarityTest inputs. Sample 0: t·p = 4 + 72 + 24 = 100, |t| = √86, |p| = √224,
// cos = 100 / √19264 = 0.72048802. Sample 1: t·p = -40 - 2 + 18 = -24, |t| = √65, |p| = √74,
// cos = -24 / √4810 = -0.34604988. Loss per sample -cos; mean -0.18721907.
// Gradient of -cos: -(t/|t| - cos p/|p|) / |p|, halved for the mean.
const kerasTrue = { data: [1, 9, 2, -5, -2, 6], dims: [2, 3] };
const kerasPred = { data: [4, 8, 12, 8, 1, 3], dims: [2, 3] };

new LossTester({ describe, it, beforeAll, afterAll }).run('cosine-similarity', cosineSimilarity, {
  valid: [
    {
      // Keras: [-0., -0.99999994, 0.99999994] in float32. Orthogonal: gradient -(t - 0) / 1 =
      // [0, -1]; parallel and opposite vectors: t/|t| - cos p/|p| = 0, gradient 0.
      name: 'Keras documentation example: [0, -1, 1]',
      prediction: { data: [1, 0, 1, 1, -1, -1], dims: [3, 2] },
      target: { data: [0, 1, 1, 1, 1, 1], dims: [3, 2] },
      reduction: 'none',
      expected: [0, -1, 1],
      gradient: [0, -1, 0, 0, 0, 0],
    },
    {
      name: 'Keras CosineSimilarityTest, unweighted: -mean(cos) = -0.18722',
      prediction: kerasPred,
      target: kerasTrue,
      expected: -0.18721907084660513,
      gradient: [0.0028304886583690116, -0.019556103457822254, 0.0120939060857585, 0.017341463602984476, 0.012080570150393679, -0.05027075965808983],
    },
    { name: 'Keras CosineSimilarityTest, axis 1 (the last axis of [2, 3]): the same', options: { axis: 1 }, prediction: kerasPred, target: kerasTrue, expected: -0.18721907084660513 },
    {
      // (-0.72048802 * 1.2 + 0.34604988 * 3.4) / 2.
      name: 'Keras CosineSimilarityTest, sample_weight [1.2, 3.4]',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1.2, 3.4], dims: [2] },
      expected: (-0.7204880221302937 * 1.2 + 0.34604988043708346 * 3.4) / 2,
    },
    {
      // [2, 3, 1] with axis -1 of size 1: each value normalizes to its sign, so the loss is
      // -sign(t p) = [-1, -1, -1, 1, 1, -1]; weights [3, 6, 5, 0, 4, 2]: (-3 - 6 - 5 + 0 + 4 - 2) / 6 = -2.
      name: 'Keras CosineSimilarityTest, timestep weighted [2, 3, 1]: -2',
      prediction: { data: [4, 8, 12, 8, 1, 3], dims: [2, 3, 1] },
      target: { data: [1, 9, 2, -5, -2, 6], dims: [2, 3, 1] },
      weights: { data: [3, 6, 5, 0, 4, 2], dims: [2, 3] },
      expected: -2,
    },
    {
      // axis 0 of [2, 2]: the columns are the vectors. Column 0: p = [3, 4], t = [3, 4], cos 1.
      // Column 1: p = [1, 0], t = [0, 2], cos 0. Per column [-1, 0]; gradient of -cos:
      // column 0 parallel, 0; column 1 -(t/|t| - 0) / |p| = [0, -1]. Flat order [p00, p01, p10, p11].
      name: 'hand computed: axis 0 compares columns',
      options: { axis: 0 },
      prediction: { data: [3, 1, 4, 0], dims: [2, 2] },
      target: { data: [3, 0, 4, 2], dims: [2, 2] },
      reduction: 'none',
      expected: [-1, 0],
      gradient: [0, 0, 0, -1],
    },
    {
      // A zero prediction or target normalizes to 0 (its norm floored at 1e-7): loss 0. (Its
      // gradient lives within 1e-7 of 0, finer than finite differences see: zero-vector.test.ts.)
      name: 'hand computed: a zero vector costs 0',
      prediction: { data: [0, 0, 3, 4, 1, 2], dims: [3, 2] },
      target: { data: [1, 0, 3, 4, 0, 0], dims: [3, 2] },
      reduction: 'none',
      expected: [0, -1, 0],
    },
  ],
  invalid: [
    {
      name: 'an axis the prediction does not have',
      options: { axis: 2 },
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[2\] \(cosine-similarity\.axis\), received \[2, 3\], which has no axis 2$/,
    },
    {
      name: 'a target of other dims',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [3, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 3\] \(the prediction's dims\), received \[3, 2\]/,
    },
    {
      name: 'weights with the compared axis kept',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      weights: { data: [1, 1, 1, 1, 1, 1], dims: [2, 3] },
      error: InvalidInputError,
      message: /^Invalid weights\.dims: expected dims that broadcast to the elementwise loss shape \[2\], received \[2, 3\]$/,
    },
    { name: 'a fractional axis', options: { axis: 1.5 }, error: InvalidOptionError, message: /cosine-similarity\.axis: expected an integer, received 1\.5/ },
    { name: 'an axis given as a list', options: { axis: [1] }, error: InvalidOptionError, message: /cosine-similarity\.axis/ },
  ],
  // Vectors along the middle axis of [2, 3, 2].
  random: { options: { axis: 1 }, dims: [[2, 3, 2]] },
});
