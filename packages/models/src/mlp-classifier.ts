import { type OptionSpec, option, resolveOptions } from '@losskit/core';
import { GraphBuilder, type Model } from '@losskit/graph';
import { type Activation, activate, dense, finishModel } from './layers';
import { activationOption, classesOption, digitChannelsOption, digitSizeOption, seedOption } from './options';
import { createRandom } from './random';

/** Options of {@link mlpClassifier}. */
export interface MlpClassifierOptions {
  /** Image channels. Default 1 (the bundled digits). */
  readonly channels?: number;
  /** Image height and width. Default 8 (the bundled digits). */
  readonly size?: number;
  /** Units of each hidden layer; `[]` gives a linear (softmax regression) classifier. Default `[128]`. */
  readonly hidden?: readonly number[];
  /** Number of classes, at least 2. Default 10. */
  readonly classes?: number;
  /** Hidden activation: `'relu'` or `'leakyRelu'` (slope 0.2). Default `'relu'`. */
  readonly activation?: Activation;
  /** Seed of the weight initialisation. Default 0. */
  readonly seed?: number;
}

/** The schema of {@link mlpClassifier}'s options (the README's table is checked against it). */
export const MLP_CLASSIFIER_OPTIONS: {
  readonly channels: OptionSpec<number>;
  readonly size: OptionSpec<number>;
  readonly hidden: OptionSpec<readonly number[]>;
  readonly classes: OptionSpec<number>;
  readonly activation: OptionSpec<Activation>;
  readonly seed: OptionSpec<number>;
} = {
  channels: digitChannelsOption,
  size: digitSizeOption,
  hidden: option.array({
    description: 'Units of each hidden layer (none: a linear classifier).',
    default: () => [128],
    item: option.positiveInteger({ description: 'Units of one hidden layer.', default: 1 }),
  }),
  classes: classesOption,
  activation: activationOption('relu'),
  seed: seedOption,
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
  const { channels, size, hidden, classes, activation, seed } = resolveOptions('mlpClassifier', MLP_CLASSIFIER_OPTIONS, options);
  const random = createRandom(seed);
  const g = new GraphBuilder('mlp_classifier');
  let x = g.input('image', 'float32', [1, channels, size, size]);
  x = g.addNode('Flatten', [x], {}, { name: 'Flatten' })[0]!;
  hidden.forEach((units, i) => {
    x = activate(g, `hidden.${i}`, dense(g, `hidden.${i}`, x, units, random), activation);
  });
  g.output(dense(g, 'head', x, classes, random, 'logits'));
  return finishModel(g, 'mlpClassifier', { channels, size, hidden, classes, activation, seed });
}
