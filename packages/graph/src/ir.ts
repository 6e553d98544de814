import type { DType, TypedArray } from './dtype';

/** One dimension: a size, or a symbolic name such as `"batch"` in models from other tools. */
export type Dim = number | string;

/**
 * Fields of an ONNX message that this IR does not model (IR 10 `metadata_props`, a model's
 * `training_info`, a graph's `quantization_annotation`, fields of newer ONNX versions), as the
 * raw protobuf bytes of each field, key included. `decodeModel` collects them and `encodeModel`
 * writes them back unchanged, so a decode/encode round trip keeps them; they are views into the
 * decoded bytes, like initializer data.
 */
export type UnknownFields = readonly Uint8Array[];

/** A typed, shaped value of a graph: an input, an output or an intermediate result. */
export interface ValueInfo {
  readonly name: string;
  readonly dtype: DType;
  /** The static shape; `undefined` when a model from another tool does not declare it. */
  readonly shape: readonly Dim[] | undefined;
  readonly docString?: string;
  readonly unknownFields?: UnknownFields;
}

/**
 * A graph output declared by name only. ONNX lets a graph, and the bodies of `If`, `Loop` and
 * `Scan` above all, leave an output's type out; ONNX Runtime infers it from the node that
 * computes the value. (Inputs always need a type: ONNX Runtime refuses a model without one.)
 */
export interface UntypedValueInfo {
  readonly name: string;
  readonly dtype: undefined;
  readonly shape: undefined;
  readonly docString?: string;
  readonly unknownFields?: UnknownFields;
}

/** A graph output: typed, or {@link UntypedValueInfo} where the model leaves the type to inference. */
export type OutputInfo = ValueInfo | UntypedValueInfo;

/** Where an initializer's bytes live when a model stores them outside the `.onnx` file. */
export interface ExternalDataInfo {
  readonly location: string;
  readonly offset: number;
  readonly length: number | undefined;
}

/** A constant tensor: an initializer, a `Constant` node's value, or a tensor attribute. */
export interface Tensor {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** Element data; for `string` tensors, the decoded strings. */
  readonly data: TypedArray | readonly string[];
  readonly docString?: string;
  /** Set when the data is stored in an external file that was not resolved while decoding. */
  readonly external?: ExternalDataInfo;
  readonly unknownFields?: UnknownFields;
  /**
   * For an initializer, whether training may update it: `true` for a parameter
   * (`GraphBuilder.parameter`), `false` for a constant (`GraphBuilder.constant`, or an attribute
   * that `upgradeGraph` turned into an input). Absent where nothing says: an `.onnx` file has no
   * such field, so a decoded initializer's role is for the trainer to infer from the graph.
   */
  readonly trainable?: boolean;
}

/** A node attribute, tagged with its ONNX attribute type. */
export type Attribute =
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'tensor'; readonly value: Tensor }
  | { readonly type: 'graph'; readonly value: Graph }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly type: 'tensors'; readonly value: readonly Tensor[] }
  | { readonly type: 'graphs'; readonly value: readonly Graph[] }
  /** A reference to an attribute of the enclosing ONNX function (`ref_attr_name`). */
  | { readonly type: 'ref'; readonly value: string; readonly refType: number };

/** One operator application. Optional inputs that are left out are the empty string. */
export interface Node {
  readonly op: string;
  /** Operator domain; `''` is the default ONNX domain. */
  readonly domain: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, Attribute>>;
  readonly docString?: string;
  /** Which overload of a model-local function the node calls (IR 10); absent for the plain one. */
  readonly overload?: string;
  readonly unknownFields?: UnknownFields;
}

/** A computation graph (ONNX `GraphProto`). */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly OutputInfo[];
  readonly initializers: readonly Tensor[];
  /** Shapes of intermediate values, where known. */
  readonly valueInfo: readonly ValueInfo[];
  readonly docString?: string;
  readonly unknownFields?: UnknownFields;
}

/** An ONNX local function (`FunctionProto`). */
export interface OnnxFunction {
  readonly name: string;
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly string[];
  /** Attributes declared with a default value (`attribute_proto`, IR 9), by name. */
  readonly attributeDefaults?: Readonly<Record<string, Attribute>>;
  readonly nodes: readonly Node[];
  readonly opsetImports: readonly OpsetImport[];
  readonly docString?: string;
  /** Distinguishes functions of the same domain and name (IR 10); absent for the plain one. */
  readonly overload?: string;
  readonly unknownFields?: UnknownFields;
}

/** An operator set a model uses. */
export interface OpsetImport {
  readonly domain: string;
  readonly version: number;
}

/** A whole model (ONNX `ModelProto`). */
export interface Model {
  readonly irVersion: number;
  readonly opsetImports: readonly OpsetImport[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly domain: string;
  readonly modelVersion: number;
  readonly docString: string;
  readonly graph: Graph;
  readonly functions: readonly OnnxFunction[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly unknownFields?: UnknownFields;
}

/** The IR version losskit writes by default (ONNX 1.13, paired with opset 18). */
export const DEFAULT_IR_VERSION = 8;
/** The default-domain opset losskit builds against. */
export const DEFAULT_OPSET = 18;
