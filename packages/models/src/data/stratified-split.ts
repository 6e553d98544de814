import { InvalidInputError, resolveOptions } from '@losskit/core';
import { createRandom } from '../random';
import type { ClassLabelledImages } from './class-labels';
import { gatherSamples } from './batches';
import { SPLIT_OPTIONS, type SplitOptions } from './split';

/** A class-labelled set split into a training part and a held-out part. */
export interface StratifiedSplit {
  readonly train: ClassLabelledImages;
  readonly heldOut: ClassLabelledImages;
  /** The examples of each part, as indices into the input, ascending. */
  readonly trainIndices: number[];
  readonly heldOutIndices: number[];
}

function checkLabels(data: ClassLabelledImages): Int32Array {
  if (typeof data !== 'object' || data === null) throw new InvalidInputError('data', 'an object { images, labels }', data);
  const labels = data.labels?.data;
  if (!(labels instanceof Int32Array)) throw new InvalidInputError('data.labels.data', 'an Int32Array of class indices', labels);
  const count = data.images?.dims?.[0];
  if (labels.length !== count) throw new InvalidInputError('data.labels.data', `${count} labels, one per image (data.images.dims[0])`, `${labels.length} labels`);
  return labels;
}

/**
 * Splits a class-labelled set so that both parts keep its class proportions (as scikit-learn's
 * `train_test_split(stratify=labels)` does): each class holds out `round(n * heldOutFraction)`
 * of its `n` examples, at least one and at most `n - 1` when it has two or more, picked by a
 * seeded shuffle. Both parts keep the input order. Same options as {@link splitByItem}.
 */
export function stratifiedSplit(data: ClassLabelledImages, options: SplitOptions = {}): StratifiedSplit {
  const { heldOutFraction, seed } = resolveOptions('stratifiedSplit', SPLIT_OPTIONS, options);
  const labels = checkLabels(data);
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  });
  const random = createRandom(seed);
  const held = new Set<number>();
  // Classes in ascending order, so the draws do not depend on which class comes first.
  for (const label of [...byClass.keys()].toSorted((a, b) => a - b)) {
    const members = byClass.get(label)!;
    const count = members.length < 2 ? 0 : Math.min(members.length - 1, Math.max(1, Math.round(members.length * heldOutFraction)));
    for (const i of random.shuffle([...members]).slice(0, count)) held.add(i);
  }
  const heldOutIndices = [...held].toSorted((a, b) => a - b);
  const trainIndices = Array.from(labels.keys()).filter((i) => !held.has(i));
  const part = (indices: number[]): ClassLabelledImages => ({
    images: gatherSamples(data.images, indices) as ClassLabelledImages['images'],
    labels: { data: Int32Array.from(indices, (i) => labels[i]!), dims: [indices.length] },
  });
  return { train: part(trainIndices), heldOut: part(heldOutIndices), trainIndices, heldOutIndices };
}
