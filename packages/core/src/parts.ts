import type { Value } from '@losskit/graph';

/**
 * The prefix of the graph outputs that hold a combined loss's parts, one scalar each:
 * `losskit/part/<key>` (`losskit/part/l1`, `losskit/part/l1#2`). Loss models and training steps
 * add them only for a combined loss (`weightedSum`); sessions and trainers report them as
 * `parts`.
 */
export const PART_OUTPUT_PREFIX = 'losskit/part/';

/** The graph output of the part `key` of a combined loss. */
export function partOutputName(key: string): string {
  return `${PART_OUTPUT_PREFIX}${key}`;
}

// A plugin's `elementwise` returns one value (the contract); the part values a combined loss
// emitted on the way are found through that value, so that `emitLoss` can output them without
// a change to the contract. Weak: the graph values go when their graph goes.
const partsByLoss = new WeakMap<Value, Readonly<Record<string, Value>>>();

/** Records the part values (scalars, by key) that the combined loss `loss` was made of. */
export function recordParts(loss: Value, parts: Readonly<Record<string, Value>>): void {
  partsByLoss.set(loss, parts);
}

/** The part values recorded for `loss`, or `undefined` when it is not a combined loss. */
export function recordedParts(loss: Value): Readonly<Record<string, Value>> | undefined {
  return partsByLoss.get(loss);
}
