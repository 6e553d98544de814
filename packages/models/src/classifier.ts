import { resolveOptions, type OptionSpec } from '@losskit/core';
import { GraphBuilder, type Model } from '@losskit/graph';
import { type Activation, activate, checkHalvings, dense, downsample, finishModel } from './layers';
import { activationOption, channelsOption, seedOption, sizeOption, widthsOption } from './options';
import { createRandom } from './random';

/** Options of {@link binaryClassifier}. */
export interface BinaryClassifierOptions {
  /** Image channels. Default 3. */
  readonly channels?: number;
  /** Image height and width; must be divisible by `2 ** widths.length`. Default 32. */
  readonly size?: number;
  /** Channels of each conv stage, each halving the spatial size. Default `[8, 16]`. */
  readonly widths?: readonly number[];
  /** Hidden activation: `'relu'` or `'leakyRelu'` (slope 0.2). Default `'relu'`. */
  readonly activation?: Activation;
  /** Seed of the weight initialisation. Default 0. */
  readonly seed?: number;
}

/** The schema of {@link binaryClassifier}'s options (the README's table is checked against it). */
export const CLASSIFIER_OPTIONS: {
  readonly channels: OptionSpec<number>;
  readonly size: OptionSpec<number>;
  readonly widths: OptionSpec<readonly number[]>;
  readonly activation: OptionSpec<Activation>;
  readonly seed: OptionSpec<number>;
} = {
  channels: channelsOption,
  size: sizeOption,
  widths: widthsOption([8, 16]),
  activation: activationOption('relu'),
  seed: seedOption,
};

/**
 * A small binary image classifier as an ONNX model: input `image`
 * `[batch, channels, size, size]`, output `logit` `[batch, 1]` (pair it with a BCE loss
 * `fromLogits: true`). Per width a Conv (kernel 4, stride 2, pad 1) and the activation, then
 * Flatten and a Gemm to one logit. Parameters `features.<i>.weight|bias` and
 * `head.weight|bias`, initialised like PyTorch's defaults from `seed`.
 */
export function binaryClassifier(options: BinaryClassifierOptions = {}): Model {
  const { channels, size, widths, activation, seed } = resolveOptions('binaryClassifier', CLASSIFIER_OPTIONS, options);
  checkHalvings('binaryClassifier', size, widths);

  const random = createRandom(seed);
  const g = new GraphBuilder('binary_classifier');
  let x = g.input('image', 'float32', [1, channels, size, size]);
  widths.forEach((width, i) => {
    x = activate(g, `features.${i}`, downsample(g, `features.${i}`, x, width, random), activation);
  });
  x = g.addNode('Flatten', [x], {}, { name: 'features.Flatten' })[0]!;
  g.output(dense(g, 'head', x, 1, random, 'logit'));
  return finishModel(g, 'binaryClassifier', { channels, size, widths, activation, seed });
}
