import { type LossPlugin, type LossPluginFactory, type ModelSource, type OptionSpec, defineLossPlugin, option, pluginOption } from '@losskit/core';
import { mse } from '@losskit/loss-mse';
import { perceptualGraph } from './graph';
import { resolveSettings } from './layers';
import { type FeatureNetwork, readNetwork } from './network';
import { type Normalization, normalizeOption } from './normalize';
import { perceptualReference } from './reference';

export type { FeatureNetwork } from './network';
export { featureNames } from './network';
export type { Normalization } from './normalize';
export { IMAGENET_STATISTICS } from './normalize';

/** The options of {@link perceptual}. */
export type PerceptualSchema = {
  /** Required: the `.onnx` bytes of the network, or a `Model` from `decodeModel`. */
  readonly model: OptionSpec<ModelSource, FeatureNetwork>;
  /** Default: the network's graph outputs. */
  readonly layers: OptionSpec<readonly string[] | undefined>;
  /** Default `mse()`. */
  readonly distance: OptionSpec<LossPlugin<unknown>>;
  /** Default: 1 for each layer. */
  readonly layerWeights: OptionSpec<readonly number[] | undefined>;
  /** Default `'none'`. */
  readonly normalize: OptionSpec<Normalization>;
};

const perceptualSchema: PerceptualSchema = {
  model: option.required(
    option.custom<ModelSource, FeatureNetwork>({
      type: 'Uint8Array | Model',
      description:
        'The frozen network whose features are compared: the bytes of an .onnx file (e.g. torchvision VGG16 features exported with torch.onnx.export) or a Model from decodeModel. Its weights are constants of the loss graph, never trained.',
      default: () => undefined as never,
      parse: readNetwork,
    }),
  ),
  layers: option.optional(
    option.array({
      description: "Names of the network's values whose features are compared (see featureNames(model)).",
      default: [],
      item: option.string({ description: 'A value name, e.g. "/features/features.8/Relu_output_0".', default: 'output' }),
      minLength: 1,
    }),
  ),
  distance: pluginOption({
    description: "The loss applied to each layer's features of prediction and target, e.g. mse() or l1().",
    default: () => mse(),
  }),
  layerWeights: option.optional(
    option.array({
      description: 'The weight of each layer in the sum, one per layer.',
      default: [],
      item: option.number({ description: 'A weight >= 0.', default: 1, min: 0 }),
    }),
  ),
  normalize: normalizeOption,
};

/**
 * Perceptual (feature) loss: runs prediction and target through a frozen network, such as VGG16's
 * convolutional features, and compares the features of chosen layers with a distance (mean
 * squared error by default). Two images are "equal" when the network sees the same things in
 * them: textures and edges count, exact pixel values less. The gradient flows through the
 * frozen network (autodiff of Conv, Relu, MaxPool, ...). The elementwise loss is one value per
 * sample, `[N]`: `Σ_k w_k · mean(distance(φ_k(p), φ_k(t)))`.
 */
export const perceptual: LossPluginFactory<PerceptualSchema> = defineLossPlugin({
  name: 'perceptual',
  description: 'Compares the features a frozen network (e.g. VGG16) computes for prediction and target, layer by layer, with a distance such as MSE.',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/perceptual#readme',
  options: perceptualSchema,
  create: (options) => {
    const settings = resolveSettings(options);
    return {
      elementwise: (g, prediction, target) => perceptualGraph(g, prediction, target, settings),
      reference: (prediction, target) => perceptualReference(prediction, target, settings),
    };
  },
});
