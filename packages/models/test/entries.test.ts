import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from '../src/index';
import * as node from '../src/node';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('entry points', () => {
  it('keeps the main entry platform-neutral: only src/node.ts imports node: modules', () => {
    const offenders = sources(SRC)
      .filter((file) => relative(SRC, file) !== 'node.ts')
      .filter((file) => /from ['"]node:|require\(['"]node:|import\(['"]node:/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('exports the documented names', () => {
    expect(Object.keys(main).toSorted()).toEqual(
      [
        'COLLAPSE_RATIO',
        'EXPERIMENT_LOSS_WINDOWS',
        'EXPERIMENT_SCHEDULE',
        'LEAKY_RELU_ALPHA',
        'PHOTO_SPLIT_DEFAULTS',
        'SYNTHETIC_CLASS_NAMES',
        'batches',
        'binaryClassifier',
        'cnnClassifier',
        'confusionAccuracy',
        'confusionMatrix',
        'convAutoencoder',
        'createRandom',
        'decodeImage',
        'deriveSeed',
        'digits',
        'encodePng',
        'experimentSchedule',
        'fanIn',
        'gatherSamples',
        'hasCollapsed',
        'imageFormat',
        'imageToBytes',
        'imageToPng',
        'initLayer',
        'kaimingUniformBound',
        'mlpClassifier',
        'modelParameters',
        'mulberry32',
        'parameterCount',
        'predictedClasses',
        'randomCrops',
        'reconstructionMetrics',
        'resizeImage',
        'sliceSamples',
        'splitByItem',
        'splitPhotos',
        'stratifiedSplit',
        'syntheticClasses',
        'syntheticImages',
        'trainingLossEnds',
        'uniformArray',
      ].toSorted(),
    );
    expect(Object.keys(node).toSorted()).toEqual(['IMAGE_EXTENSIONS', 'loadImageFolder', 'readImageFolder']);
  });
});
