import { type ParseArgsConfig, parseArgs } from 'node:util';

type FlagConfig = NonNullable<ParseArgsConfig['options']>;
import { InvalidOptionError, describeValue } from '@losskit/core';
import { PROVIDERS, type ProviderRequest } from '@losskit/runtime';
import { DEFAULT_LOSSES } from './losses';

/** Settings of one demo run, after defaults. */
export interface DemoSettings {
  readonly losses: readonly string[];
  readonly steps: number;
  readonly batch: number;
  readonly size: number;
  readonly images: string | undefined;
  /** Train on the synthetic set instead of photos. */
  readonly synthetic: boolean;
  readonly provider: ProviderRequest;
  readonly out: string;
  readonly seed: number;
  readonly lr: number;
  /** An `.onnx` autoencoder to fine-tune instead of the built-in one. */
  readonly model: string | undefined;
}

export const DEFAULTS: DemoSettings = {
  losses: DEFAULT_LOSSES,
  steps: 800,
  batch: 16,
  size: 32,
  images: undefined,
  synthetic: false,
  provider: 'auto',
  out: 'out',
  seed: 1,
  lr: 7.5e-3,
  model: undefined,
};

export const USAGE: string = `Usage: pnpm demo [options]

Trains one convolutional autoencoder per loss, from the same initial weights on the same data,
and shows what each loss means by "equal" (the experiment losskit comes from).

  --losses <a,b,...>  losses to compare (default ${DEFAULTS.losses.join(',')}): l1, luma, mse, bce,
                      red | green | blue (one color channel), or any installed plugin
                      by short name (huber -> @losskit/loss-huber, losskit-loss-huber),
                      package name or path (./losskit-loss-huber, ./my-loss.js); a + b is
                      their sum, each weighted 1 or as written (0.16*l1+0.84*ssim)
  --steps <n>         training steps per loss (default ${DEFAULTS.steps})
  --batch <n>         batch size (default ${DEFAULTS.batch})
  --size <n>          image size in pixels, a multiple of 4 (default ${DEFAULTS.size})
  --images <dir>      the PNG/JPEG photos to use (default: the ten bundled photos in
                      assets/photos). With 4 files or more, a quarter of the files (at least
                      one) is held out: the model never sees them; it trains on random crops
                      of the others
  --synthetic         use a synthetic set of shapes, stripes and textures instead of photos
  --provider <name>   auto | cpu | cuda | webgpu (default auto)
  --out <dir>         where figures, summary.json and models go (default ${DEFAULTS.out})
  --seed <n>          seed of data, initial weights and shuffling (default ${DEFAULTS.seed})
  --lr <x>            Adam's peak learning rate (default ${DEFAULTS.lr}): a warm-up over the first
                      20 steps, then a cosine decay to 5% of it
  --model <file.onnx> fine-tune your own autoencoder (for example from torch.onnx.export)
                      with each loss instead of the built-in one; input and output
                      [batch, 3, size, size] (--size defaults to the model's)
  --help              this text`;

/** A `--flag` value that must be a positive integer (and pass `check`), or `fallback` when absent. */
export function positiveInteger(flag: string, raw: string | undefined, fallback: number, check: (n: number) => boolean = () => true, expected = 'a positive integer'): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || !check(value)) throw new InvalidOptionError(`--${flag}`, expected, describeValue(raw));
  return value;
}

/** `--seed`: a non-negative integer, or `fallback` when absent. */
export function seedArgument(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0) throw new InvalidOptionError('--seed', 'a non-negative integer', describeValue(raw));
  return seed;
}

/** `--provider`: `auto` or a provider name, `auto` when absent. */
export function providerArgument(raw: string | undefined): ProviderRequest {
  const provider = raw ?? 'auto';
  if (provider !== 'auto' && !PROVIDERS.includes(provider as never)) {
    throw new InvalidOptionError('--provider', `one of auto, ${PROVIDERS.join(', ')}`, describeValue(provider));
  }
  return provider as ProviderRequest;
}

/** `--lr`: a positive number, or `fallback` when absent. */
export function learningRateArgument(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const lr = Number(raw);
  if (!Number.isFinite(lr) || lr <= 0) throw new InvalidOptionError('--lr', 'a positive number', describeValue(raw));
  return lr;
}

/** The values `parseFlags` returns for the flags `T`. */
export type ParsedFlags<T extends FlagConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>>['values'];

/** Node's `parseArgs`, strict, with its errors as the `InvalidOptionError` every demo flag error is. */
export function parseFlags<T extends FlagConfig>(argv: readonly string[], options: T): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new InvalidOptionError('arguments', 'the flags listed by --help', (error as Error).message);
  }
}

/** Parses the demo's command line; `undefined` means `--help` was asked for. */
export function parseDemoArguments(argv: readonly string[]): DemoSettings | undefined {
  const v = parseFlags(argv, {
    losses: { type: 'string' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    size: { type: 'string' },
    images: { type: 'string' },
    synthetic: { type: 'boolean' },
    provider: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    lr: { type: 'string' },
    model: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (v.help) return undefined;
  if (v.synthetic && v.images !== undefined) throw new InvalidOptionError('--synthetic', 'not together with --images', `--images ${describeValue(v.images)}`);
  const losses = v.losses === undefined ? DEFAULTS.losses : v.losses.split(',').map((s) => s.trim()).filter(Boolean);
  if (losses.length === 0) throw new InvalidOptionError('--losses', 'a comma-separated list of losses', describeValue(v.losses));
  return {
    losses,
    steps: positiveInteger('steps', v.steps, DEFAULTS.steps),
    batch: positiveInteger('batch', v.batch, DEFAULTS.batch),
    size: positiveInteger('size', v.size, DEFAULTS.size, (n) => n % 4 === 0, 'a positive multiple of 4'),
    images: v.images,
    synthetic: v.synthetic ?? false,
    provider: v.provider === undefined ? DEFAULTS.provider : providerArgument(v.provider),
    out: v.out ?? DEFAULTS.out,
    seed: seedArgument(v.seed, DEFAULTS.seed),
    lr: learningRateArgument(v.lr, DEFAULTS.lr),
    model: v.model,
  };
}
