import { describe } from 'vitest';
import { batchNormCases, layerActivationCases, layerShapeCases, maxPoolCases, normalizationCases } from './cases/layers';
import { gradientTests } from './support/check';

describe('MaxPool rule vs finite differences', () => gradientTests(maxPoolCases));
describe('BatchNormalization rule vs finite differences', () => gradientTests(batchNormCases));
describe('LayerNormalization and InstanceNormalization rules vs finite differences', () => gradientTests(normalizationCases));
describe('exported activations vs finite differences', () => gradientTests(layerActivationCases));
describe('Pad, Split and Dropout rules vs finite differences', () => gradientTests(layerShapeCases));
