import { describe } from 'vitest';
import { batchNormCases, layerActivationCases, layerShapeCases, maxPoolCases, normalizationCases } from './cases/layers';
import { defaultGradientRules, indexMaxPoolRules } from '../src/index';
import { gradientTests } from './support/check';

describe('MaxPool rule vs finite differences', () => gradientTests(maxPoolCases));
// The Indices form (trainers on cpu and wasm use it): ONNX Runtime's MaxPool picks the maxima.
describe('MaxPool from Indices vs finite differences', () =>
  gradientTests(maxPoolCases.map((c) => ({ ...c, name: `${c.name}, from Indices`, rules: { ...defaultGradientRules, ...indexMaxPoolRules }, providers: ['cpu'] as const }))));
describe('BatchNormalization rule vs finite differences', () => gradientTests(batchNormCases));
describe('LayerNormalization and InstanceNormalization rules vs finite differences', () => gradientTests(normalizationCases));
describe('exported activations vs finite differences', () => gradientTests(layerActivationCases));
describe('Pad, Split and Dropout rules vs finite differences', () => gradientTests(layerShapeCases));
