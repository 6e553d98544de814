import { describe } from 'vitest';
import { batchNormCases, layerActivationCases, layerShapeCases, maxPoolCases } from './cases/layers';
import { gradientTests } from './support/check';

describe('MaxPool rule vs finite differences', () => gradientTests(maxPoolCases));
describe('BatchNormalization rule vs finite differences', () => gradientTests(batchNormCases));
describe('exported activations vs finite differences', () => gradientTests(layerActivationCases));
describe('Pad, Split and Dropout rules vs finite differences', () => gradientTests(layerShapeCases));
