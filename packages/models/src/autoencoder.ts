import { option, resolveOptions, type OptionSpec } from '@losskit/core';
import { GraphBuilder, type Model } from '@losskit/graph';
import { type Activation, type Upsampling, activate, checkHalvings, conv, downsample, finishModel, upsampleBy2 } from './layers';
import { activationOption, channelsOption, seedOption, sizeOption, widthsOption } from './options';
import { createRandom } from './random';

/** Options of {@link convAutoencoder}. */
export interface ConvAutoencoderOptions {
  /** Image channels. Default 3. */
  readonly channels?: number;
  /** Image height and width; must be divisible by `2 ** widths.length`. Default 32. */
  readonly size?: number;
  /** Channels of each encoder stage, each halving the spatial size. Default `[16, 32]`. */
  readonly widths?: readonly number[];
  /**
   * Channels of the code, a `bottleneck x size/2^n x size/2^n` feature map (n = `widths.length`).
   * Default 6: with the default widths a 32x32 RGB image (3,072 values) becomes 6x8x8 = 384
   * values, one eighth of the input.
   */
  readonly bottleneck?: number;
  /**
   * Hidden activation: `'leakyRelu'` (slope 0.2) or `'relu'`. Default `'leakyRelu'` (no dead
   * units).
   */
  readonly activation?: Activation;
  /**
   * How the decoder doubles the spatial size: `'linear'` (bilinear `Resize` then a 3x3 conv,
   * default), `'nearest'` (nearest `Resize` then a 3x3 conv) or `'transposed'` (a stride-2
   * transposed convolution, which prints a checkerboard in what the loss does not constrain).
   */
  readonly upsampling?: Upsampling;
  /** Seed of the weight initialisation. Default 0. */
  readonly seed?: number;
}

/** The schema of {@link convAutoencoder}'s options (the README's table is checked against it). */
export const AUTOENCODER_OPTIONS: {
  readonly channels: OptionSpec<number>;
  readonly size: OptionSpec<number>;
  readonly widths: OptionSpec<readonly number[]>;
  readonly bottleneck: OptionSpec<number>;
  readonly activation: OptionSpec<Activation>;
  readonly upsampling: OptionSpec<Upsampling>;
  readonly seed: OptionSpec<number>;
} = {
  channels: channelsOption,
  size: sizeOption,
  widths: widthsOption([16, 32]),
  bottleneck: option.positiveInteger({ description: 'Channels of the code between encoder and decoder.', default: 6 }),
  activation: activationOption('leakyRelu'),
  upsampling: option.oneOf({ description: 'How the decoder doubles the spatial size.', values: ['nearest', 'linear', 'transposed'] as const, default: 'linear' }),
  seed: seedOption,
};

/**
 * A fully convolutional autoencoder as an ONNX model: input `image` `[batch, channels, size, size]`,
 * output `reconstruction` of the same shape in `[0, 1]`.
 *
 * Encoder: per width a Conv (kernel 4, stride 2, pad 1) and the activation; a 3x3 conv to
 * `bottleneck` channels: the code (linear). Decoder: a 3x3 conv back to the last width and the
 * activation; per width, in reverse, an upsampling by 2 (`upsampling`) to the width before it and
 * the activation, the last one to `channels` and Sigmoid. Parameters are initializers named
 * `encoder.<i>.weight|bias`, `encoder.code.*`, `decoder.code.*` and `decoder.<i>.*`, initialised
 * like PyTorch's defaults from `seed` (17,561 of them with the defaults). The code
 * is the output of the node named `encoder.code.Conv`. The batch dim is the symbolic `"batch"`:
 * `GraphBuilder.fromGraph(model.graph, { image: [32, 3, 32, 32] })` fixes it.
 */
export function convAutoencoder(options: ConvAutoencoderOptions = {}): Model {
  const { channels, size, widths, bottleneck, activation, upsampling, seed } = resolveOptions('convAutoencoder', AUTOENCODER_OPTIONS, options);
  checkHalvings('convAutoencoder', size, widths);

  const random = createRandom(seed);
  const g = new GraphBuilder('conv_autoencoder');
  // Built at batch 1; finishModel declares the batch dim symbolic afterwards.
  let x = g.input('image', 'float32', [1, channels, size, size]);
  widths.forEach((width, i) => {
    x = activate(g, `encoder.${i}`, downsample(g, `encoder.${i}`, x, width, random), activation);
  });
  x = conv(g, 'encoder.code', x, bottleneck, random);
  const last = widths[widths.length - 1]!;
  x = activate(g, 'decoder.code', conv(g, 'decoder.code', x, last, random), activation);
  const outputs = widths.slice(0, -1).toReversed();
  outputs.forEach((width, i) => {
    x = activate(g, `decoder.${i}`, upsampleBy2(g, `decoder.${i}`, x, width, random, upsampling), activation);
  });
  const out = `decoder.${outputs.length}`;
  x = upsampleBy2(g, out, x, channels, random, upsampling);
  g.output(g.addNode('Sigmoid', [x], {}, { name: `${out}.Sigmoid`, outputNames: ['reconstruction'] })[0]!);
  return finishModel(g, 'convAutoencoder', { channels, size, widths, bottleneck, activation, upsampling, seed });
}
