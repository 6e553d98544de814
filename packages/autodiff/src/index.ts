export type { GradientContext, GradientRule, GradientRules } from './types';
export type { GradientOptions } from './gradients';
export { gradients } from './gradients';
export { defaultGradientRules } from './rules/index';
export { unbroadcast } from './broadcast';
export { im2colConvRules } from './rules/conv-im2col';
export type { GradientOverride, VectorJacobianProduct } from './overrides';
export { GRADIENT_DOMAIN, GradientRuleError, defineGradient, gradientOverrides } from './overrides';
export { log1p } from './log1p';
