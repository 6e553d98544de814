// bce() through LossTester on every provider: values documented by PyTorch and Keras or computed
// by hand below, the edge values (logits in the hundreds, probabilities 0 and 1), every bad
// input and option, and random checks against the float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bce } from '../src/index';

const LOG2 = Math.LN2; // log(2) = 0.6931471805599453

new LossTester({ describe, it, beforeAll, afterAll }).run('bce', bce, {
  valid: [
    // ---- probabilities -------------------------------------------------------------------
    {
      // Keras docs, BinaryCrossentropy: y_true [[0, 1], [0, 0]], y_pred [[0.6, 0.4], [0.4, 0.6]] -> 0.815.
      // By hand: -log(0.4) = 0.916290731874155 for (0, 0.6), (1, 0.4) and (0, 0.6);
      // -log(0.6) = 0.5108256237659907 for (0, 0.4); mean = (3 * 0.916290731874155 + 0.5108256237659907) / 4.
      name: 'Keras BinaryCrossentropy documented example (0.815)',
      prediction: { data: [0.6, 0.4, 0.4, 0.6], dims: [2, 2] },
      target: { data: [0, 1, 0, 0], dims: [2, 2] },
      expected: 0.814924454847114,
    },
    {
      // -(1 * log(0.9) + 0 * log(0.1)) = 0.10536051565782628; -(0.5 log 0.3 + 0.5 log 0.7) =
      // 0.5 * 1.2039728043259361 + 0.5 * 0.35667494393873245 = 0.7803238741323343.
      name: 'hand computed none: hard and soft targets',
      prediction: { data: [0.9, 0.3], dims: [2] },
      target: { data: [1, 0.5], dims: [2] },
      reduction: 'none',
      expected: [0.10536051565782628, 0.7803238741323343],
    },
    {
      // d/dp -(y log p + (1 - y) log(1 - p)) = (p - y) / (p (1 - p)): y = 1 -> -1/0.3, y = 0 -> 1/0.7.
      name: 'hand computed gradient of the sum: -1/p for y = 1, 1/(1 - p) for y = 0',
      prediction: { data: [0.3, 0.3], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      reduction: 'sum',
      expected: 1.2039728043259361 + 0.35667494393873245,
      gradient: [-1 / 0.3, 1 / 0.7],
    },
    {
      // PyTorch BCELoss clamps each log at -100: p = 0, y = 1 and p = 1, y = 0 give 100, not inf.
      // Its backward is (p - y) / max(p (1 - p), 1e-12): -1e12 and 1e12 there, 0 where p = y.
      name: 'PyTorch clamp: p = 0 with y = 1 and p = 1 with y = 0 give 100 per element (gradient ±1e12)',
      prediction: { data: [0, 1, 0, 1], dims: [4] },
      target: { data: [1, 0, 0, 1], dims: [4] },
      reduction: 'none',
      expected: [100, 100, 0, 0],
      gradient: [-1e12, 1e12, 0, 0],
    },
    {
      name: 'PyTorch clamp, mean: (100 + 100 + 0 + 0) / 4',
      prediction: { data: [0, 1, 0, 1], dims: [4] },
      target: { data: [1, 0, 0, 1], dims: [4] },
      expected: 50,
    },
    {
      // -(1 * log(0 + 1e-7)) = 16.11809565095832; gradient (1 - y)/(1 - p + eps) - y/(p + eps) = ∓1e7.
      name: 'epsilon 1e-7: log(p + epsilon) instead of the clamp at p = 0 and p = 1',
      options: { epsilon: 1e-7 },
      prediction: { data: [0, 1], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      reduction: 'none',
      expected: [16.11809565095832, 16.11809565095832],
      gradient: [-1e7, 1e7],
    },
    {
      // Positive term scaled: -(3 * 1 * log(0.5)) = 3 log 2; the negative term is not: -log(0.5) = log 2.
      name: 'posWeight 3 on probabilities scales y log(p) only',
      options: { posWeight: 3 },
      prediction: { data: [0.5, 0.5], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      reduction: 'none',
      expected: [3 * LOG2, LOG2],
      // -pw y / p and (1 - y) / (1 - p)
      gradient: [-6, 2],
    },
    {
      // y -> 1 * 0.8 + 0.1 = 0.9 and 0 * 0.8 + 0.1 = 0.1; -(0.9 log 0.9 + 0.1 log 0.1) =
      // 0.9 * 0.10536051565782628 + 0.1 * 2.302585092994046 = 0.3250829733914482 for both.
      name: 'labelSmoothing 0.2: targets 1 and 0 become 0.9 and 0.1',
      options: { labelSmoothing: 0.2 },
      prediction: { data: [0.9, 0.1], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      reduction: 'none',
      expected: [0.3250829733914482, 0.3250829733914482],
    },
    // ---- logits ------------------------------------------------------------------------------
    {
      // Keras docs, BinaryCrossentropy(from_logits=True): y_true [0, 1, 0, 0],
      // y_pred [-18.6, 0.51, 2.94, -12.8] -> 0.865. By hand, max(x, 0) - x y + log(1 + exp(-|x|)):
      // 8.358390066443266e-9, 0.470313318044875, 2.991515711952363, 2.760768761111616e-6; mean below.
      name: 'Keras BinaryCrossentropy(from_logits) documented example (0.865)',
      options: { fromLogits: true },
      prediction: { data: [-18.6, 0.51, 2.94, -12.8], dims: [4] },
      target: { data: [0, 1, 0, 0], dims: [4] },
      expected: 0.8654579497810972,
    },
    {
      // The stable form is exact far out: max(x, 0) - x y + log(1 + exp(-|x|)) with exp(-100) = 3.7e-44
      // and exp(-500) = 7e-218, so x = 100, y = 0 -> 100; x = -100, y = 1 -> 100; x = 500, y = 0 -> 500;
      // x = -500, y = 0 -> 0; x = 500, y = 1 -> 0; x = -500, y = 1 -> 500. Gradient sigmoid(x) - y.
      name: 'logits at ±100 and ±500 are finite and exact (x = 500, y = 0 gives 500; x = -500, y = 0 gives 0)',
      options: { fromLogits: true },
      prediction: { data: [100, -100, 500, -500, 500, -500], dims: [6] },
      target: { data: [0, 1, 0, 0, 1, 1], dims: [6] },
      reduction: 'none',
      expected: [100, 100, 500, 0, 0, 500],
      gradient: [1, -1, 1, 0, 0, -1],
    },
    {
      // Where sigmoid(-|x|) = exp(-|x|) / (1 + exp(-|x|)) is below float32's epsilon next to 1,
      // loss and gradient must keep it, not round it away: loss log1p(exp(-|x|)) and gradient
      // -sigmoid(-x) for y = 1 (sigmoid(x) for y = 0), in float64 here. The tolerance is absolute
      // for values below 1, so it is set far below them (ONNX Runtime's CPU Sigmoid, used before,
      // gave -8.9e-8 for -4.1e-8 at x = 17).
      name: 'logits at ±17, ±30 and 88 keep the loss and gradient far below float32 epsilon',
      options: { fromLogits: true },
      prediction: { data: [17, 30, -17, -30, 88], dims: [5] },
      target: { data: [1, 1, 0, 0, 1], dims: [5] },
      reduction: 'none',
      expected: [4.139937633089748e-8, 9.357622968839737e-14, 4.139937633089748e-8, 9.357622968839737e-14, 6.054601895401186e-39],
      gradient: [-4.1399375473943306e-8, -9.3576229688393e-14, 4.1399375473943306e-8, 9.3576229688393e-14, -6.054601895401186e-39],
      tolerance: 1e-12,
    },
    {
      // (1 - y) x + (1 + (pw - 1) y) (log(1 + exp(-|x|)) + max(-x, 0)) with pw = 2:
      // (500, 0) -> 500; (-500, 1) -> 2 * 500; (-500, 0) -> -500 + 500 = 0; (500, 1) -> 0.
      // Gradient (1 + (pw - 1) y) sigmoid(x) - pw y: 1, -2, 0, 0.
      name: 'logits at ±500 with posWeight 2 are finite and exact',
      options: { fromLogits: true, posWeight: 2 },
      prediction: { data: [500, -500, -500, 500], dims: [4] },
      target: { data: [0, 1, 0, 1], dims: [4] },
      reduction: 'none',
      expected: [500, 1000, 0, 0],
      gradient: [1, -2, 0, 0],
    },
    {
      // PyTorch docs, BCEWithLogitsLoss: target ones [10, 64], output full 1.5, pos_weight ones [64]
      // -> tensor(0.20141), i.e. -log(sigmoid(1.5)) = log(1 + exp(-1.5)) = 0.2014132779827524.
      name: 'PyTorch BCEWithLogitsLoss(pos_weight=ones([64])) documented example (0.20141)',
      options: { fromLogits: true, posWeight: { data: new Array(64).fill(1), dims: [64] } },
      prediction: { data: new Array(640).fill(1.5), dims: [10, 64] },
      target: { data: new Array(640).fill(1), dims: [10, 64] },
      expected: 0.2014132779827524,
    },
    {
      // -(pw y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) with pw = 3, y = 0.5, x = 1:
      // 1.5 * log(1 + e^-1) + 0.5 * log(1 + e^1) = 1.5 * 0.31326168751822286 + 0.5 * 1.3132616875182228.
      // Gradient (1 + (pw - 1) y) sigmoid(1) - pw y = 2 * 0.7310585786300049 - 1.5.
      name: 'posWeight 3 with a soft target, PyTorch pos_weight semantics',
      options: { fromLogits: true, posWeight: 3 },
      prediction: { data: [1], dims: [1] },
      target: { data: [0.5], dims: [1] },
      expected: 1.1265233750364456,
      gradient: [2 * 0.7310585786300049 - 1.5],
    },
    {
      // One weight per class (dims [3]) broadcast over a [2, 3] target; x = 0, y = 1: pw log 2.
      name: 'posWeight per class, dims [3] over a [2, 3] target',
      options: { fromLogits: true, posWeight: { data: Float32Array.of(1, 2, 3), dims: [3] } },
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [1, 1, 1, 1, 1, 1], dims: [2, 3] },
      reduction: 'none',
      expected: [LOG2, 2 * LOG2, 3 * LOG2, LOG2, 2 * LOG2, 3 * LOG2],
    },
    {
      // y -> 0.9; -(0.9 log sigmoid(2) + 0.1 log(1 - sigmoid(2))) = 0.9 * 0.12692801104297263 + 0.1 * 2.1269280110429727.
      // Gradient sigmoid(2) - 0.9 = 0.8807970779778823 - 0.9.
      name: 'labelSmoothing 0.2 with logits',
      options: { fromLogits: true, labelSmoothing: 0.2 },
      prediction: { data: [2], dims: [1] },
      target: { data: [1], dims: [1] },
      expected: 0.32692801104297264,
      gradient: [0.8807970779778823 - 0.9],
    },
  ],
  invalid: [
    // ---- inputs ----------------------------------------------------------------------------
    // Sessions on CPU check ranges in the graph (ReduceMin/ReduceMax of the target) and scan
    // in JavaScript only when that check fails: the error must still name the exact element.
    {
      name: 'logits, a target just above 1 at the last of 4096 elements',
      options: { fromLogits: true },
      prediction: { data: new Array(4096).fill(0.5), dims: [4, 1024] },
      target: { data: [...new Array(4095).fill(1), 1.0000001], dims: [4, 1024] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[4095\]: expected a target in \[0, 1\], received 1\.0000001192092896$/,
    },
    {
      name: 'probabilities, a prediction just below 0 at the last of 4096 elements',
      prediction: { data: [...new Array(4095).fill(0), -1e-30], dims: [4096] },
      target: { data: new Array(4096).fill(0), dims: [4096] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[4095\]: expected a probability in \[0, 1\].*received -1\.0000000031710769e-30$/,
    },
    {
      name: 'logits, a NaN target: the finite check speaks first',
      options: { fromLogits: true },
      prediction: { data: [0, 0, 0, 0], dims: [4] },
      target: { data: [0, 2, 1, Number.NaN], dims: [4] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[3\]: expected a finite number, received NaN$/,
    },
    {
      name: 'a target above 1',
      prediction: { data: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], dims: [2, 3] },
      target: { data: [0, 1, 0, 1, 0, 1.5], dims: [2, 3] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[5\]: expected a target in \[0, 1\], received 1\.5$/,
    },
    {
      name: 'a negative target, with logits too',
      options: { fromLogits: true },
      prediction: { data: [3, -3], dims: [2] },
      target: { data: [-0.25, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a target in \[0, 1\], received -0\.25$/,
    },
    {
      name: 'a probability above 1',
      prediction: { data: [0.5, 0.5, 2], dims: [3] },
      target: { data: [0, 1, 1], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[2\]: expected a probability in \[0, 1\] \(pass fromLogits: true for logits\), received 2$/,
    },
    {
      name: 'a negative probability',
      prediction: { data: [-0.5, 0.5], dims: [2] },
      target: { data: [0, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[0\]: expected a probability in \[0, 1\].*received -0\.5$/,
    },
    {
      name: 'a posWeight tensor that does not broadcast over the target',
      options: { fromLogits: true, posWeight: { data: [1, 2, 3, 4], dims: [4] } },
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 1, 0, 1, 0, 1], dims: [2, 3] },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight\.dims: expected dims that broadcast over the target's dims \[2, 3\].*received \[4\]$/,
    },
    // ---- options -----------------------------------------------------------------------------
    {
      name: 'labelSmoothing 1',
      options: { labelSmoothing: 1 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.labelSmoothing: expected a finite number >= 0 and < 1, received 1$/,
    },
    {
      name: 'negative labelSmoothing',
      options: { labelSmoothing: -0.1 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.labelSmoothing: expected a finite number >= 0 and < 1, received -0\.1$/,
    },
    {
      name: 'epsilon 0',
      options: { epsilon: 0 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.epsilon: expected a finite number > 0, or undefined, received 0$/,
    },
    {
      name: 'negative epsilon',
      options: { epsilon: -1e-7 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.epsilon: expected a finite number > 0, or undefined, received -1e-7$/,
    },
    {
      name: 'NaN epsilon',
      options: { epsilon: Number.NaN },
      error: InvalidOptionError,
      message: /^Invalid option bce\.epsilon: expected a finite number > 0, or undefined, received NaN$/,
    },
    {
      name: 'epsilon with fromLogits',
      options: { fromLogits: true, epsilon: 1e-7 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.epsilon: expected undefined when fromLogits is true .*received 1e-7$/,
    },
    {
      name: 'infinite posWeight',
      options: { fromLogits: true, posWeight: Number.POSITIVE_INFINITY },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight: expected a finite number >= 0, or a tensor \{ data, dims \}.*received Infinity$/,
    },
    {
      name: 'NaN posWeight',
      options: { posWeight: Number.NaN },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight: expected a finite number >= 0.*received NaN$/,
    },
    {
      name: 'negative posWeight',
      options: { fromLogits: true, posWeight: -2 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight: expected a finite number >= 0.*received -2$/,
    },
    {
      name: 'posWeight as a plain array (dims missing)',
      options: { fromLogits: true, posWeight: [1, 2, 3] },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight: expected a finite number >= 0, or a tensor \{ data, dims \}.*received \[1, 2, 3\]$/,
    },
    {
      name: 'posWeight tensor with bad dims',
      options: { fromLogits: true, posWeight: { data: [1, 2], dims: [2.5] } },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight\.dims: expected an array of non-negative integers, received \[2\.5\]$/,
    },
    {
      name: 'posWeight tensor whose data does not fit its dims',
      options: { fromLogits: true, posWeight: { data: [1, 2], dims: [3] } },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight\.data: expected 3 values for dims \[3\], received 2 values$/,
    },
    {
      name: 'posWeight tensor with a non-finite weight',
      options: { fromLogits: true, posWeight: { data: [1, Number.NaN], dims: [2] } },
      error: InvalidOptionError,
      message: /^Invalid option bce\.posWeight\.data\[1\]: expected a finite number >= 0, received NaN$/,
    },
    {
      name: 'fromLogits that is not a boolean',
      options: { fromLogits: 'yes' },
      error: InvalidOptionError,
      message: /^Invalid option bce\.fromLogits: expected a boolean, received "yes"$/,
    },
    {
      name: 'PyTorch spelling of an option',
      options: { pos_weight: 2 },
      error: InvalidOptionError,
      message: /^Invalid option bce\.pos_weight: expected a known option \(one of fromLogits, posWeight, labelSmoothing, epsilon\), received unknown option "pos_weight"$/,
    },
  ],
  random: [
    {
      name: 'probabilities',
      dims: [[2, 3, 4, 5], [7]],
      seed: 1,
      prediction: { min: 0.02, max: 0.98 },
      target: { binary: true },
    },
    {
      name: 'probabilities, soft targets, labelSmoothing 0.1, posWeight per class',
      options: { labelSmoothing: 0.1, posWeight: { data: [0.5, 1, 2, 3, 0], dims: [5] } },
      dims: [[2, 3, 4, 5]],
      seed: 2,
      prediction: { min: 0.02, max: 0.98 },
      target: { min: 0, max: 1 },
    },
    {
      name: 'probabilities, epsilon 1e-3',
      options: { epsilon: 1e-3 },
      dims: [[2, 3, 4, 5]],
      seed: 3,
      prediction: { min: 0, max: 1 },
      target: { binary: true },
    },
    {
      name: 'logits',
      options: { fromLogits: true },
      dims: [[2, 3, 4, 5], [7]],
      seed: 4,
      prediction: { min: -20, max: 20 },
      target: { binary: true },
    },
    {
      name: 'logits, soft targets, labelSmoothing 0.1, posWeight per class',
      options: { fromLogits: true, labelSmoothing: 0.1, posWeight: { data: [0.5, 1, 2, 3, 0], dims: [5] } },
      dims: [[2, 3, 4, 5]],
      seed: 5,
      prediction: { min: -20, max: 20 },
      target: { min: 0, max: 1 },
    },
  ],
});
