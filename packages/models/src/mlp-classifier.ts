import { type OptionSpec, option, resolveOptions } from '@losskit/core';
import { GraphBuilder, type Model } from '@losskit/graph';
import { IMAGE_CLASSIFIER_OPTIONS, type ImageClassifierOptions } from './image-classifier-options';
import { activate, dense, finishModel } from './layers';
import { createRandom } from './random';

/** Options of {@link mlpClassifier}. */
export interface MlpClassifierOptions extends ImageClassifierOptions {
  /** Units of each hidden layer; `[]` gives a linear (softmax regression) classifier. Default `[128]`. */
  readonly hidden?: readonly number[];
}

/** The schema of {@link mlpClassifier}'s options (the README's table is checked against it). */
export const MLP_CLASSIFIER_OPTIONS: { readonly hidden: OptionSpec<readonly number[]> } & typeof IMAGE_CLASSIFIER_OPTIONS = {
  hidden: option.array({
    description: 'Units of each hidden layer (none: a linear classifier).',
    default: () => [128],
    item: option.positiveInteger({ description: 'Units of one hidden layer.', default: 1 }),
  }),
  ...IMAGE_CLASSIFIER_OPTIONS,
};

/**
 * A multilayer perceptron over images as an ONNX model: input `image`
 * `[batch, channels, size, size]`, output `logits` `[batch, classes]` (pair it with
 * `crossEntropy()` and class-index labels). Flatten, then per hidden layer a Gemm and the
 * activation (`hidden.<i>.weight|bias`), then a Gemm to the logits (`head.weight|bias`);
 * initialised like PyTorch's `nn.Linear` from `seed`. The default, 64-128-10, has 9,610
 * parameters.
 */
export function mlpClassifier(options: MlpClassifierOptions = {}): Model {
  const { hidden, channels, size, classes, activation, seed } = resolveOptions('mlpClassifier', MLP_CLASSIFIER_OPTIONS, options);
  const random = createRandom(seed);
  const g = new GraphBuilder('mlp_classifier');
  let x = g.input('image', 'float32', [1, channels, size, size]);
  x = g.addNode('Flatten', [x], {}, { name: 'Flatten' })[0]!;
  hidden.forEach((units, i) => {
    x = activate(g, `hidden.${i}`, dense(g, `hidden.${i}`, x, units, random), activation);
  });
  g.output(dense(g, 'head', x, classes, random, 'logits'));
  return finishModel(g, 'mlpClassifier', { hidden, channels, size, classes, activation, seed });
}
