import { type OptionSpec, resolveOptions } from '@losskit/core';
import { GraphBuilder, type Model } from '@losskit/graph';
import { IMAGE_CLASSIFIER_OPTIONS, type ImageClassifierOptions } from './image-classifier-options';
import { activate, checkHalvings, conv, dense, finishModel, maxPool2 } from './layers';
import { widthsOption } from './options';
import { createRandom } from './random';

/** Options of {@link cnnClassifier}; `size` must be divisible by `2 ** widths.length`. */
export interface CnnClassifierOptions extends ImageClassifierOptions {
  /** Channels of each stage (3x3 conv, activation, 2x2 max pool), each halving the spatial size. Default `[16, 32]`. */
  readonly widths?: readonly number[];
}

/** The schema of {@link cnnClassifier}'s options (the README's table is checked against it). */
export const CNN_CLASSIFIER_OPTIONS: { readonly widths: OptionSpec<readonly number[]> } & typeof IMAGE_CLASSIFIER_OPTIONS = {
  widths: widthsOption([16, 32]),
  ...IMAGE_CLASSIFIER_OPTIONS,
};

/**
 * A small convolutional classifier as an ONNX model: input `image`
 * `[batch, channels, size, size]`, output `logits` `[batch, classes]` (pair it with
 * `crossEntropy()` and class-index labels). Per width a 3x3 Conv with padding 1, the activation
 * and a 2x2 MaxPool (`features.<i>.weight|bias`), then Flatten and a Gemm to the logits
 * (`head.weight|bias`); initialised like PyTorch's `nn.Conv2d` and `nn.Linear` from `seed`. The
 * default on 8x8 digits (8x8x1 -> 4x4x16 -> 2x2x32 -> 10) has 6,090 parameters.
 */
export function cnnClassifier(options: CnnClassifierOptions = {}): Model {
  const { widths, channels, size, classes, activation, seed } = resolveOptions('cnnClassifier', CNN_CLASSIFIER_OPTIONS, options);
  checkHalvings('cnnClassifier', size, widths);
  const random = createRandom(seed);
  const g = new GraphBuilder('cnn_classifier');
  let x = g.input('image', 'float32', [1, channels, size, size]);
  widths.forEach((width, i) => {
    x = maxPool2(g, `features.${i}`, activate(g, `features.${i}`, conv(g, `features.${i}`, x, width, random), activation));
  });
  x = g.addNode('Flatten', [x], {}, { name: 'features.Flatten' })[0]!;
  g.output(dense(g, 'head', x, classes, random, 'logits'));
  return finishModel(g, 'cnnClassifier', { widths, channels, size, classes, activation, seed });
}
