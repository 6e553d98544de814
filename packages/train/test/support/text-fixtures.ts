// The text-model fixtures (fixtures/text/export.py): what they hold, and the comparison with
// PyTorch's float64 gradients that uses PyTorch's own float32 error as the yardstick.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stored } from './pytorch-fixtures';

/** One model's `<name>.json`. */
export interface TextFixture {
  /** Operator types of the `.onnx` export. */
  readonly ops: readonly string[];
  readonly vocabulary: number;
  readonly adamLr: number;
  readonly ids: Stored;
  /** Class labels [batch] or next tokens [batch, seq]. */
  readonly target: Stored;
  /** 0/1 keep-masks per Dropout module (`layer.dropout1`) and step. */
  readonly dropoutMasks: Readonly<Record<string, readonly (readonly number[])[]>>;
  readonly loss: number;
  /** float64 gradients: the reference. */
  readonly gradients: Readonly<Record<string, Stored>>;
  /** Per parameter, max |PyTorch float32 gradient - float64 gradient|. */
  readonly float32Distance: Readonly<Record<string, number>>;
  /** The float64 loss before each Adam step. */
  readonly adamLosses: readonly number[];
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'text');

export const TEXT_MODELS = ['encoder', 'transformer-layer', 'gpt'] as const;
export type TextModel = (typeof TEXT_MODELS)[number];

export function textFixture(name: TextModel): { bytes: Uint8Array; f: TextFixture } {
  return { bytes: readFileSync(join(DIR, `${name}.onnx`)), f: JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as TextFixture };
}

/** Per parameter: losskit's max-abs distance from float64, and what it may be. */
export interface GradientDistance {
  readonly distance: number;
  readonly allowed: number;
}

/**
 * losskit's gradient of each parameter against PyTorch's float64 one: max |losskit - float64|
 * over the parameter's values, allowed 3 times PyTorch float32's own distance, or 1e-3 of the
 * model's largest float64 |gradient| where that is larger (float noise at the scale of the model).
 */
export function gradientDistances(actual: Readonly<Record<string, ArrayLike<number>>>, f: TextFixture): Record<string, GradientDistance> {
  const largest = Math.max(...Object.values(f.gradients).flatMap((g) => g.data.map(Math.abs)));
  const out: Record<string, GradientDistance> = {};
  for (const [name, expected] of Object.entries(f.gradients)) {
    const a = actual[name]!;
    let distance = a.length === expected.data.length ? 0 : Infinity;
    for (let i = 0; i < expected.data.length; i++) distance = Math.max(distance, Math.abs(a[i]! - expected.data[i]!));
    out[name] = { distance: Number.isNaN(distance) ? Infinity : distance, allowed: Math.max(3 * f.float32Distance[name]!, 1e-3 * largest) };
  }
  return out;
}
