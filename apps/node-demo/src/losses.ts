import { type ModuleImporter, loadLossPlugin } from '@losskit/cli';
import type { LossPlugin } from '@losskit/core';

/** The losses of the seed experiment, by the names the demo accepts. */
export const DEFAULT_LOSSES: readonly string[] = ['l1', 'luma', 'red', 'green', 'blue', 'mse'];

/**
 * A loss by demo name: `red`, `green` and `blue` are `channel({ channel })`; any other name or
 * package (`l1`, `luma`, `@losskit/loss-bce`, `my-loss`) is loaded as a plugin.
 */
export async function lossByName(name: string, importer?: ModuleImporter): Promise<LossPlugin<unknown>> {
  if (name === 'red' || name === 'green' || name === 'blue') return loadLossPlugin('channel', { channel: name }, importer);
  return loadLossPlugin(name, {}, importer);
}
