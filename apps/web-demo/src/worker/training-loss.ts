// What a row's loss trains against. The autoencoder sees photos and nothing else, so a loss's
// declared inputs (contract v2) decide what of the photo it gets: a float target, the photo
// itself; an integer target of the photo's dims, its 8-bit levels (0-255); an integer target of
// [N, H, W], each pixel's brightest channel (0 red, 1 green, 2 blue); no input at all (a
// regularizer), nothing: it trains alone and shows what it asks of any output.
import { type LossPlugin, defineLossPlugin, formatDims, inputSpecsOf, samePredictionDims } from '@losskit/core';
import type { ImageBatch } from '@losskit/models';
import type { TargetTensor } from '@losskit/train';

/** A row's loss as a trainer takes it (one target), and the target of a batch of images. */
export interface TrainingLoss {
  readonly plugin: LossPlugin<unknown>;
  readonly target: (images: ImageBatch) => TargetTensor;
}

const sameDims = (a: readonly (number | undefined)[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The photo's values as 8-bit levels, 0 to 255, with the photo's dims. */
export function levels(images: ImageBatch): TargetTensor {
  return { data: Int32Array.from(images.data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)), dims: images.dims };
}

/** Each pixel's brightest channel (the first of equals), `[N, H, W]`. */
export function brightestChannel(images: ImageBatch): TargetTensor {
  const [n, c, h, w] = images.dims;
  const plane = h * w;
  const data = new Int32Array(n * plane);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < plane; p++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (images.data[(b * c + k) * plane + p]! > images.data[(b * c + best) * plane + p]!) best = k;
      data[b * plane + p] = best;
    }
  }
  return { data, dims: [n, h, w] };
}

/** `plugin` with a float target it ignores: a trainer needs one target, a regularizer takes none. */
function ignoringTarget(plugin: LossPlugin<unknown>): LossPlugin<unknown> {
  return defineLossPlugin({
    name: plugin.name,
    description: plugin.description,
    options: {},
    create: () => ({
      elementwise: (g, prediction) => plugin.elementwise(g, prediction, undefined as never, { prediction }),
      reference: (prediction) => plugin.reference(prediction, undefined as never, { prediction }),
      ...(plugin.gradient ? { gradient: (g, prediction, _target, dLoss) => plugin.gradient!(g, prediction, undefined as never, dLoss, { prediction }) } : {}),
      // These read inputs by name and never ask for a target the loss does not declare.
      ...(plugin.mean ? { mean: plugin.mean } : {}),
      ...(plugin.validate ? { validate: plugin.validate } : {}),
    }),
  })();
}

/**
 * How a row trains `plugin` on images of `dims` (`[N, 3, H, W]`), or an `Error` saying which
 * inputs a row can feed.
 */
export function trainingLoss(plugin: LossPlugin<unknown>, dims: ImageBatch['dims']): TrainingLoss {
  const specs = inputSpecsOf(plugin);
  const names = Object.keys(specs);
  if (names.length === 0) return { plugin: ignoringTarget(plugin), target: (images) => images };
  const spec = specs.target;
  if (names.length === 1 && spec) {
    const targetDims = (spec.dims ?? samePredictionDims)(dims);
    if (spec.type === 'float' && sameDims(targetDims, dims)) return { plugin, target: (images) => images };
    if (spec.type === 'integer' && sameDims(targetDims, dims)) return { plugin, target: levels };
    if (spec.type === 'integer' && sameDims(targetDims, [dims[0], dims[2], dims[3]])) return { plugin, target: brightestChannel };
  }
  const declared = names.map((name) => `${name} (${specs[name]!.type} ${formatDims((specs[name]!.dims ?? samePredictionDims)(dims).map((d) => d ?? -1))})`).join(', ');
  throw new Error(
    `The autoencoder trains on photos alone, so a row's loss takes a float target (the photo), an integer target of the photo's dims ` +
      `(its 8-bit levels), an integer target [N, H, W] (each pixel's brightest channel) or no input; this one takes ${declared}`,
  );
}
