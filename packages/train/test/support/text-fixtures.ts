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
