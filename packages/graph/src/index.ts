export type { DType, TypedArray } from './dtype';
export { ONNX_DTYPE_CODES, bytesPerElement, dtypeFromCode, isFloat, typedArrayFor } from './dtype';
export type {
  Attribute,
  Dim,
  ExternalDataInfo,
  Graph,
  Model,
  Node,
  OnnxFunction,
  OpsetImport,
  OutputInfo,
  Tensor,
  UnknownFields,
  UntypedValueInfo,
  ValueInfo,
} from './ir';
export { DEFAULT_IR_VERSION, DEFAULT_OPSET } from './ir';
export type { GraphErrorCode } from './errors';
export { InvalidInputError, InvalidOptionError, LossKitError, ModelFormatError, ShapeError, UnsupportedOperatorError, describeValue } from './errors';
export type { AttributeValue, Attributes } from './attributes';
export { attr, attributeValue } from './attributes';
export type {
  ConvOptions,
  FromGraphOptions,
  ConvTransposeOptions,
  EmbedOptions,
  GemmOptions,
  InitializerOptions,
  InputShapes,
  Operand,
  PoolOptions,
  ReduceOptions,
  ResizeOptions,
  SliceOptions,
  ToModelOptions,
  Value,
  WindowOptions,
} from './builder';
export { GraphBuilder } from './builder';
export type { EinsumLabels, InferenceContext, ResizeGeometry, ShapeInference, TensorType } from './ops/index';
export { SHAPE_INFERENCE, broadcastShapes, broadcastsTo, einsumLabels, resizeGeometry } from './ops/index';
export type { HostTensor } from './host-tensor';
export { formatDims, numel } from './host-tensor';
export { encodeModel } from './proto/encode';
export type { DecodeOptions } from './proto/decode';
export { decodeModel } from './proto/decode';
export { inlineFunctions } from './functions';
export type { ModelSource } from './model-source';
export { MODEL_SOURCE_DESCRIPTION, isModelSource, readModelSource } from './model-source';
export { MAX_OPSET, MIN_OPSET, checkOpset, defaultDomainOpset, upgradeGraph, upgradeModel } from './opset/upgrade';
export { FOLDABLE_OPS } from './fold';
export type { OptimizeOptions } from './optimize';
export { optimizeGraph, pruneGraph } from './optimize';
