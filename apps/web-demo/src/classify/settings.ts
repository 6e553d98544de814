// The digits page's settings in its URL, so that a link reproduces a run.
import type { ProviderChoice } from '../protocol';
import { type ClassifySettings, DIGIT_MODELS, type DigitModel } from './protocol';

/** The defaults of `pnpm demo:classify`: both models, 10 epochs of 32, lr 0.01, seed 1. */
export const DEFAULT_CLASSIFY_SETTINGS: ClassifySettings = { models: DIGIT_MODELS, epochs: 10, batch: 32, lr: 0.01, seed: 1, provider: 'auto' };

const PROVIDERS: readonly ProviderChoice[] = ['auto', 'webgpu', 'wasm'];

function integer(value: string | null, fallback: number, min: number, max: number): number {
  const n = value === null ? Number.NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** Settings from a query string; anything missing or invalid keeps its default. */
export function readClassifySettings(search: string): ClassifySettings {
  const q = new URLSearchParams(search);
  const models = [...new Set((q.get('models') ?? '').split(','))].filter((m): m is DigitModel => (DIGIT_MODELS as readonly string[]).includes(m));
  const lr = Number(q.get('lr'));
  const provider = q.get('provider') as ProviderChoice | null;
  const d = DEFAULT_CLASSIFY_SETTINGS;
  return {
    models: models.length > 0 ? models : d.models,
    epochs: integer(q.get('epochs'), d.epochs, 1, 1000),
    // At most the 1,346 training digits: an epoch needs one whole batch.
    batch: integer(q.get('batch'), d.batch, 1, 1024),
    lr: Number.isFinite(lr) && lr > 0 && lr < 1 ? lr : d.lr,
    seed: integer(q.get('seed'), d.seed, 0, 2 ** 31),
    provider: provider && PROVIDERS.includes(provider) ? provider : d.provider,
  };
}

/** The query string of some settings (defaults left out, to keep links short). */
export function writeClassifySettings(settings: ClassifySettings): string {
  const q = new URLSearchParams();
  if (settings.models.join() !== DEFAULT_CLASSIFY_SETTINGS.models.join()) q.set('models', settings.models.join(','));
  for (const key of ['epochs', 'batch', 'lr', 'seed', 'provider'] as const) {
    if (settings[key] !== DEFAULT_CLASSIFY_SETTINGS[key]) q.set(key, String(settings[key]));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}
