/**
 * @losskit/testkit: `LossTester`, conformance tests for losskit loss plugins, and the helpers
 * plugin authors need for their own tests.
 * @module
 */
export type { ErrorClass, InvalidCase, LossTestCases, RandomSpec, TensorCase, ValidCase } from './cases';
export { LossTester } from './tester';
export type { LossTesterOptions, PluginFactory } from './tester';
export type { HookFunction, TestCallback, TestFunction, TestRunnerFunctions } from './runner';
export type { ProviderSelector, TargetId } from './targets/ids';
export { TARGETS } from './targets/ids';
export type { RandomSource, ValueGenerator, ValueGeneratorFunction, ValueRange, WeightsKind } from './random';
export { generateValues, generateWeights, seededRandom } from './random';
export type { FiniteDifferenceOptions, FiniteDifferences } from './finite-differences';
export { finiteDifferences, referenceGradient } from './finite-differences';
export { expectClose, maxRelativeError, sameBits } from './compare';
export { GRADIENT_FLOOR, GRADIENT_TOLERANCE, NODE_CPU_TOLERANCE, OTHER_TOLERANCE, checkGradient } from './checks/random';
export { VALID_TOLERANCE } from './checks/valid';
export type { PluginFactoryMetadata } from './metadata';
export { checkPluginMetadata } from './metadata';
