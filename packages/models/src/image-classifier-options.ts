import type { OptionSpec } from '@losskit/core';
import type { Activation } from './layers';
import { activationOption, classesOption, digitChannelsOption, digitSizeOption, seedOption } from './options';

/** Options {@link mlpClassifier} and {@link cnnClassifier} share: the input, the classes, the activation, the seed. */
export interface ImageClassifierOptions {
  /** Image channels. Default 1 (the bundled digits). */
  readonly channels?: number;
  /** Image height and width. Default 8 (the bundled digits). */
  readonly size?: number;
  /** Number of classes, at least 2: the logits per image. Default 10. */
  readonly classes?: number;
  /** Hidden activation: `'relu'` or `'leakyRelu'` (slope 0.2). Default `'relu'`. */
  readonly activation?: Activation;
  /** Seed of the weight initialisation. Default 0. */
  readonly seed?: number;
}

/** The schema of {@link ImageClassifierOptions}, which each classifier's schema extends. */
export const IMAGE_CLASSIFIER_OPTIONS: {
  readonly channels: OptionSpec<number>;
  readonly size: OptionSpec<number>;
  readonly classes: OptionSpec<number>;
  readonly activation: OptionSpec<Activation>;
  readonly seed: OptionSpec<number>;
} = {
  channels: digitChannelsOption,
  size: digitSizeOption,
  classes: classesOption,
  activation: activationOption('relu'),
  seed: seedOption,
};
