import type { GradientRules } from '../types';
import { activationRules } from './activation';
import { convRules } from './conv';
import { einsumRules } from './einsum';
import { elementwiseRules } from './elementwise';
import { indexingRules } from './indexing';
import { nnRules } from './nn';
import { noGradientRules } from './no-gradient';
import { normalizationRules } from './normalization';
import { poolRules } from './pool';
import { recurrentRules } from './recurrent';
import { reduceRules } from './reduce';
import { resizeRules } from './resize';
import { shapeRules } from './shape';

/** The gradient rules losskit ships, one file per operator family. */
export const defaultGradientRules: GradientRules = Object.freeze({
  ...elementwiseRules,
  ...activationRules,
  ...reduceRules,
  ...shapeRules,
  ...indexingRules,
  ...nnRules,
  ...einsumRules,
  ...convRules,
  ...poolRules,
  ...normalizationRules,
  ...resizeRules,
  ...recurrentRules,
  ...noGradientRules,
});
