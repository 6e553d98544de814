// The losses the demo offers, one entry each. A token names one in the URL and the page: `l1`,
// `luma`, or a view with its distance, `luma:mse`, `red:bce`. Adding a loss is one entry, e.g.
// `{ token: 'ssim', create: () => ssim() }`.
import { type LossPlugin, weightedSum } from '@losskit/core';
import { bce } from '@losskit/loss-bce';
import { channel } from '@losskit/loss-channel';
import { l1 } from '@losskit/loss-l1';
import { luma } from '@losskit/loss-luma';
import { mse } from '@losskit/loss-mse';
import { ssim } from '@losskit/loss-ssim';

/** One loss of the catalog. */
export interface CatalogEntry {
  /** Its name in URLs, row ids and the form: lower-case letters, digits, `-` and `+`. */
  readonly token: string;
  /** What a person reads; default the token. */
  readonly label?: string;
  /**
   * `'distance'`: a plain comparison of two images, which views may also use. `'view'`: compares
   * what a distance sees of the images (luma, one channel), with a distance the person picks
   * (default the first distance, `l1`). Neither: a loss on its own.
   */
  readonly kind?: 'distance' | 'view';
  /** The plugin; a view gets its distance's plugin. */
  readonly create: (distance?: LossPlugin<unknown>) => LossPlugin<unknown>;
}

export const CATALOG: readonly CatalogEntry[] = [
  { token: 'l1', kind: 'distance', create: () => l1() },
  { token: 'mse', kind: 'distance', create: () => mse() },
  { token: 'bce', kind: 'distance', create: () => bce() },
  { token: 'luma', kind: 'view', create: (distance) => luma({ distance }) },
  { token: 'red', kind: 'view', create: (distance) => channel({ channel: 'red', distance }) },
  { token: 'green', kind: 'view', create: (distance) => channel({ channel: 'green', distance }) },
  { token: 'blue', kind: 'view', create: (distance) => channel({ channel: 'blue', distance }) },
  // Structure rather than pixels (needs images of at least 11 pixels, its window), alone and
  // added to pixel L1, as `pnpm demo`'s rows of the same names.
  { token: 'ssim', create: () => ssim() },
  { token: 'l1+ssim', create: () => weightedSum([[1, l1()], [1, ssim()]]) },
];

/** The seed experiment's rows, the default selection. */
export const DEFAULT_LOSSES: readonly string[] = ['l1', 'luma', 'red', 'green', 'blue', 'mse'];

/** The row id of the user's own loss. */
export const CUSTOM_ROW = 'custom';

const entry = (token: string | undefined) => CATALOG.find((e) => e.token === token);

/** The entries a view may take as its distance, the default first. */
export function distances(): CatalogEntry[] {
  return CATALOG.filter((e) => e.kind === 'distance');
}

/** Whether `token` names a loss of the catalog. */
export function isLossToken(token: string): boolean {
  const [head, tail, ...rest] = token.split(':');
  const found = entry(head);
  if (rest.length > 0 || !found) return false;
  if (tail === undefined) return true;
  return found.kind === 'view' && entry(tail)?.kind === 'distance';
}

/** The plugin a token names (checked with {@link isLossToken} first). */
export function pluginFor(token: string): LossPlugin<unknown> {
  const [head, tail] = token.split(':');
  const found = entry(head)!;
  if (found.kind !== 'view') return found.create();
  return found.create(entry(tail ?? distances()[0]!.token)!.create());
}

/** The id of a row in the page and in `data-testid`s: `luma:mse` → `luma-mse`, `l1+ssim` → `l1-ssim`. */
export function rowId(token: string): string {
  return token.replace(/[^a-z0-9]+/gi, '-');
}

/** What a person reads: `luma (mse)`, an entry's label, `your loss`. */
export function rowLabel(token: string): string {
  if (token === CUSTOM_ROW) return 'your loss';
  const [head, tail] = token.split(':');
  const found = entry(head);
  const name = found?.label ?? head ?? token;
  return tail ? `${name} (${entry(tail)?.label ?? tail})` : name;
}
