import type { GradientRules } from '../types';
import { activationRules } from './activation';
import { elementwiseRules } from './elementwise';
import { reduceRules } from './reduce';
import { shapeRules } from './shape';

/** The gradient rules losskit ships, one file per operator family. */
export const defaultGradientRules: GradientRules = {
  ...elementwiseRules,
  ...activationRules,
  ...reduceRules,
  ...shapeRules,
};
