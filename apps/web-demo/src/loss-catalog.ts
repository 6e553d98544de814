// The losses the demo offers: the five plugins, with luma and the three channels taking any of
// the three plain losses as their distance. A token names one: `l1`, `luma`, `luma:mse`, `red:bce`.
import type { LossPlugin } from '@losskit/core';
import { bce } from '@losskit/loss-bce';
import { channel } from '@losskit/loss-channel';
import { l1 } from '@losskit/loss-l1';
import { luma } from '@losskit/loss-luma';
import { mse } from '@losskit/loss-mse';

export const DISTANCES = ['l1', 'mse', 'bce'] as const;
export type Distance = (typeof DISTANCES)[number];
export const VIEWS = ['luma', 'red', 'green', 'blue'] as const;
export type View = (typeof VIEWS)[number];

/** The seed experiment's rows, the default selection. */
export const DEFAULT_LOSSES: readonly string[] = ['l1', 'luma', 'red', 'green', 'blue', 'mse'];

/** The row id of the user's own loss. */
export const CUSTOM_ROW = 'custom';

function distance(name: Distance): LossPlugin<unknown> {
  return name === 'l1' ? l1() : name === 'mse' ? mse() : bce();
}

/** Whether `token` names a loss of the catalog. */
export function isLossToken(token: string): boolean {
  const [head, tail, ...rest] = token.split(':');
  if (rest.length > 0 || head === undefined) return false;
  if ((DISTANCES as readonly string[]).includes(head)) return tail === undefined;
  return (VIEWS as readonly string[]).includes(head) && (tail === undefined || (DISTANCES as readonly string[]).includes(tail));
}

/** The plugin a token names (checked with {@link isLossToken} first). */
export function pluginFor(token: string): LossPlugin<unknown> {
  const [head, tail] = token.split(':') as [string, Distance | undefined];
  if ((DISTANCES as readonly string[]).includes(head)) return distance(head as Distance);
  const inner = distance(tail ?? 'l1');
  return head === 'luma' ? luma({ distance: inner }) : channel({ channel: head as 'red' | 'green' | 'blue', distance: inner });
}

/** The id of a row in the page and in `data-testid`s: `luma:mse` → `luma-mse`. */
export function rowId(token: string): string {
  return token.replace(':', '-');
}

/** What a person reads: `luma (mse)`. */
export function rowLabel(token: string): string {
  const [head, tail] = token.split(':');
  return tail ? `${head} (${tail})` : head === CUSTOM_ROW ? 'your loss' : (head ?? token);
}
