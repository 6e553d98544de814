export { InvalidInputError, LossKitError, ModelFormatError, ShapeError, UnsupportedOperatorError, describeValue } from '@losskit/graph';
export { GradientRuleError } from '@losskit/autodiff';
export type { LossKitErrorCode } from './errors';
export { InvalidOptionError, ReleasedError, UnavailableProviderError } from './errors';
export type { GraphBuilder, Value } from '@losskit/graph';
// Plugins depend on core alone; log1p is the accurate log(1 + x) they need (bce with logits).
export { log1p } from '@losskit/autodiff';
// Gradient rule tables for buildLossGraph's gradientRules (sessions pick ieeeAbsRules and
// indexMaxPoolRules on CPU and WASM).
export type { GradientRules } from '@losskit/autodiff';
export { defaultGradientRules, ieeeAbsRules, indexMaxPoolRules } from '@losskit/autodiff';
// The one { data, dims } type and its helpers live in graph; plugins import them from core.
export type { HostTensor } from '@losskit/graph';
export { formatDims, numel } from '@losskit/graph';
// A loss that runs a user's frozen network (perceptual) reads the model and embeds it with these.
export type { Graph, Model, ModelSource, Node, Tensor } from '@losskit/graph';
export {
  DEFAULT_OPSET,
  MODEL_SOURCE_DESCRIPTION,
  broadcastShapes,
  defaultDomainOpset,
  isModelSource,
  pruneGraph,
  readModelSource,
  upgradeModel,
} from '@losskit/graph';
export type { Float64Tensor, IntegerTensor, LossTensor } from './tensor';
export { broadcastTo, stridesOf, toIntegerType } from './tensor';
export type { LumaCoefficients } from './luma';
export { LUMA_STANDARDS } from './luma';
export type { OptionSpec, OptionsInput, OptionsSchema, ResolvedOptions } from './options';
export { option, resolveOptions } from './options';
export type {
  Float64Inputs,
  LossImplementation,
  LossInputs,
  LossPlugin,
  LossPluginDefinition,
  LossPluginFactory,
  LossValues,
  MeanReduction,
} from './plugin';
export { applyLoss, defineLossPlugin, inputSpecsOf, isLossPlugin } from './plugin';
export type { DimsRule, IntegerRange, LossInputSpec, LossInputSpecs, LossInputType } from './inputs';
export { differentiableInputs, dimsWithoutAxis, samePredictionDims } from './inputs';
export type { ClassLabels, ClassLayout, ClassTargetSettings } from './classes';
export {
  checkClassWeights,
  classCoefficients,
  classIndicesInput,
  classLabels,
  classLayout,
  classMean,
  classTargetInput,
  forEachClassRow,
  oneHot,
  referenceClassCoefficients,
  resolveClassAxis,
} from './classes';
export type { ClassTargetSchema } from './class-options';
export { classTargetSchema, classWeightsOption } from './class-options';
// Stable logistic parts for losses over logits, and value checks for validate and inputCheck.
export { sigmoids, softplus } from './logistic';
export type { ValueCheck, ValueCheckSpec } from './value-check';
export { valueCheck } from './value-check';
export { axesOption, referenceReduceAxes, resolveAxes } from './axes';
export { referenceSignedLabels, signedLabels } from './labels';
export { checkDistance, pluginOption, validateNested } from './composite';
export type { WeightedPart, WeightedSumOptions } from './weighted-sum';
export { partKeys, weightedSum } from './weighted-sum';
export { PART_OUTPUT_PREFIX, partOutputName } from './parts';
export { pluginContractProblem } from './contract';
export type { DistanceOption, LossView, ViewLossDefinition } from './view';
export { combineChannels, defineViewLoss, resolveChannelAxis } from './view';
export {
  PLUGIN_KEYWORD,
  PLUGIN_NAME_PATTERN,
  PLUGIN_PACKAGE_CONVENTION,
  pluginNameOfPackage,
  pluginPackageCandidates,
  pluginPackageNameProblem,
} from './naming';
export type { Reduction } from './reduction';
export { REDUCTIONS, applyReduction, checkReduction, reductionOption, referenceReduction } from './reduction';
export type { LossFeeds } from './validate';
export { checkDims, checkIntegerTensor, checkLossDims, checkLossInput, checkTensor, checkTensorLayout, isIntegerArray, validateLossInputs, validateLossLayout } from './validate';
export { INPUT_CHECK_OUTPUT, confirmLossInputs, hasGraphInputCheck } from './input-check';
export type { BuildLossOptions, EmitLossOptions, EmittedLoss, LossGraph } from './build';
export { buildLossGraph, buildLossModel, emitLoss, gradientOutputName, reduceLoss } from './build';
export type { ReferenceInputs } from './reference';
export { referenceLoss } from './reference';
