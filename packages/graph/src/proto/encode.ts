import { ONNX_DTYPE_CODES } from '../dtype';
import type { Attribute, Graph, Model, Node, OnnxFunction, OpsetImport, OutputInfo, Tensor } from '../ir';
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
  STRING_ENTRY,
  TENSOR,
  TENSOR_TYPE,
  TYPE,
  VALUE_INFO,
} from './schema';
import { ProtoWriter } from './writer';

function stringEntry(key: string, value: string): ProtoWriter {
  return new ProtoWriter().string(STRING_ENTRY.key, key).string(STRING_ENTRY.value, value);
}

function opsetImport(opset: OpsetImport): ProtoWriter {
  return new ProtoWriter().string(OPSET_ID.domain, opset.domain).int(OPSET_ID.version, opset.version);
}

/** Encodes a tensor; numeric data goes out as `raw_data` straight from the typed array's bytes. */
export function encodeTensor(tensor: Tensor): ProtoWriter {
  const w = new ProtoWriter();
  w.packedInts(TENSOR.dims, tensor.dims);
  w.int(TENSOR.dataType, ONNX_DTYPE_CODES[tensor.dtype]);
  if (tensor.name) w.string(TENSOR.name, tensor.name);
  if (tensor.docString) w.string(TENSOR.docString, tensor.docString);
  if (tensor.external) {
    w.message(TENSOR.externalData, stringEntry('location', tensor.external.location));
    w.message(TENSOR.externalData, stringEntry('offset', String(tensor.external.offset)));
    if (tensor.external.length !== undefined) {
      w.message(TENSOR.externalData, stringEntry('length', String(tensor.external.length)));
    }
    w.int(TENSOR.dataLocation, 1);
  } else if (tensor.dtype === 'string') {
    for (const item of tensor.data as readonly string[]) w.string(TENSOR.stringData, item);
  } else {
    const data = tensor.data as ArrayBufferView;
    w.bytes(TENSOR.rawData, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return w.raw(tensor.unknownFields);
}

function encodeValueInfo(info: OutputInfo): ProtoWriter {
  const w = new ProtoWriter().string(VALUE_INFO.name, info.name);
  if (info.dtype) w.message(VALUE_INFO.type, new ProtoWriter().message(TYPE.tensorType, encodeTensorType(info.dtype, info.shape)));
  if (info.docString) w.string(VALUE_INFO.docString, info.docString);
  return w.raw(info.unknownFields);
}

function encodeTensorType(dtype: Exclude<OutputInfo['dtype'], undefined>, shape: OutputInfo['shape']): ProtoWriter {
  const tensorType = new ProtoWriter().int(TENSOR_TYPE.elemType, ONNX_DTYPE_CODES[dtype]);
  if (shape) {
    const dims = new ProtoWriter();
    for (const dim of shape) {
      const d = new ProtoWriter();
      if (typeof dim === 'number') d.int(DIMENSION.value, dim);
      else d.string(DIMENSION.param, dim);
      dims.message(SHAPE.dim, d);
    }
    tensorType.message(TENSOR_TYPE.shape, dims);
  }
  return tensorType;
}

function encodeAttribute(name: string, attribute: Attribute): ProtoWriter {
  const w = new ProtoWriter().string(ATTRIBUTE.name, name);
  switch (attribute.type) {
    case 'float':
      w.float(ATTRIBUTE.f, attribute.value);
      break;
    case 'int':
      w.int(ATTRIBUTE.i, attribute.value);
      break;
    case 'string':
      w.string(ATTRIBUTE.s, attribute.value);
      break;
    case 'tensor':
      w.message(ATTRIBUTE.t, encodeTensor(attribute.value));
      break;
    case 'graph':
      w.message(ATTRIBUTE.g, encodeGraph(attribute.value));
      break;
    case 'floats':
      w.packedFloats(ATTRIBUTE.floats, attribute.value);
      break;
    case 'ints':
      w.packedInts(ATTRIBUTE.ints, attribute.value);
      break;
    case 'strings':
      for (const item of attribute.value) w.string(ATTRIBUTE.strings, item);
      break;
    case 'tensors':
      for (const item of attribute.value) w.message(ATTRIBUTE.tensors, encodeTensor(item));
      break;
    case 'graphs':
      for (const item of attribute.value) w.message(ATTRIBUTE.graphs, encodeGraph(item));
      break;
    case 'ref':
      w.string(ATTRIBUTE.refAttrName, attribute.value);
      w.int(ATTRIBUTE.type, attribute.refType);
      return w;
  }
  w.int(ATTRIBUTE.type, ATTRIBUTE_TYPE[attribute.type]);
  return w;
}

function encodeNode(node: Node): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(NODE.input, input);
  for (const output of node.outputs) w.string(NODE.output, output);
  if (node.name) w.string(NODE.name, node.name);
  w.string(NODE.opType, node.op);
  for (const [name, attribute] of Object.entries(node.attributes)) {
    w.message(NODE.attribute, encodeAttribute(name, attribute));
  }
  if (node.docString) w.string(NODE.docString, node.docString);
  if (node.domain) w.string(NODE.domain, node.domain);
  if (node.overload) w.string(NODE.overload, node.overload);
  return w.raw(node.unknownFields);
}

function encodeGraph(graph: Graph): ProtoWriter {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.message(GRAPH.node, encodeNode(node));
  w.string(GRAPH.name, graph.name);
  for (const tensor of graph.initializers) w.message(GRAPH.initializer, encodeTensor(tensor));
  if (graph.docString) w.string(GRAPH.docString, graph.docString);
  for (const input of graph.inputs) w.message(GRAPH.input, encodeValueInfo(input));
  for (const output of graph.outputs) w.message(GRAPH.output, encodeValueInfo(output));
  for (const info of graph.valueInfo) w.message(GRAPH.valueInfo, encodeValueInfo(info));
  return w.raw(graph.unknownFields);
}

function encodeFunction(fn: OnnxFunction): ProtoWriter {
  const w = new ProtoWriter().string(FUNCTION.name, fn.name);
  for (const input of fn.inputs) w.string(FUNCTION.input, input);
  for (const output of fn.outputs) w.string(FUNCTION.output, output);
  for (const attribute of fn.attributes) w.string(FUNCTION.attribute, attribute);
  for (const node of fn.nodes) w.message(FUNCTION.node, encodeNode(node));
  if (fn.docString) w.string(FUNCTION.docString, fn.docString);
  for (const opset of fn.opsetImports) w.message(FUNCTION.opsetImport, opsetImport(opset));
  w.string(FUNCTION.domain, fn.domain);
  for (const [name, attribute] of Object.entries(fn.attributeDefaults ?? {})) w.message(FUNCTION.attributeProto, encodeAttribute(name, attribute));
  if (fn.overload) w.string(FUNCTION.overload, fn.overload);
  return w.raw(fn.unknownFields);
}

/** Encodes a model as ONNX `ModelProto` bytes. */
export function encodeModel(model: Model): Uint8Array {
  const w = new ProtoWriter().int(MODEL.irVersion, model.irVersion);
  if (model.producerName) w.string(MODEL.producerName, model.producerName);
  if (model.producerVersion) w.string(MODEL.producerVersion, model.producerVersion);
  if (model.domain) w.string(MODEL.domain, model.domain);
  if (model.modelVersion) w.int(MODEL.modelVersion, model.modelVersion);
  if (model.docString) w.string(MODEL.docString, model.docString);
  w.message(MODEL.graph, encodeGraph(model.graph));
  for (const opset of model.opsetImports) w.message(MODEL.opsetImport, opsetImport(opset));
  for (const [key, value] of Object.entries(model.metadata)) w.message(MODEL.metadataProps, stringEntry(key, value));
  for (const fn of model.functions) w.message(MODEL.functions, encodeFunction(fn));
  return w.raw(model.unknownFields).finish();
}
