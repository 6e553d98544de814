// The defaults that option interfaces state in their TSDoc ("Default `[16, 32]`.") are the
// defaults their schemas resolve to: an editor's hover text can no longer promise an old default.
import type { OptionsSchema } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { AUTOENCODER_OPTIONS } from '../../../packages/models/src/autoencoder';
import { CLASSIFIER_OPTIONS } from '../../../packages/models/src/classifier';
import { BATCHES_OPTIONS } from '../../../packages/models/src/data/batches';
import { SYNTHETIC_CLASSES_OPTIONS } from '../../../packages/models/src/data/classes';
import { SPLIT_OPTIONS } from '../../../packages/models/src/data/split';
import { SYNTHETIC_IMAGES_OPTIONS } from '../../../packages/models/src/data/synthetic';
import { RANDOM_CROPS_OPTIONS } from '../../../packages/models/src/image/crops';
import { PHOTO_SPLIT_OPTIONS } from '../../../packages/models/src/image/photo-split';
import { LOAD_IMAGE_FOLDER_OPTIONS } from '../../../packages/models/src/image/folder-options';
import { LOSS_SESSION_OPTIONS, MODEL_SESSION_OPTIONS } from '../../../packages/runtime/src/options';
import { SESSION_TUNING_OPTIONS } from '../../../packages/runtime/src/tuning';
import { DROPOUT_OPTIONS } from '../../../packages/train/src/dropout';
import { OPTIMIZER_SCHEMAS } from '../../../packages/train/src/optimizers';
import { WARMUP_COSINE_OPTIONS } from '../../../packages/train/src/schedule';
import { FIT_OPTIONS, STEP_OPTIONS, TRAINER_OPTIONS } from '../../../packages/train/src/trainer-options';
import { propertyDocs } from './api';
import { plain } from './defaults';
import { ROOT } from './workspace';

const entry = (path: string) => `${ROOT}${path}`;
const MODELS = entry('packages/models/src/index.ts');
const RUNTIME = entry('packages/runtime/src/node.ts');
const TRAIN = entry('packages/train/src/index.ts');

/** The default a doc comment states, as written between backticks or as a bare literal; undefined when it states none. */
function statedDefault(doc: string): string | undefined {
  const match = /\bDefault:? (?:`([^`]+)`|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|'[^']*')(?=[\s.,;:)]|$))/.exec(doc);
  return match ? (match[1] ?? match[2])!.trim() : undefined;
}

/** Whether two literals mean the same value (`1e-3` and `0.001`, `"a"` and `'a'`). */
function same(stated: string, expected: string): boolean {
  const normal = (text: string) => {
    const t = text.replace(/"/g, "'").replace(/_/g, '');
    return Number.isFinite(Number(t)) && t !== '' ? String(Number(t)) : t.replace(/\s+/g, ' ');
  };
  return normal(stated) === normal(expected);
}

describe.each([
  [MODELS, 'ConvAutoencoderOptions', AUTOENCODER_OPTIONS],
  [MODELS, 'BinaryClassifierOptions', CLASSIFIER_OPTIONS],
  [MODELS, 'BatchOptions', BATCHES_OPTIONS],
  [MODELS, 'SyntheticClassesOptions', SYNTHETIC_CLASSES_OPTIONS],
  [MODELS, 'SplitOptions', SPLIT_OPTIONS],
  [MODELS, 'SyntheticImagesOptions', SYNTHETIC_IMAGES_OPTIONS],
  [MODELS, 'RandomCropsOptions', RANDOM_CROPS_OPTIONS],
  [MODELS, 'PhotoSplitOptions', PHOTO_SPLIT_OPTIONS],
  [entry('packages/models/src/node.ts'), 'LoadImageFolderOptions', LOAD_IMAGE_FOLDER_OPTIONS],
  [RUNTIME, 'LossSessionOptions', LOSS_SESSION_OPTIONS],
  [RUNTIME, 'ModelSessionOptions', MODEL_SESSION_OPTIONS],
  [RUNTIME, 'SessionTuning', SESSION_TUNING_OPTIONS],
  [TRAIN, 'TrainerOptions', TRAINER_OPTIONS],
  [TRAIN, 'DropoutOptions', DROPOUT_OPTIONS],
  [TRAIN, 'StepOptions', STEP_OPTIONS],
  [TRAIN, 'FitOptions', FIT_OPTIONS],
  [TRAIN, 'SgdOptions', OPTIMIZER_SCHEMAS.sgd],
  [TRAIN, 'WarmupCosineOptions', WARMUP_COSINE_OPTIONS],
] as [string, string, OptionsSchema][])('%s %s', (file, typeName, schema) => {
  it('states in TSDoc only the defaults its schema has', () => {
    const docs = propertyDocs(file, typeName);
    const wrong: string[] = [];
    for (const [option, doc] of docs) {
      const stated = statedDefault(doc);
      const expected = plain(schema[option]?.default);
      if (stated === undefined || expected === undefined) continue;
      if (!same(stated, expected)) wrong.push(`${option}: TSDoc says ${stated}, the schema ${expected}`);
    }
    expect(wrong).toEqual([]);
  });
});

it('reads the defaults TSDoc states', () => {
  expect(statedDefault('Channels of each stage. Default `[16, 32]`.')).toBe('[16, 32]');
  expect(statedDefault('Image channels. Default 3.')).toBe('3');
  expect(statedDefault("Default 'leakyRelu' (no dead units).")).toBe("'leakyRelu'");
  expect(statedDefault('Default: one per physical core.')).toBeUndefined();
  expect(same('1e-3', '0.001')).toBe(true);
  expect(same('[16, 32]', '[32, 64]')).toBe(false);
});
