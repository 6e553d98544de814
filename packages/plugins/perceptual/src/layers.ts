import { type Graph, InvalidOptionError, type LossPlugin, checkDistance, pruneGraph } from '@losskit/core';
import type { FeatureNetwork } from './network';
import type { Normalization } from './normalize';

/** What the loss graph and the reference of one `perceptual` plugin work from. */
export interface PerceptualSettings {
  readonly network: FeatureNetwork;
  /** The part of the network the layers need (nodes past them are left out). */
  readonly graph: Graph;
  readonly layers: readonly string[];
  /** One weight per layer. */
  readonly weights: readonly number[];
  readonly distance: LossPlugin<unknown>;
  readonly normalize: Normalization;
}

/** The first few feature names, for errors: enough to show how the exporter names them. */
function someFeatures(network: FeatureNetwork): string {
  const shown = network.features.slice(0, 4).map((n) => `"${n}"`);
  const more = network.features.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, ... (${more} more: featureNames(model) lists them all)` : ''}`;
}

/**
 * Resolves the options that depend on each other: `layers` (default the network's outputs)
 * must name values the network computes, `layerWeights` (default 1 each) must give one weight
 * per layer, and the `distance` must compare two float tensors of the same dims without input
 * value checks (features have no range to check).
 */
export function resolveSettings(options: {
  readonly model: FeatureNetwork;
  readonly layers: readonly string[] | undefined;
  readonly layerWeights: readonly number[] | undefined;
  readonly distance: LossPlugin<unknown>;
  readonly normalize: Normalization;
}): PerceptualSettings {
  const network = options.model;
  const layers = options.layers ?? network.outputs;
  const known = new Set([...network.features, network.input]);
  layers.forEach((name, i) => {
    if (!known.has(name)) throw new InvalidOptionError(`perceptual.layers[${i}]`, `the name of a value the network computes, such as ${someFeatures(network)}`, `"${name}"`);
  });
  const weights = options.layerWeights ?? layers.map(() => 1);
  if (weights.length !== layers.length) {
    throw new InvalidOptionError('perceptual.layerWeights', `${layers.length} weights, one per layer (${layers.join(', ')})`, `${weights.length} weights`);
  }
  checkDistance('perceptual', options.distance);
  if (options.distance.validate) {
    throw new InvalidOptionError('perceptual.distance', 'a distance that takes any real values, such as mse() or l1()', `${options.distance.name}(), which checks its inputs' values`);
  }
  return { network, graph: pruneGraph(network.graph, layers), layers, weights, distance: options.distance, normalize: options.normalize };
}
