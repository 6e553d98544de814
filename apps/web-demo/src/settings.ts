// The page's settings in its URL, so that a link reproduces a run. Custom loss code is carried
// too, but a page opened from a link only shows it: it runs after the person presses Run.
import { PHOTO_SPLIT_DEFAULTS } from '@losskit/models';
import type { CustomLossSource, DemoSettings, ProviderChoice } from './protocol';
import { DEFAULT_LOSSES, isLossToken } from './loss-catalog';

export const SIZES: readonly number[] = [16, 32, 48, 64];

/**
 * The node demo's experiment (its data, batch, schedule and seed, so the same photos are held
 * out) in fewer steps at a higher peak rate, so that the default run ends within two minutes on
 * WASM on a 2-core machine.
 */
export const DEFAULT_SETTINGS: DemoSettings = {
  losses: DEFAULT_LOSSES,
  size: 32,
  data: 'photos',
  images: PHOTO_SPLIT_DEFAULTS.train,
  steps: 500,
  batch: 16,
  lr: 0.01,
  seed: 1,
  provider: 'auto',
};

const PROVIDERS: readonly ProviderChoice[] = ['auto', 'webgpu', 'wasm'];

function integer(value: string | null, fallback: number, min: number, max: number): number {
  const n = value === null ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** Settings from a query string; anything missing or invalid keeps its default. */
export function readSettings(search: string): { settings: DemoSettings; custom?: CustomLossSource } {
  const q = new URLSearchParams(search);
  const losses = (q.get('losses') ?? '').split(',').filter(isLossToken);
  const size = Number(q.get('size'));
  const lr = Number(q.get('lr'));
  const provider = q.get('provider') as ProviderChoice | null;
  const settings: DemoSettings = {
    losses: q.has('losses') ? [...new Set(losses)] : DEFAULT_SETTINGS.losses,
    size: SIZES.includes(size) ? size : DEFAULT_SETTINGS.size,
    data: q.get('data') === 'synthetic' ? 'synthetic' : 'photos',
    images: integer(q.get('images'), DEFAULT_SETTINGS.images, 1, 4096),
    steps: integer(q.get('steps'), DEFAULT_SETTINGS.steps, 1, 100_000),
    batch: integer(q.get('batch'), DEFAULT_SETTINGS.batch, 1, 256),
    lr: Number.isFinite(lr) && lr > 0 && lr < 1 ? lr : DEFAULT_SETTINGS.lr,
    seed: integer(q.get('seed'), DEFAULT_SETTINGS.seed, 0, 2 ** 31),
    provider: provider && PROVIDERS.includes(provider) ? provider : DEFAULT_SETTINGS.provider,
  };
  const code = q.get('code');
  return code ? { settings, custom: { code, reference: q.get('ref') ?? '' } } : { settings };
}

/** The query string of some settings (defaults left out, to keep links short). */
export function writeSettings(settings: DemoSettings, custom?: CustomLossSource): string {
  const q = new URLSearchParams();
  if (settings.losses.join() !== DEFAULT_SETTINGS.losses.join()) q.set('losses', settings.losses.join(','));
  for (const key of ['size', 'data', 'images', 'steps', 'batch', 'lr', 'seed', 'provider'] as const) {
    if (settings[key] !== DEFAULT_SETTINGS[key]) q.set(key, String(settings[key]));
  }
  if (custom?.code.trim()) {
    q.set('code', custom.code);
    if (custom.reference.trim()) q.set('ref', custom.reference);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}
