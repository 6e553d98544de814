import { attr, definedAttributes } from './attributes';
import { type DType, ONNX_DTYPE_CODES, type TypedArray, isFloat, typedArrayFor } from './dtype';
import { InvalidInputError, ShapeError, UnsupportedOperatorError } from './errors';
import {
  type Attribute,
  DEFAULT_IR_VERSION,
  DEFAULT_OPSET,
  type Graph,
  type Model,
  type Node,
  type OnnxFunction,
  type OpsetImport,
  type Tensor,
} from './ir';
import { FOLDABLE_OPS, foldNode } from './fold';
import { upgradeGraph } from './opset/upgrade';
import { numel } from './host-tensor';
import { SHAPE_INFERENCE, type TensorType } from './ops/index';

/** A value produced while building a graph: its name, dtype and static shape. */
export interface Value {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** A value, or a plain number that becomes a scalar constant of the other operand's dtype. */
export type Operand = Value | number;

/** Settings shared by Conv, ConvTranspose and pooling. */
export interface WindowOptions {
  readonly strides?: readonly number[];
  readonly pads?: readonly number[];
  readonly dilations?: readonly number[];
  readonly autoPad?: 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
}

export interface ConvOptions extends WindowOptions {
  readonly group?: number;
  readonly kernelShape?: readonly number[];
}

export interface ConvTransposeOptions extends ConvOptions {
  readonly outputPadding?: readonly number[];
  readonly outputShape?: readonly number[];
}

export interface PoolOptions extends WindowOptions {
  readonly kernelShape: readonly number[];
  readonly ceilMode?: boolean;
  /** AveragePool only: whether padded cells count in the average. */
  readonly countIncludePad?: boolean;
}

export interface GemmOptions {
  readonly alpha?: number;
  readonly beta?: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
}

export interface ReduceOptions {
  /** Axes to reduce; all axes when omitted. */
  readonly axes?: readonly number[];
  /** Keep reduced axes as size 1 (ONNX default: true). */
  readonly keepdims?: boolean;
}

export interface SliceOptions {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly axes?: readonly number[];
  readonly steps?: readonly number[];
}

/**
 * Options of {@link GraphBuilder.resize} (ONNX Resize, opset 18). Give `scales` or `sizes`, one
 * value per axis in `axes` (all axes when `axes` is left out).
 */
export interface ResizeOptions {
  /** Output = floor(input * scale) per axis. */
  readonly scales?: readonly number[];
  /** Output sizes per axis (see `keepAspectRatioPolicy`). */
  readonly sizes?: readonly number[];
  /** The axes `scales` or `sizes` refer to; default all. */
  readonly axes?: readonly number[];
  /** Interpolation; default `'nearest'`. losskit differentiates `nearest` and `linear`. */
  readonly mode?: 'nearest' | 'linear' | 'cubic';
  /** How an output coordinate maps to an input coordinate; default `'half_pixel'`. */
  readonly coordinateTransformationMode?: 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric' | 'tf_crop_and_resize';
  /** Rounding of `nearest`; default `'round_prefer_floor'`. */
  readonly nearestMode?: 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil';
  /** With `sizes`: keep the aspect ratio (`not_larger`, `not_smaller`) or not (`stretch`, default). */
  readonly keepAspectRatioPolicy?: 'stretch' | 'not_larger' | 'not_smaller';
  /** Antialiasing filter when shrinking (`linear`, `cubic`); default false. */
  readonly antialias?: boolean;
  /** `cubic` only: the coefficient a; default -0.75. */
  readonly cubicCoeffA?: number;
  /** Drop weights of taps outside the input and renormalise; default false. */
  readonly excludeOutside?: boolean;
  /** `tf_crop_and_resize` only: the value outside the input; default 0. */
  readonly extrapolationValue?: number;
}

/** Options of {@link GraphBuilder.initializer}. */
export interface InitializerOptions {
  /** `true`: a parameter; `false`: a constant; left out: undeclared (see `Tensor.trainable`). */
  readonly trainable?: boolean | undefined;
}

/** Options of {@link GraphBuilder.toModel}. */
export interface ToModelOptions {
  readonly irVersion?: number;
  readonly opsetImports?: readonly OpsetImport[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Options of {@link GraphBuilder.fromGraph}. */
export interface FromGraphOptions {
  /**
   * The default-domain opset the graph was written against; older forms are upgraded to opset 18
   * first (see `upgradeGraph`). Default: the graph is taken as opset 18.
   */
  readonly opset?: number;
  /**
   * Fold shape arithmetic on constants (Shape -> Gather -> Unsqueeze -> Concat chains) into
   * initializers. Default true.
   */
  readonly fold?: boolean;
  /** Model-local functions to keep (e.g. `model.functions`), so that `toModel` writes them back. */
  readonly functions?: readonly OnnxFunction[];
  /**
   * Called for every node before it is rebuilt; returning values (one per node output) replaces
   * the node by whatever the callback emitted into `g` (for example a training-mode
   * BatchNormalization lowered to primitive ops). Return `undefined` to keep the node.
   */
  readonly rewrite?: (g: GraphBuilder, node: Node, inputs: readonly (Value | undefined)[]) => readonly (Value | undefined)[] | undefined;
}

/** Options of {@link GraphBuilder.embed}. */
export interface EmbedOptions {
  /** The value each graph input takes, by input name (inputs that are initializers excepted). */
  readonly inputs: Readonly<Record<string, Value>>;
  /**
   * Prepended to the names of the embedded values and nodes, so that a graph embedded into
   * another (or twice) keeps its names apart; a name already taken gets a numbered suffix.
   * Default `''`: names are kept as they are.
   */
  readonly prefix?: string;
  /** Initializers become constants (never trained), as for a frozen network. Default: each keeps its mark. */
  readonly frozen?: boolean;
  /** As {@link FromGraphOptions.fold}. Default true. */
  readonly fold?: boolean;
  /** As {@link FromGraphOptions.rewrite}. */
  readonly rewrite?: FromGraphOptions['rewrite'];
}

/** Dims given for graph inputs whose declared shape is symbolic or missing. */
export type InputShapes = Readonly<Record<string, readonly number[]>>;

function valueInfo(v: Value): { name: string; dtype: DType; shape: readonly number[] } {
  return { name: v.name, dtype: v.dtype, shape: v.shape };
}

function flagAttr(value: boolean | undefined): Attribute | undefined {
  return value === undefined ? undefined : attr.int(value ? 1 : 0);
}

function intsOrUndefined(value: readonly number[] | undefined): Attribute | undefined {
  return value === undefined ? undefined : attr.ints(value);
}

function windowAttributes(options: ConvTransposeOptions & Partial<PoolOptions>): Record<string, Attribute> {
  return definedAttributes({
    strides: intsOrUndefined(options.strides),
    pads: intsOrUndefined(options.pads),
    dilations: intsOrUndefined(options.dilations),
    auto_pad: options.autoPad === undefined ? undefined : attr.string(options.autoPad),
    group: options.group === undefined ? undefined : attr.int(options.group),
    kernel_shape: intsOrUndefined(options.kernelShape),
    output_padding: intsOrUndefined(options.outputPadding),
    output_shape: intsOrUndefined(options.outputShape),
    ceil_mode: flagAttr(options.ceilMode),
    count_include_pad: flagAttr(options.countIncludePad),
  });
}

/** Throws {@link UnsupportedOperatorError} listing every operator of `graph` without shape inference. */
function checkShapeInference(graph: Graph): void {
  const unknown = graph.nodes.filter((n) => n.domain !== '' || !SHAPE_INFERENCE[n.op]).map((n) => (n.domain ? `${n.domain}.${n.op}` : n.op));
  if (unknown.length > 0) throw new UnsupportedOperatorError(unknown, `Graph "${graph.name}" uses operators losskit cannot infer shapes for`);
}

/**
 * Builds an ONNX graph with typed operator methods. Every method infers its output's dtype and
 * static shape immediately, so a shape error surfaces at the line that caused it, naming the
 * op and the shapes involved.
 *
 * ```ts
 * const g = new GraphBuilder('l1');
 * const p = g.input('prediction', 'float32', [2, 3]);
 * const t = g.input('target', 'float32', [2, 3]);
 * g.output(g.reduceMean(g.abs(g.sub(p, t)), { keepdims: false }), 'loss');
 * const bytes = encodeModel(g.toModel());
 * ```
 */
export class GraphBuilder {
  readonly name: string;
  private readonly nodeList: Node[] = [];
  private readonly valueMap = new Map<string, Value>();
  private readonly constantData = new Map<string, TypedArray>();
  private readonly initializerList: Tensor[] = [];
  private readonly inputList: Value[] = [];
  private readonly outputList: Value[] = [];
  private readonly constantCache = new Map<string, Value>();
  private readonly functionList: OnnxFunction[] = [];
  private readonly outer: GraphBuilder | undefined;
  private counter = 0;

  /**
   * `outer`: a builder whose values this one may use. A value of `outer` passed to an op becomes
   * an input of this graph (same name, dtype and shape), so code written against `outer` can be
   * captured as a self-contained subgraph, e.g. the body of an ONNX function.
   */
  constructor(name = 'losskit', options: { readonly outer?: GraphBuilder } = {}) {
    this.name = name;
    this.outer = options.outer;
  }

  // ---- graph structure -------------------------------------------------------------------

  /** The nodes added so far, in topological order. */
  get nodes(): readonly Node[] {
    return this.nodeList;
  }

  get inputs(): readonly Value[] {
    return this.inputList;
  }

  get outputs(): readonly Value[] {
    return this.outputList;
  }

  get initializers(): readonly Tensor[] {
    return this.initializerList;
  }

  /** Model-local ONNX functions added with {@link addFunction}; `toModel` writes them. */
  get functions(): readonly OnnxFunction[] {
    return this.functionList;
  }

  /** Adds a model-local ONNX function, replacing one of the same domain and name. */
  addFunction(fn: OnnxFunction): void {
    const index = this.functionList.findIndex((f) => f.domain === fn.domain && f.name === fn.name);
    if (index >= 0) this.functionList[index] = fn;
    else this.functionList.push(fn);
  }

  /** The value named `name`; throws when the graph has no such value. */
  value(name: string): Value {
    const value = this.valueMap.get(name);
    if (!value) throw new InvalidInputError('value name', `a value of graph "${this.name}"`, name);
    return value;
  }

  hasValue(name: string): boolean {
    return this.valueMap.has(name);
  }

  /** The data of a constant (initializer or `Constant` output), if `name` is one. */
  constantValue(name: string): TypedArray | undefined {
    return this.constantData.get(name);
  }

  /**
   * A name not used yet in this graph, starting with `prefix`. With an `outer` builder, not one
   * of its names either: a local value named like an outer one would hide it from capture.
   */
  uniqueName(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.valueMap.has(name) || this.outer?.hasValue(name));
    return name;
  }

  private register(value: Value): Value {
    if (this.valueMap.has(value.name)) {
      throw new InvalidInputError('value name', 'a name not used yet in this graph', value.name);
    }
    this.valueMap.set(value.name, value);
    return value;
  }

  /** Declares a graph input. */
  input(name: string, dtype: DType, shape: readonly number[]): Value {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) {
        throw new InvalidInputError(`dims of input "${name}"`, 'non-negative integers', [...shape]);
      }
    }
    const value = this.register({ name, dtype, shape: [...shape] });
    this.inputList.push(value);
    return value;
  }

  /**
   * Adds a named initializer holding `data` (referenced, not copied). `trainable` marks it a
   * parameter (`true`) or a constant (`false`); left out, it is undeclared, like an initializer
   * decoded from a file, and a trainer infers its role. Prefer {@link parameter} and
   * {@link constant}.
   */
  initializer(name: string, dtype: DType, dims: readonly number[], data: TypedArray, options: InitializerOptions = {}): Value {
    const value = this.register({ name, dtype, shape: [...dims] });
    const trainable = options.trainable === undefined ? {} : { trainable: options.trainable };
    this.initializerList.push({ name, dtype, dims: [...dims], data, ...trainable });
    this.constantData.set(name, data);
    return value;
  }

  /**
   * A trainable parameter: a named float initializer holding `data` (referenced, not copied),
   * marked so that a trainer updates it wherever the output depends on it through a gradient.
   */
  parameter(name: string, dtype: DType, dims: readonly number[], data: TypedArray): Value {
    if (!isFloat(dtype)) throw new InvalidInputError(`dtype of parameter "${name}"`, 'a float type (float32, float16, float64, bfloat16)', dtype);
    for (const d of dims) {
      if (!Number.isInteger(d) || d < 0) throw new InvalidInputError(`dims of parameter "${name}"`, 'non-negative integers', [...dims]);
    }
    const size = numel(dims);
    if (data.length !== size) {
      throw new InvalidInputError(`data of parameter "${name}"`, `${size} elements (dims [${dims.join(', ')}])`, `${data.length} elements`);
    }
    return this.initializer(name, dtype, dims, data, { trainable: true });
  }

  /**
   * A constant tensor, stored as an initializer marked not trainable (a trainer never updates
   * it, scalars included). Identical constants are shared. `data` may be a number (a scalar),
   * an array of numbers or a typed array.
   */
  constant(data: number | readonly number[] | TypedArray, dtype: DType = 'float32', dims?: readonly number[]): Value {
    const shape = dims ?? (typeof data === 'number' ? [] : [data.length]);
    const values = typeof data === 'number' ? [data] : data;
    const key = `${dtype}|${shape.join(',')}|${Array.from(values as ArrayLike<number | bigint>).join(',')}`;
    const cached = this.constantCache.get(key);
    if (cached) return cached;
    const Ctor = typedArrayFor(dtype);
    let array: TypedArray;
    if (ArrayBuffer.isView(values) && values.constructor === Ctor) array = values as TypedArray;
    else {
      array = new Ctor(values.length);
      const wide = array instanceof BigInt64Array || array instanceof BigUint64Array;
      for (let i = 0; i < values.length; i++) {
        const v = (values as ArrayLike<number | bigint>)[i]!;
        (array as unknown as (number | bigint)[])[i] = wide ? BigInt(v) : Number(v);
      }
    }
    const value = this.initializer(this.uniqueName('const'), dtype, shape, array, { trainable: false });
    this.constantCache.set(key, value);
    return value;
  }

  /** A 1-D int64 constant (axes, shapes, slice bounds). */
  int64s(values: readonly number[]): Value {
    return this.constant(values, 'int64', [values.length]);
  }

  /** A `Constant` node holding `data` (use {@link constant} unless a node is required). */
  constantNode(data: TypedArray, dtype: DType, dims: readonly number[]): Value {
    const name = this.uniqueName('constant');
    const tensor: Tensor = { name: '', dtype, dims: [...dims], data };
    const [value] = this.addNode('Constant', [], { value: attr.tensor(tensor) }, { outputNames: [name] });
    this.constantData.set(name, data);
    return value!;
  }

  private operand(x: Operand, like: DType): Value {
    return typeof x === 'number' ? this.constant(x, like) : x;
  }

  private operands(op: string, xs: readonly Operand[]): Value[] {
    const first = xs.find((x): x is Value => typeof x !== 'number');
    if (!first) throw new ShapeError(op, 'at least one operand must be a graph value, not a number');
    return xs.map((x) => this.operand(x, first.dtype));
  }

  /**
   * Adds a node and infers its outputs. Ops outside the default domain, or without shape
   * inference, need `outputTypes`.
   */
  addNode(
    op: string,
    inputs: readonly (Value | undefined)[],
    attributes: Readonly<Record<string, Attribute>> = {},
    options: {
      readonly domain?: string;
      readonly name?: string;
      readonly outputNames?: readonly string[];
      readonly outputTypes?: readonly TensorType[];
      /** Keep only the first outputs of an op with optional ones (MaxPool's Indices, Dropout's mask). */
      readonly outputCount?: number;
      readonly docString?: string;
    } = {},
  ): Value[] {
    for (const v of inputs) {
      if (v && !this.valueMap.has(v.name)) {
        const captured = this.outer?.valueMap.get(v.name);
        if (!captured) throw new InvalidInputError(`input "${v.name}" of ${op}`, `a value of graph "${this.name}"`, v.name);
        this.input(captured.name, captured.dtype, captured.shape);
        const data = this.outer!.constantData.get(captured.name);
        if (data) this.constantData.set(captured.name, data);
      }
    }
    const domain = options.domain ?? '';
    let types = options.outputTypes;
    if (!types) {
      const infer = domain === '' ? SHAPE_INFERENCE[op] : undefined;
      if (!infer) throw new UnsupportedOperatorError([op], 'No shape inference for operator (pass outputTypes)');
      types = infer({
        op,
        inputs: inputs.map((v) => (v ? { dtype: v.dtype, shape: v.shape } : undefined)),
        attributes,
        constant: (index) => {
          const v = inputs[index];
          return v ? this.constantData.get(v.name) : undefined;
        },
      });
    }
    if (options.outputCount !== undefined && options.outputCount < types.length) types = types.slice(0, options.outputCount);
    const prefix = op.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));
    const outputs = types.map((type, i) =>
      this.register({ name: options.outputNames?.[i] ?? this.uniqueName(prefix), dtype: type.dtype, shape: [...type.shape] }),
    );
    this.nodeList.push({
      op,
      domain,
      name: options.name ?? `${op}_${this.nodeList.length}`,
      inputs: inputs.map((v) => v?.name ?? ''),
      outputs: outputs.map((v) => v.name),
      attributes,
      ...(options.docString ? { docString: options.docString } : {}),
    });
    return outputs;
  }

  private unary(op: string, x: Value, attributes: Record<string, Attribute> = {}): Value {
    return this.addNode(op, [x], attributes)[0]!;
  }

  private binary(op: string, a: Operand, b: Operand): Value {
    return this.addNode(op, this.operands(op, [a, b]))[0]!;
  }

  /** Marks `value` as a graph output, renaming it through an `Identity` node when `name` differs. */
  output(value: Value, name?: string): Value {
    let out = value;
    if (name !== undefined && name !== value.name) {
      out = this.addNode('Identity', [value], {}, { outputNames: [name] })[0]!;
    }
    this.outputList.push(out);
    return out;
  }

  /** A snapshot of the graph as ONNX IR. */
  toGraph(): Graph {
    return {
      name: this.name,
      nodes: [...this.nodeList],
      inputs: this.inputList.map(valueInfo),
      outputs: this.outputList.map(valueInfo),
      initializers: [...this.initializerList],
      valueInfo: [],
    };
  }

  /** The graph wrapped in a model (IR 8, opset 18 unless told otherwise). */
  toModel(options: ToModelOptions = {}): Model {
    const opsets = options.opsetImports ?? [{ domain: '', version: DEFAULT_OPSET }];
    // A function's domain must be imported for the model to be valid ONNX.
    const functionDomains = [...new Set(this.functionList.map((f) => f.domain))].filter((d) => !opsets.some((o) => o.domain === d));
    return {
      irVersion: options.irVersion ?? DEFAULT_IR_VERSION,
      opsetImports: [...opsets, ...functionDomains.map((domain) => ({ domain, version: 1 }))],
      producerName: options.producerName ?? 'losskit',
      producerVersion: options.producerVersion ?? '',
      domain: '',
      modelVersion: 0,
      docString: options.docString ?? '',
      graph: this.toGraph(),
      functions: [...this.functionList],
      metadata: options.metadata ?? {},
    };
  }

  /**
   * Rebuilds a decoded graph, inferring every value's static shape. Inputs with symbolic or
   * missing dims need concrete ones in `inputShapes`. Throws {@link UnsupportedOperatorError}
   * listing every operator that has no shape inference.
   */
  static fromGraph(graph: Graph, inputShapes: InputShapes = {}, options: FromGraphOptions = {}): GraphBuilder {
    if (options.opset !== undefined) graph = upgradeGraph(graph, options.opset);
    checkShapeInference(graph);
    const g = new GraphBuilder(graph.name);
    const initializerNames = new Set(graph.initializers.map((t) => t.name));
    const inputs: Record<string, Value> = {};
    for (const input of graph.inputs) {
      if (initializerNames.has(input.name)) continue;
      const dims = inputShapes[input.name] ?? input.shape;
      if (!dims || dims.some((d) => typeof d !== 'number' || d < 0)) {
        throw new InvalidInputError(
          `inputShapes["${input.name}"]`,
          `concrete dims for input "${input.name}" (declared ${dims ? `[${dims.join(', ')}]` : 'without a shape'})`,
          inputShapes[input.name],
        );
      }
      inputs[input.name] = g.input(input.name, input.dtype, dims as number[]);
    }
    g.embed(graph, { inputs, ...(options.fold === undefined ? {} : { fold: options.fold }), ...(options.rewrite ? { rewrite: options.rewrite } : {}) });
    for (const output of graph.outputs) g.outputList.push(g.value(output.name));
    for (const fn of options.functions ?? []) g.addFunction(fn);
    return g;
  }

  /**
   * Adds the nodes and initializers of `graph` (in opset-18 forms) to this builder, its inputs
   * taking the given values, and returns the embedded value of each of its value names. The one
   * way a decoded graph enters a builder: {@link fromGraph} rebuilds a model with it, and a loss
   * runs a user's frozen network inside its own graph with it (perceptual losses). Graph outputs
   * are not marked as outputs of this builder. Throws {@link UnsupportedOperatorError} listing
   * every operator without shape inference.
   */
  embed(graph: Graph, options: EmbedOptions): ReadonlyMap<string, Value> {
    checkShapeInference(graph);
    const prefix = options.prefix ?? '';
    const values = new Map<string, Value>();
    const rename = (name: string): string => {
      if (prefix === '' || name === '') return name;
      const wanted = `${prefix}${name}`;
      return this.hasValue(wanted) ? this.uniqueName(wanted) : wanted;
    };
    const lookup = (name: string): Value => {
      const value = values.get(name);
      if (!value) throw new InvalidInputError('value name', `a value of graph "${graph.name}"`, name);
      return value;
    };
    const initializerNames = new Set(graph.initializers.map((t) => t.name));
    for (const input of graph.inputs) {
      if (initializerNames.has(input.name)) continue;
      const given = options.inputs[input.name];
      if (!given) throw new InvalidInputError(`inputs["${input.name}"]`, `the value graph "${graph.name}" takes as input "${input.name}"`, undefined);
      values.set(input.name, given);
    }
    for (const t of graph.initializers) {
      const trainable = options.frozen ? false : t.trainable;
      values.set(t.name, this.initializer(rename(t.name), t.dtype, t.dims, t.data as TypedArray, { trainable }));
    }
    for (const node of graph.nodes) {
      const inputs = node.inputs.map((name) => (name === '' ? undefined : lookup(name)));
      const outputNames = node.outputs.map(rename);
      const replaced = options.rewrite?.(this, node, inputs);
      if (replaced) {
        replaced.forEach((value, i) => {
          const name = outputNames[i];
          if (name && value) values.set(node.outputs[i]!, this.alias(value, name));
        });
        continue;
      }
      const folded = options.fold !== false ? this.fold(node, inputs, outputNames) : undefined;
      const outputs =
        folded ??
        this.addNode(node.op, inputs, node.attributes, {
          name: node.name && `${prefix}${node.name}`,
          outputNames,
          outputCount: node.outputs.length,
          ...(node.docString ? { docString: node.docString } : {}),
        });
      if (!folded && node.op === 'Constant') {
        const value = node.attributes.value;
        if (value?.type === 'tensor') this.constantData.set(outputs[0]!.name, value.value.data as TypedArray);
      }
      node.outputs.forEach((name, i) => values.set(name, outputs[i]!));
    }
    return values;
  }

  /**
   * Replaces a node of {@link FOLDABLE_OPS} whose inputs are constants by initializers holding
   * its results, named `names`. Returns them, or `undefined` when the node does not fold.
   */
  private fold(node: Node, inputs: readonly (Value | undefined)[], names: readonly string[]): Value[] | undefined {
    if (node.domain !== '' || !FOLDABLE_OPS.has(node.op)) return undefined;
    const infer = SHAPE_INFERENCE[node.op]!;
    const inputTypes = inputs.map((v) => (v ? { dtype: v.dtype, shape: v.shape } : undefined));
    const data = inputs.map((v) => (v ? this.constantData.get(v.name) : undefined));
    let types: TensorType[];
    try {
      types = infer({ op: node.op, inputs: inputTypes, attributes: node.attributes, constant: (i) => data[i] });
    } catch {
      return undefined;
    }
    const folded = foldNode(node, data, inputTypes, types);
    if (!folded) return undefined;
    // Computed from constants: training the result would not train what it came from.
    return folded.map((array, i) => this.initializer(names[i]!, types[i]!.dtype, types[i]!.shape, array, { trainable: false }));
  }

  /** Gives `value` a second name `name` (an Identity node), for rewrites that keep a node's output names. */
  alias(value: Value, name: string): Value {
    const [out] = this.addNode('Identity', [value], {}, { outputNames: [name] });
    const data = this.constantData.get(value.name);
    if (data) this.constantData.set(name, data);
    return out!;
  }

  // ---- elementwise -------------------------------------------------------------------------

  add(a: Operand, b: Operand): Value {
    return this.binary('Add', a, b);
  }
  sub(a: Operand, b: Operand): Value {
    return this.binary('Sub', a, b);
  }
  mul(a: Operand, b: Operand): Value {
    return this.binary('Mul', a, b);
  }
  div(a: Operand, b: Operand): Value {
    return this.binary('Div', a, b);
  }
  pow(base: Value, exponent: Operand): Value {
    return this.addNode('Pow', [base, this.operand(exponent, base.dtype)])[0]!;
  }
  /** Elementwise maximum of any number of operands (broadcasting). */
  max(...xs: Operand[]): Value {
    return this.addNode('Max', this.operands('Max', xs))[0]!;
  }
  /** Elementwise minimum of any number of operands (broadcasting). */
  min(...xs: Operand[]): Value {
    return this.addNode('Min', this.operands('Min', xs))[0]!;
  }
  neg(x: Value): Value {
    return this.unary('Neg', x);
  }
  abs(x: Value): Value {
    return this.unary('Abs', x);
  }
  sqrt(x: Value): Value {
    return this.unary('Sqrt', x);
  }
  exp(x: Value): Value {
    return this.unary('Exp', x);
  }
  log(x: Value): Value {
    return this.unary('Log', x);
  }
  reciprocal(x: Value): Value {
    return this.unary('Reciprocal', x);
  }
  floor(x: Value): Value {
    return this.unary('Floor', x);
  }
  relu(x: Value): Value {
    return this.unary('Relu', x);
  }
  leakyRelu(x: Value, alpha = 0.01): Value {
    return this.unary('LeakyRelu', x, { alpha: attr.float(alpha) });
  }
  sigmoid(x: Value): Value {
    return this.unary('Sigmoid', x);
  }
  tanh(x: Value): Value {
    return this.unary('Tanh', x);
  }
  softplus(x: Value): Value {
    return this.unary('Softplus', x);
  }
  identity(x: Value): Value {
    return this.unary('Identity', x);
  }
  not(x: Value): Value {
    return this.unary('Not', x);
  }
  /** Clamps `x` to `[min, max]`; either bound may be left out. */
  clip(x: Value, min?: Operand, max?: Operand): Value {
    const bound = (v: Operand | undefined) => (v === undefined ? undefined : this.operand(v, x.dtype));
    return this.addNode('Clip', [x, bound(min), bound(max)].slice(0, max === undefined ? (min === undefined ? 1 : 2) : 3))[0]!;
  }
  /** `condition ? a : b`, elementwise with broadcasting. */
  where(condition: Value, a: Operand, b: Operand): Value {
    const [va, vb] = this.operands('Where', [a, b]);
    return this.addNode('Where', [condition, va, vb])[0]!;
  }
  greater(a: Operand, b: Operand): Value {
    return this.binary('Greater', a, b);
  }
  less(a: Operand, b: Operand): Value {
    return this.binary('Less', a, b);
  }
  equal(a: Operand, b: Operand): Value {
    return this.binary('Equal', a, b);
  }
  greaterOrEqual(a: Operand, b: Operand): Value {
    return this.binary('GreaterOrEqual', a, b);
  }
  lessOrEqual(a: Operand, b: Operand): Value {
    return this.binary('LessOrEqual', a, b);
  }
  and(a: Value, b: Value): Value {
    return this.binary('And', a, b);
  }
  cast(x: Value, to: DType): Value {
    return x.dtype === to ? x : this.unary('Cast', x, { to: attr.int(ONNX_DTYPE_CODES[to]) });
  }

  // ---- reductions --------------------------------------------------------------------------

  private reduce(op: string, x: Value, options: ReduceOptions): Value {
    const axes = options.axes && options.axes.length > 0 ? this.int64s(options.axes) : undefined;
    const attributes: Record<string, Attribute> =
      options.keepdims === undefined ? {} : { keepdims: attr.int(options.keepdims ? 1 : 0) };
    return this.addNode(op, axes ? [x, axes] : [x], attributes)[0]!;
  }
  reduceSum(x: Value, options: ReduceOptions = {}): Value {
    return this.reduce('ReduceSum', x, options);
  }
  reduceMean(x: Value, options: ReduceOptions = {}): Value {
    return this.reduce('ReduceMean', x, options);
  }
  reduceMax(x: Value, options: ReduceOptions = {}): Value {
    return this.reduce('ReduceMax', x, options);
  }
  reduceMin(x: Value, options: ReduceOptions = {}): Value {
    return this.reduce('ReduceMin', x, options);
  }

  // ---- shape -------------------------------------------------------------------------------

  reshape(x: Value, shape: readonly number[]): Value {
    return this.addNode('Reshape', [x, this.int64s(shape)])[0]!;
  }
  transpose(x: Value, perm?: readonly number[]): Value {
    return this.unary('Transpose', x, perm ? { perm: attr.ints(perm) } : {});
  }
  slice(x: Value, options: SliceOptions): Value {
    const inputs = [x, this.int64s(options.starts), this.int64s(options.ends)];
    if (options.axes || options.steps) inputs.push(this.int64s(options.axes ?? options.starts.map((_, i) => i)));
    if (options.steps) inputs.push(this.int64s(options.steps));
    return this.addNode('Slice', inputs)[0]!;
  }
  concat(xs: readonly Value[], axis: number): Value {
    return this.addNode('Concat', xs, { axis: attr.int(axis) })[0]!;
  }
  /** `x` indexed along `axis` by integer `indices` (ONNX Gather). */
  gather(x: Value, indices: Value, axis = 0): Value {
    return this.addNode('Gather', [x, indices], { axis: attr.int(axis) })[0]!;
  }
  /** `out[..., i, ...] = x[..., indices[..., i, ...], ...]` along `axis`; `indices` has `x`'s rank (ONNX GatherElements). */
  gatherElements(x: Value, indices: Value, axis = 0): Value {
    return this.addNode('GatherElements', [x, indices], { axis: attr.int(axis) })[0]!;
  }
  /** A copy of `data` with `updates` written at `indices` along `axis`, GatherElements' inverse (ONNX ScatterElements, no reduction). */
  scatterElements(data: Value, indices: Value, updates: Value, axis = 0): Value {
    return this.addNode('ScatterElements', [data, indices, updates], { axis: attr.int(axis) })[0]!;
  }
  unsqueeze(x: Value, axes: readonly number[]): Value {
    return this.addNode('Unsqueeze', [x, this.int64s(axes)])[0]!;
  }
  squeeze(x: Value, axes?: readonly number[]): Value {
    return this.addNode('Squeeze', axes ? [x, this.int64s(axes)] : [x])[0]!;
  }
  expand(x: Value, shape: readonly number[]): Value {
    return this.addNode('Expand', [x, this.int64s(shape)])[0]!;
  }
  flatten(x: Value, axis = 1): Value {
    return this.unary('Flatten', x, { axis: attr.int(axis) });
  }
  shape(x: Value): Value {
    return this.unary('Shape', x);
  }
  /** Splits `x` along `axis` into pieces of the given sizes. */
  split(x: Value, sizes: readonly number[], axis = 0): Value[] {
    return this.addNode('Split', [x, this.int64s(sizes)], { axis: attr.int(axis) });
  }
  /** Constant padding (`pads` as ONNX orders them: all begins, then all ends). */
  pad(x: Value, pads: readonly number[], value = 0): Value {
    return this.addNode('Pad', [x, this.int64s(pads), this.constant(value, x.dtype)])[0]!;
  }

  // ---- neural network ----------------------------------------------------------------------

  matMul(a: Value, b: Value): Value {
    return this.addNode('MatMul', [a, b])[0]!;
  }
  /** Einstein summation over `operands` (`'bhqd,bhkd->bhqk'`; `...` and the implicit output as ONNX defines them). */
  einsum(equation: string, ...operands: Value[]): Value {
    return this.addNode('Einsum', operands, { equation: attr.string(equation) })[0]!;
  }
  /** `alpha * A' B' + beta * C` with optional transposes. */
  gemm(a: Value, b: Value, c?: Value, options: GemmOptions = {}): Value {
    const attributes = definedAttributes({
      alpha: options.alpha === undefined ? undefined : attr.float(options.alpha),
      beta: options.beta === undefined ? undefined : attr.float(options.beta),
      transA: flagAttr(options.transA),
      transB: flagAttr(options.transB),
    });
    return this.addNode('Gemm', c ? [a, b, c] : [a, b], attributes)[0]!;
  }
  conv(x: Value, w: Value, bias?: Value, options: ConvOptions = {}): Value {
    return this.addNode('Conv', bias ? [x, w, bias] : [x, w], windowAttributes(options))[0]!;
  }
  convTranspose(x: Value, w: Value, bias?: Value, options: ConvTransposeOptions = {}): Value {
    return this.addNode('ConvTranspose', bias ? [x, w, bias] : [x, w], windowAttributes(options))[0]!;
  }
  /** MaxPool without its optional Indices output (which the WebGPU provider does not compute). */
  maxPool(x: Value, options: PoolOptions): Value {
    return this.addNode('MaxPool', [x], windowAttributes(options), { outputCount: 1 })[0]!;
  }
  /**
   * BatchNormalization in inference mode: `(x - mean) / sqrt(variance + epsilon) * scale + bias`
   * over axis 1 (training mode has its own lowering in `@losskit/train`).
   */
  batchNormalization(x: Value, scale: Value, bias: Value, mean: Value, variance: Value, epsilon = 1e-5): Value {
    return this.addNode('BatchNormalization', [x, scale, bias, mean, variance], { epsilon: attr.float(epsilon) })[0]!;
  }
  /** LayerNormalization over the axes from `axis` on (its Y output only). */
  layerNormalization(x: Value, scale: Value, bias?: Value, axis = -1, epsilon = 1e-5): Value {
    const inputs = bias ? [x, scale, bias] : [x, scale];
    return this.addNode('LayerNormalization', inputs, { axis: attr.int(axis), epsilon: attr.float(epsilon) }, { outputCount: 1 })[0]!;
  }
  /** InstanceNormalization: per sample and channel over the spatial axes, per-channel scale and bias. */
  instanceNormalization(x: Value, scale: Value, bias: Value, epsilon = 1e-5): Value {
    return this.addNode('InstanceNormalization', [x, scale, bias], { epsilon: attr.float(epsilon) })[0]!;
  }
  logSoftmax(x: Value, axis = -1): Value {
    return this.unary('LogSoftmax', x, { axis: attr.int(axis) });
  }
  erf(x: Value): Value {
    return this.unary('Erf', x);
  }
  hardSigmoid(x: Value, alpha = 0.2, beta = 0.5): Value {
    return this.unary('HardSigmoid', x, { alpha: attr.float(alpha), beta: attr.float(beta) });
  }
  hardSwish(x: Value): Value {
    return this.unary('HardSwish', x);
  }
  averagePool(x: Value, options: PoolOptions): Value {
    return this.addNode('AveragePool', [x], windowAttributes(options))[0]!;
  }
  globalAveragePool(x: Value): Value {
    return this.unary('GlobalAveragePool', x);
  }
  /**
   * ONNX Resize (opset 18): nearest, linear or cubic interpolation to `scales` or `sizes`.
   * The `roi` input is left out (it only matters for `tf_crop_and_resize`).
   */
  resize(x: Value, options: ResizeOptions): Value {
    const attributes = definedAttributes({
      mode: options.mode === undefined ? undefined : attr.string(options.mode),
      coordinate_transformation_mode:
        options.coordinateTransformationMode === undefined ? undefined : attr.string(options.coordinateTransformationMode),
      nearest_mode: options.nearestMode === undefined ? undefined : attr.string(options.nearestMode),
      keep_aspect_ratio_policy: options.keepAspectRatioPolicy === undefined ? undefined : attr.string(options.keepAspectRatioPolicy),
      axes: intsOrUndefined(options.axes),
      antialias: flagAttr(options.antialias),
      cubic_coeff_a: options.cubicCoeffA === undefined ? undefined : attr.float(options.cubicCoeffA),
      exclude_outside: flagAttr(options.excludeOutside),
      extrapolation_value: options.extrapolationValue === undefined ? undefined : attr.float(options.extrapolationValue),
    });
    if ((options.scales === undefined) === (options.sizes === undefined)) {
      throw new InvalidInputError('resize options', 'exactly one of scales and sizes', { scales: options.scales, sizes: options.sizes });
    }
    const inputs = options.scales
      ? [x, undefined, this.constant(options.scales, 'float32', [options.scales.length])]
      : [x, undefined, undefined, this.int64s(options.sizes!)];
    return this.addNode('Resize', inputs, attributes)[0]!;
  }
  softmax(x: Value, axis = -1): Value {
    return this.unary('Softmax', x, { axis: attr.int(axis) });
  }
}
