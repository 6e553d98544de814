import { type DType, dtypeFromCode } from '../dtype';
import { InvalidOptionError, ModelFormatError, describeValue } from '../errors';
import type {
  Attribute,
  Dim,
  Graph,
  Model,
  Node,
  OnnxFunction,
  OpsetImport,
  OutputInfo,
  Tensor,
  ValueInfo,
} from '../ir';
import { decodeTensor, stringEntry } from './decode-tensor';
import { ProtoReader } from './reader';
import {
  ATTRIBUTE,
  ATTRIBUTE_TYPE,
  DIMENSION,
  FUNCTION,
  GRAPH,
  MODEL,
  NODE,
  OPSET_ID,
  SHAPE,
  TENSOR_TYPE,
  TYPE,
  VALUE_INFO,
} from './schema';

const utf8 = new TextDecoder();

/** Options of {@link decodeModel}. */
export interface DecodeOptions {
  /**
   * Loads an external data file named by a tensor (`location`, relative to the model file).
   * Without it, external tensors keep their `external` reference and no data.
   */
  readonly externalData?: (location: string) => Uint8Array;
}

/**
 * Graphs nest inside attributes (If, Loop, Scan bodies). Real models nest a few levels; a file
 * that nests deeper is hostile or broken, and following it would overflow the call stack.
 */
const MAX_GRAPH_DEPTH = 32;

/** What every decoder below needs: the caller's options and how deep in subgraphs it is. */
interface DecodeContext {
  readonly externalData: DecodeOptions['externalData'];
  readonly depth: number;
}

function opsetImport(r: ProtoReader): OpsetImport {
  let domain = '';
  let version = 0;
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === OPSET_ID.domain) domain = r.string();
    else if (field === OPSET_ID.version) version = r.int();
    else r.skip(wire);
  }
  return { domain, version };
}

/** A `ValueInfoProto` as read, before its role decides whether a missing type is allowed. */
interface ValueInfoFields {
  readonly name: string;
  readonly docString: string | undefined;
  /** `'missing'`: no type, or a `TypeProto` with no kind of type set (ONNX Runtime reads both alike). */
  readonly typeKind: string;
  readonly dtype: DType | undefined;
  readonly shape: Dim[] | undefined;
  readonly unknown: Uint8Array[];
}

function readShape(r: ProtoReader): Dim[] {
  const shape: Dim[] = [];
  while (!r.done) {
    const s = r.key();
    if (s.field !== SHAPE.dim) {
      r.skip(s.wire);
      continue;
    }
    const dimReader = r.message();
    let dim: Dim = '?';
    while (!dimReader.done) {
      const d = dimReader.key();
      if (d.field === DIMENSION.value) dim = dimReader.int();
      else if (d.field === DIMENSION.param) dim = dimReader.string();
      else dimReader.skip(d.wire); // denotation
    }
    shape.push(dim);
  }
  return shape;
}

function readValueInfo(r: ProtoReader): ValueInfoFields {
  let name = '';
  let docString: string | undefined;
  let code = 0;
  let shape: Dim[] | undefined;
  let typeKind = 'missing';
  // A type field with no kind of type set (Silero VAD's `type {}`): written back as it came.
  let emptyType: Uint8Array | undefined;
  const unknown: Uint8Array[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === VALUE_INFO.name) name = r.string();
    else if (field === VALUE_INFO.docString) docString = r.string();
    else if (field === VALUE_INFO.type) {
      const whole = r.keep(wire);
      const outer = new ProtoReader(whole);
      outer.key();
      const type = outer.message();
      emptyType ??= whole;
      while (!type.done) {
        const t = type.key();
        if (t.field === TYPE.denotation) {
          type.skip(t.wire);
          continue;
        }
        if (t.field !== TYPE.tensorType) {
          typeKind = `field ${t.field}`;
          type.skip(t.wire);
          continue;
        }
        typeKind = 'tensor';
        const tensorType = type.message();
        while (!tensorType.done) {
          const tt = tensorType.key();
          if (tt.field === TENSOR_TYPE.elemType) code = tensorType.int();
          else if (tt.field === TENSOR_TYPE.shape) shape = readShape(tensorType.message());
          else tensorType.skip(tt.wire);
        }
      }
    } else unknown.push(r.keep(wire));
  }
  if (typeKind === 'missing' && emptyType) unknown.unshift(emptyType);
  const dtype = dtypeFromCode(code);
  if (!dtype && code !== 0) throw new ModelFormatError(`Value "${name}" has ONNX data type ${code}, which losskit does not support`);
  if (typeKind !== 'tensor' && typeKind !== 'missing') {
    throw new ModelFormatError(`Value "${name}" is not a tensor (type ${typeKind}); losskit handles tensor values only`);
  }
  return { name, docString, typeKind, dtype, shape, unknown };
}

function extras(docString: string | undefined, unknown: readonly Uint8Array[]): { docString?: string; unknownFields?: readonly Uint8Array[] } {
  return { ...(docString ? { docString } : {}), ...(unknown.length > 0 ? { unknownFields: unknown } : {}) };
}

/**
 * The value as a typed {@link ValueInfo}. No type, or an element type left at 0 (undefined, which
 * ONNX Runtime refuses wherever it appears), is a `ModelFormatError` naming the value and its role.
 */
function typed(info: ValueInfoFields, role: 'input' | 'output' | 'value_info'): ValueInfo {
  if (!info.dtype) {
    throw new ModelFormatError(
      `Graph ${role} "${info.name}" has no element type; expected a tensor type with elem_type set (e.g. 1 for float32), received ${info.typeKind === 'missing' ? 'no type' : 'elem_type 0 (undefined)'}`,
    );
  }
  return { name: info.name, dtype: info.dtype, shape: info.shape, ...extras(info.docString, info.unknown) };
}

/** A graph input: ONNX Runtime needs its type to accept a feed, so it must have one. */
function decodeInput(r: ProtoReader): ValueInfo {
  return typed(readValueInfo(r), 'input');
}

/**
 * A graph output may leave its type out (the ONNX checker allows it in subgraphs, and ONNX
 * Runtime infers it in any graph): Silero VAD's `If` branches do. A tensor type without an
 * element type is still an error, as it is in ONNX Runtime.
 */
function decodeOutput(r: ProtoReader): OutputInfo {
  const info = readValueInfo(r);
  if (info.typeKind === 'missing') return { name: info.name, dtype: undefined, shape: undefined, ...extras(info.docString, info.unknown) };
  return typed(info, 'output');
}

/** A `value_info` entry without a type says nothing and is dropped (`undefined`). */
function decodeIntermediate(r: ProtoReader): ValueInfo | undefined {
  const info = readValueInfo(r);
  return info.typeKind === 'missing' ? undefined : typed(info, 'value_info');
}

function inferAttributeType(a: { f?: number; i?: number; s?: Uint8Array; t?: Tensor; g?: Graph; floats: number[]; ints: number[]; strings: string[]; tensors: Tensor[]; graphs: Graph[] }): number {
  if (a.floats.length) return ATTRIBUTE_TYPE.floats;
  if (a.ints.length) return ATTRIBUTE_TYPE.ints;
  if (a.strings.length) return ATTRIBUTE_TYPE.strings;
  if (a.tensors.length) return ATTRIBUTE_TYPE.tensors;
  if (a.graphs.length) return ATTRIBUTE_TYPE.graphs;
  if (a.t) return ATTRIBUTE_TYPE.tensor;
  if (a.g) return ATTRIBUTE_TYPE.graph;
  if (a.s) return ATTRIBUTE_TYPE.string;
  if (a.f !== undefined) return ATTRIBUTE_TYPE.float;
  return ATTRIBUTE_TYPE.int;
}

function decodeAttribute(r: ProtoReader, ctx: DecodeContext): [string, Attribute] {
  let name = '';
  let type = 0;
  let refAttrName: string | undefined;
  const a = {
    f: undefined as number | undefined,
    i: undefined as number | undefined,
    s: undefined as Uint8Array | undefined,
    t: undefined as Tensor | undefined,
    g: undefined as Graph | undefined,
    floats: [] as number[],
    ints: [] as number[],
    strings: [] as string[],
    tensors: [] as Tensor[],
    graphs: [] as Graph[],
  };
  while (!r.done) {
    const { field, wire } = r.key();
    switch (field) {
      case ATTRIBUTE.name:
        name = r.string();
        break;
      case ATTRIBUTE.type:
        type = r.int();
        break;
      case ATTRIBUTE.refAttrName:
        refAttrName = r.string();
        break;
      case ATTRIBUTE.f:
        a.f = r.float();
        break;
      case ATTRIBUTE.i:
        a.i = r.int();
        break;
      case ATTRIBUTE.s:
        a.s = r.bytes();
        break;
      case ATTRIBUTE.t:
        a.t = decodeTensor(r.message(), ctx.externalData);
        break;
      case ATTRIBUTE.g:
        a.g = decodeGraph(r.message(), ctx);
        break;
      case ATTRIBUTE.floats:
        r.floats(wire, a.floats);
        break;
      case ATTRIBUTE.ints:
        r.ints(wire, a.ints);
        break;
      case ATTRIBUTE.strings:
        a.strings.push(r.string());
        break;
      case ATTRIBUTE.tensors:
        a.tensors.push(decodeTensor(r.message(), ctx.externalData));
        break;
      case ATTRIBUTE.graphs:
        a.graphs.push(decodeGraph(r.message(), ctx));
        break;
      default:
        r.skip(wire);
    }
  }
  if (refAttrName !== undefined) return [name, { type: 'ref', value: refAttrName, refType: type }];
  if (type === 0) type = inferAttributeType(a);
  switch (type) {
    case ATTRIBUTE_TYPE.float:
      return [name, { type: 'float', value: a.f ?? 0 }];
    case ATTRIBUTE_TYPE.int:
      return [name, { type: 'int', value: a.i ?? 0 }];
    case ATTRIBUTE_TYPE.string:
      return [name, { type: 'string', value: utf8.decode(a.s ?? new Uint8Array()) }];
    case ATTRIBUTE_TYPE.tensor:
      if (!a.t) throw new ModelFormatError(`Tensor attribute "${name}" has no tensor`);
      return [name, { type: 'tensor', value: a.t }];
    case ATTRIBUTE_TYPE.graph:
      if (!a.g) throw new ModelFormatError(`Graph attribute "${name}" has no graph`);
      return [name, { type: 'graph', value: a.g }];
    case ATTRIBUTE_TYPE.floats:
      return [name, { type: 'floats', value: a.floats }];
    case ATTRIBUTE_TYPE.ints:
      return [name, { type: 'ints', value: a.ints }];
    case ATTRIBUTE_TYPE.strings:
      return [name, { type: 'strings', value: a.strings }];
    case ATTRIBUTE_TYPE.tensors:
      return [name, { type: 'tensors', value: a.tensors }];
    case ATTRIBUTE_TYPE.graphs:
      return [name, { type: 'graphs', value: a.graphs }];
    default:
      throw new ModelFormatError(`Attribute "${name}" has type ${type}, which losskit does not support`);
  }
}

function decodeNode(r: ProtoReader, ctx: DecodeContext): Node {
  const inputs: string[] = [];
  const outputs: string[] = [];
  const attributes: Record<string, Attribute> = {};
  let op = '';
  let name = '';
  let domain = '';
  let docString: string | undefined;
  let overload: string | undefined;
  const unknown: Uint8Array[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    switch (field) {
      case NODE.input:
        inputs.push(r.string());
        break;
      case NODE.output:
        outputs.push(r.string());
        break;
      case NODE.name:
        name = r.string();
        break;
      case NODE.opType:
        op = r.string();
        break;
      case NODE.domain:
        domain = r.string();
        break;
      case NODE.docString:
        docString = r.string();
        break;
      case NODE.overload:
        overload = r.string();
        break;
      case NODE.attribute: {
        const [attrName, attribute] = decodeAttribute(r.message(), ctx);
        attributes[attrName] = attribute;
        break;
      }
      default:
        unknown.push(r.keep(wire));
    }
  }
  // "ai.onnx" is an alias of the default domain.
  if (domain === 'ai.onnx') domain = '';
  return { op, domain, name, inputs, outputs, attributes, ...(overload ? { overload } : {}), ...extras(docString, unknown) };
}

function decodeGraph(r: ProtoReader, outer: DecodeContext): Graph {
  if (outer.depth >= MAX_GRAPH_DEPTH) {
    throw new ModelFormatError(`Graphs nest deeper than ${MAX_GRAPH_DEPTH} levels (subgraphs in attributes); expected a real model`);
  }
  const ctx: DecodeContext = { ...outer, depth: outer.depth + 1 };
  const nodes: Node[] = [];
  const inputs: ValueInfo[] = [];
  const outputs: OutputInfo[] = [];
  const initializers: Tensor[] = [];
  const valueInfo: ValueInfo[] = [];
  let name = '';
  let docString: string | undefined;
  const unknown: Uint8Array[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    switch (field) {
      case GRAPH.node:
        nodes.push(decodeNode(r.message(), ctx));
        break;
      case GRAPH.name:
        name = r.string();
        break;
      case GRAPH.initializer:
        initializers.push(decodeTensor(r.message(), ctx.externalData));
        break;
      case GRAPH.docString:
        docString = r.string();
        break;
      case GRAPH.input:
        inputs.push(decodeInput(r.message()));
        break;
      case GRAPH.output:
        outputs.push(decodeOutput(r.message()));
        break;
      case GRAPH.valueInfo: {
        const info = decodeIntermediate(r.message());
        if (info) valueInfo.push(info);
        break;
      }
      case GRAPH.sparseInitializer:
        throw new ModelFormatError(`Graph "${name}" has sparse initializers, which losskit does not support`);
      default:
        unknown.push(r.keep(wire));
    }
  }
  return { name, nodes, inputs, outputs, initializers, valueInfo, ...extras(docString, unknown) };
}

function decodeFunction(r: ProtoReader, ctx: DecodeContext): OnnxFunction {
  const fn = {
    name: '',
    domain: '',
    inputs: [] as string[],
    outputs: [] as string[],
    attributes: [] as string[],
    nodes: [] as Node[],
    opsetImports: [] as OpsetImport[],
  };
  let docString: string | undefined;
  let overload: string | undefined;
  const defaults: Record<string, Attribute> = {};
  const unknown: Uint8Array[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === FUNCTION.name) fn.name = r.string();
    else if (field === FUNCTION.domain) fn.domain = r.string();
    else if (field === FUNCTION.input) fn.inputs.push(r.string());
    else if (field === FUNCTION.output) fn.outputs.push(r.string());
    else if (field === FUNCTION.attribute) fn.attributes.push(r.string());
    else if (field === FUNCTION.node) fn.nodes.push(decodeNode(r.message(), ctx));
    else if (field === FUNCTION.opsetImport) fn.opsetImports.push(opsetImport(r.message()));
    else if (field === FUNCTION.docString) docString = r.string();
    else if (field === FUNCTION.overload) overload = r.string();
    else if (field === FUNCTION.attributeProto) {
      const [attrName, attribute] = decodeAttribute(r.message(), ctx);
      defaults[attrName] = attribute;
    } else unknown.push(r.keep(wire));
  }
  return {
    ...fn,
    ...(Object.keys(defaults).length > 0 ? { attributeDefaults: defaults } : {}),
    ...(overload ? { overload } : {}),
    ...extras(docString, unknown),
  };
}

/**
 * Decodes ONNX `ModelProto` bytes into the graph IR. Initializer data stored as `raw_data` is
 * viewed in place when aligned, so decoding a large model does not copy its weights element by
 * element. Keep `bytes` alive and unmodified while the model is in use.
 */
export function decodeModel(bytes: Uint8Array, options: DecodeOptions = {}): Model {
  if (!(bytes instanceof Uint8Array)) {
    throw new ModelFormatError(`decodeModel expects a Uint8Array of .onnx bytes, received ${typeof bytes}`);
  }
  if (options.externalData !== undefined && typeof options.externalData !== 'function') {
    throw new InvalidOptionError('externalData', 'a function (location: string) => Uint8Array', describeValue(options.externalData));
  }
  const r = new ProtoReader(bytes);
  const ctx: DecodeContext = { externalData: options.externalData, depth: 0 };
  let irVersion = 0;
  let producerName = '';
  let producerVersion = '';
  let domain = '';
  let modelVersion = 0;
  let docString = '';
  let graph: Graph | undefined;
  const opsetImports: OpsetImport[] = [];
  const metadata: Record<string, string> = {};
  const functions: OnnxFunction[] = [];
  const unknown: Uint8Array[] = [];
  while (!r.done) {
    const { field, wire } = r.key();
    switch (field) {
      case MODEL.irVersion:
        irVersion = r.int();
        break;
      case MODEL.producerName:
        producerName = r.string();
        break;
      case MODEL.producerVersion:
        producerVersion = r.string();
        break;
      case MODEL.domain:
        domain = r.string();
        break;
      case MODEL.modelVersion:
        modelVersion = r.int();
        break;
      case MODEL.docString:
        docString = r.string();
        break;
      case MODEL.graph:
        graph = decodeGraph(r.message(), ctx);
        break;
      case MODEL.opsetImport:
        opsetImports.push(opsetImport(r.message()));
        break;
      case MODEL.metadataProps: {
        const [key, value] = stringEntry(r.message());
        metadata[key] = value;
        break;
      }
      case MODEL.functions:
        functions.push(decodeFunction(r.message(), ctx));
        break;
      default:
        unknown.push(r.keep(wire));
    }
  }
  if (!graph) throw new ModelFormatError('Not an ONNX model: no graph found in the bytes');
  if (irVersion === 0) throw new ModelFormatError('Not an ONNX model: ir_version is missing');
  return {
    irVersion,
    opsetImports,
    producerName,
    producerVersion,
    domain,
    modelVersion,
    docString,
    graph,
    functions,
    metadata,
    ...(unknown.length > 0 ? { unknownFields: unknown } : {}),
  };
}
