import type { Float64Tensor } from '@losskit/core';
import { checkImageDims } from './graph';
import type { PerceptualSettings } from './layers';
import { normalizeReference } from './normalize';
import { runNetwork } from './reference/run';

/** The per-sample perceptual loss `[N]` in float64: the network run by `runNetwork`, the distance by its own reference. */
export function perceptualReference(prediction: Float64Tensor, target: Float64Tensor, settings: PerceptualSettings): Float64Tensor {
  checkImageDims(prediction.dims, settings);
  const { graph, network, layers, weights, distance, normalize } = settings;
  const features = (images: Float64Tensor) => runNetwork(graph, network.input, normalizeReference(images, normalize), layers);
  const [fp, ft] = [features(prediction), features(target)];
  const n = prediction.dims[0]!;
  const total = new Float64Array(n);
  layers.forEach((_, k) => {
    const [p, t] = [fp[k]!, ft[k]!];
    const d = distance.reference(p, t, { prediction: p, target: t });
    const perSample = d.data.length / n;
    for (let i = 0; i < d.data.length; i++) total[Math.floor(i / perSample)]! += (weights[k]! * d.data[i]!) / perSample;
  });
  return { data: total, dims: [n] };
}
