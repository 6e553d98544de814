import { InvalidInputError, option, resolveOptions, type OptionSpec } from '@losskit/core';
import { seedOption } from '../options';
import { createRandom } from '../random';

/** Options of {@link splitByItem}. */
export interface SplitOptions {
  /** Share of the items held out, rounded, at least 1. Default 0.25. */
  readonly heldOutFraction?: number;
  /** Seed of the shuffle that picks the held-out items. Default 0. */
  readonly seed?: number;
}

/** The schema of {@link splitByItem}'s options (the README's table is checked against it). */
export const SPLIT_OPTIONS: {
  readonly heldOutFraction: OptionSpec<number>;
  readonly seed: OptionSpec<number>;
} = {
  heldOutFraction: option.number({ description: 'Share of the items held out.', default: 0.25, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }),
  seed: seedOption,
};

/** Items split into a training part and a held-out part, with their indices in the input. */
export interface ItemSplit<T> {
  readonly train: T[];
  readonly heldOut: T[];
  readonly trainIndices: number[];
  readonly heldOutIndices: number[];
}

/**
 * Splits whole items (image files, not crops of them) into training and held-out parts, so a
 * held-out score measures generalization to pictures the model never saw. A seeded shuffle
 * picks `max(1, round(n * heldOutFraction))` held-out items; both parts keep the input order.
 * Needs at least two items.
 */
export function splitByItem<T>(items: readonly T[], options: SplitOptions = {}): ItemSplit<T> {
  const { heldOutFraction: fraction, seed } = resolveOptions('splitByItem', SPLIT_OPTIONS, options);
  if (!Array.isArray(items) || items.length < 2) throw new InvalidInputError('items', 'at least 2 items to split', items?.length);
  const count = Math.min(items.length - 1, Math.max(1, Math.round(items.length * fraction)));
  const order = createRandom(seed).shuffle(items.map((_, i) => i));
  const held = new Set(order.slice(0, count));
  const heldOutIndices = items.flatMap((_, i) => (held.has(i) ? [i] : []));
  const trainIndices = items.flatMap((_, i) => (held.has(i) ? [] : [i]));
  return { train: trainIndices.map((i) => items[i]!), heldOut: heldOutIndices.map((i) => items[i]!), trainIndices, heldOutIndices };
}
