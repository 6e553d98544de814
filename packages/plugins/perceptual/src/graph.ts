import { type GraphBuilder, InvalidInputError, InvalidOptionError, type Value, applyLoss, formatDims } from '@losskit/core';
import type { PerceptualSettings } from './layers';
import { checkNormalization, normalizeGraph } from './normalize';

/**
 * Checks the prediction's dims against the network's input: a batch axis first, the rank the
 * input declares and, where it declares one, its channel count on axis 1. Batch and spatial
 * sizes are not held to the declared ones: a convolutional network runs at any size.
 */
export function checkImageDims(dims: readonly number[], settings: PerceptualSettings): void {
  const { input, inputDims } = settings.network;
  const declared = inputDims ? ` (network input "${input}" declares [${inputDims.join(', ')}])` : '';
  if (dims.length === 0 || (inputDims && dims.length !== inputDims.length)) {
    throw new InvalidInputError('prediction.dims', `${inputDims?.length ?? 'at least 1'} axes, the batch first${declared}`, formatDims(dims));
  }
  const channels = inputDims?.[1];
  if (typeof channels === 'number' && dims[1] !== channels) {
    throw new InvalidInputError('prediction.dims', `${channels} channels on axis 1${declared}`, formatDims(dims));
  }
  checkNormalization(settings.normalize, dims);
}

/**
 * The per-sample perceptual loss `[N]`: `Σ_k w_k · mean(distance(φ_k(p), φ_k(t)))`, the mean
 * over each sample's features. Prediction and target run through the frozen network once, as one
 * batch of 2N images (half the nodes of two runs), and each layer's features are split back.
 */
export function perceptualGraph(g: GraphBuilder, prediction: Value, target: Value, settings: PerceptualSettings): Value {
  checkImageDims(prediction.shape, settings);
  const n = prediction.shape[0]!;
  const images = normalizeGraph(g, g.concat([prediction, target], 0), settings.normalize);
  const values = g.embed(settings.graph, { inputs: { [settings.network.input]: images }, prefix: 'perceptual/', frozen: true });
  const terms = settings.layers.map((name, k) => {
    const features = values.get(name)!;
    if (features.shape[0] !== 2 * n) {
      throw new InvalidOptionError(`perceptual.layers[${k}]`, `a value that keeps the batch axis first (${2 * n} images in, so ${2 * n} on axis 0)`, `"${name}" of dims ${formatDims(features.shape)}`);
    }
    const [p, t] = g.split(features, [n, n], 0);
    const distance = applyLoss(g, settings.distance, p!, t!);
    const rank = distance.shape.length;
    const perSample = rank > 1 ? g.reduceMean(distance, { axes: Array.from({ length: rank - 1 }, (_, i) => i + 1), keepdims: false }) : distance;
    return settings.weights[k] === 1 ? perSample : g.mul(perSample, settings.weights[k]!);
  });
  return terms.reduce((sum, term) => g.add(sum, term));
}
