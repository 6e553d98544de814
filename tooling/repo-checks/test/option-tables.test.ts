// Every options table in a package README is checked against the option schema the code
// resolves with (core's resolveOptions): the same option names, in the schema's order where a
// README has several tables (each after a `<!-- options: NAME -->` marker), the schema's types,
// and the same defaults where a default is a plain value. A README can no longer document an
// option the code does not take, or miss one it does.
import type { OptionsSchema } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { AUTOENCODER_OPTIONS } from '../../../packages/models/src/autoencoder';
import { CLASSIFIER_OPTIONS } from '../../../packages/models/src/classifier';
import { CNN_CLASSIFIER_OPTIONS } from '../../../packages/models/src/cnn-classifier';
import { MLP_CLASSIFIER_OPTIONS } from '../../../packages/models/src/mlp-classifier';
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
import { BATCH_OPTIONS, FIT_OPTIONS, STEP_OPTIONS, TRAINER_OPTIONS } from '../../../packages/train/src/trainer-options';
import { plain } from './defaults';
import { catalogPlugins } from './plugins';
import { read } from './workspace';

/**
 * The rows of the first markdown table in `markdown` whose header starts with `| Option |`, or
 * of the one right after `<!-- options: marker -->`.
 */
function optionTable(markdown: string, marker?: string): Record<string, string>[] {
  // Tables may be indented under a list item.
  const lines = markdown.split('\n').map((l) => l.trim());
  const after = marker === undefined ? 0 : lines.indexOf(`<!-- options: ${marker} -->`) + 1;
  if (after === 0 && marker !== undefined) throw new Error(`no <!-- options: ${marker} --> table`);
  const start = lines.findIndex((l, i) => i >= after && l.startsWith('| Option |'));
  if (start < 0) return [];
  const cells = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
  const header = cells(lines[start]!);
  const rows: Record<string, string>[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const row = cells(lines[i]!);
    rows.push(Object.fromEntries(header.map((h, k) => [h, row[k] ?? ''])));
  }
  return rows;
}

const name = (cell: string) => cell.replace(/`/g, '');

const sameNumber = (cell: string, expected: string) => {
  const text = name(cell);
  return text === expected || (Number.isFinite(Number(text)) && Number(text) === Number(expected));
};

// Every plugin package, found on disk: a new plugin's README is checked without being listed here.
const plugins = await catalogPlugins();

describe.each(plugins.map((p) => [`${p.path}/README.md`, p.factory.schema] as [string, OptionsSchema]))('%s', (readme, schema) => {
  const rows = optionTable(read(readme));

  it('lists exactly the options of the schema', () => {
    expect(rows.map((r) => name(r.Option!)).filter((n) => n !== '(none)' && n !== '—')).toEqual(Object.keys(schema));
  });

  it('gives the schema defaults', () => {
    for (const row of rows) {
      const spec = schema[name(row.Option!)];
      const expected = spec && plain(spec.default);
      if (expected === undefined || sameNumber(row.Default!, expected)) continue;
      // A README may show the default as the user writes it ('red'), the schema as it resolves it (0).
      const written = JSON.parse(name(row.Default!).replace(/'/g, '"')) as unknown;
      expect(JSON.stringify(spec!.parse(written, 'default')), `${readme} ${row.Option}: ${row.Default} vs ${expected}`).toBe(JSON.stringify((spec!.default as () => unknown) instanceof Function ? (spec!.default as () => unknown)() : spec!.default));
    }
  });
});

describe('packages/train/README.md optimizers table', () => {
  const rows = optionTable(read('packages/train/README.md'), 'sgd, adam, adamw');

  it('lists every option of sgd, adam and adamw, with their types', () => {
    const names = new Set(Object.values(OPTIMIZER_SCHEMAS).flatMap((s) => Object.keys(s)));
    expect(new Set(rows.map((r) => name(r.Option!)))).toEqual(names);
    for (const row of rows) {
      const spec = Object.values(OPTIMIZER_SCHEMAS).map((s) => (s as OptionsSchema)[name(row.Option!)]).find(Boolean)!;
      expect(row.Type, row.Option).toBe(spec.type);
    }
  });

  it('gives each optimizer its defaults, and — for options it does not take', () => {
    for (const row of rows) {
      for (const optimizer of ['sgd', 'adam', 'adamw'] as const) {
        const spec = (OPTIMIZER_SCHEMAS[optimizer] as OptionsSchema)[name(row.Option!)];
        const cell = row[`\`${optimizer}\` default`]!;
        if (!spec) expect(cell, `${optimizer} ${row.Option}`).toBe('—');
        else expect(sameNumber(cell, plain(spec.default)!), `${optimizer} ${row.Option}: ${cell}`).toBe(true);
      }
    }
  });
});

/** A schema type as a table cell writes it: `|` escaped, and without `, or undefined` (every option may be left out). */
const typeCell = (type: string) => type.replace(/, or undefined$/, '').replace(/\|/g, '\\|');

describe.each([
  ['packages/train/README.md', 'createTrainer', TRAINER_OPTIONS],
  ['packages/train/README.md', 'createTrainer.dropout', DROPOUT_OPTIONS],
  ['packages/train/README.md', 'step', STEP_OPTIONS],
  ['packages/train/README.md', 'fit', FIT_OPTIONS],
  ['packages/train/README.md', 'evaluate, predict', BATCH_OPTIONS],
  ['packages/train/README.md', 'warmupCosine', WARMUP_COSINE_OPTIONS],
  ['packages/runtime/README.md', 'computeLoss, createLossSession', LOSS_SESSION_OPTIONS],
  ['packages/runtime/README.md', 'createModelSession', MODEL_SESSION_OPTIONS],
  ['packages/runtime/README.md', 'SessionTuning', SESSION_TUNING_OPTIONS],
  ['packages/models/README.md', 'convAutoencoder', AUTOENCODER_OPTIONS],
  ['packages/models/README.md', 'binaryClassifier', CLASSIFIER_OPTIONS],
  ['packages/models/README.md', 'mlpClassifier', MLP_CLASSIFIER_OPTIONS],
  ['packages/models/README.md', 'cnnClassifier', CNN_CLASSIFIER_OPTIONS],
  ['packages/models/README.md', 'syntheticImages', SYNTHETIC_IMAGES_OPTIONS],
  ['packages/models/README.md', 'syntheticClasses', SYNTHETIC_CLASSES_OPTIONS],
  ['packages/models/README.md', 'batches', BATCHES_OPTIONS],
  ['packages/models/README.md', 'randomCrops', RANDOM_CROPS_OPTIONS],
  ['packages/models/README.md', 'splitPhotos', PHOTO_SPLIT_OPTIONS],
  ['packages/models/README.md', 'splitByItem', SPLIT_OPTIONS],
  ['packages/models/README.md', 'stratifiedSplit', SPLIT_OPTIONS],
  ['packages/models/README.md', 'loadImageFolder', LOAD_IMAGE_FOLDER_OPTIONS],
] as [string, string, OptionsSchema][])('%s %s options', (readme, marker, schema) => {
  const rows = optionTable(read(readme), marker);

  it('lists exactly the options of the schema, in its order, with its types', () => {
    expect(rows.map((r) => name(r.Option!))).toEqual(Object.keys(schema));
    for (const row of rows) expect(row.Type, `${readme} ${marker} ${row.Option}`).toBe(typeCell(schema[name(row.Option!)]!.type));
  });

  it('gives the schema defaults (required options say so)', () => {
    for (const row of rows) {
      const spec = schema[name(row.Option!)]!;
      const where = `${readme} ${marker} ${row.Option}: ${row.Default}`;
      if (spec.required) expect(row.Default, where).toBe('required');
      else if (plain(spec.default) !== undefined) expect(sameNumber(row.Default!, plain(spec.default)!), where).toBe(true);
    }
  });
});
