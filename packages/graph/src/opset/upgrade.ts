import { attr, attributeValue } from '../attributes';
import { ModelFormatError } from '../errors';
import type { Attribute, Graph, Model, Node, Tensor } from '../ir';
import { DEFAULT_IR_VERSION, DEFAULT_OPSET } from '../ir';

/** The oldest default-domain opset losskit reads (ONNX 1.2; PyTorch and TF exporters write 9 and later). */
export const MIN_OPSET = 7;
/**
 * The newest default-domain opset losskit reads. Between 18 and this version the operators
 * losskit differentiates changed only by adding types or modes (AveragePool dilations, Pad wrap,
 * Resize antialias), which keep the opset-18 meaning of the nodes it can train.
 */
export const MAX_OPSET = 21;

/** The default-domain (`''` or `ai.onnx`) opset version a model imports; 1 when it imports none. */
export function defaultDomainOpset(model: Pick<Model, 'opsetImports'>): number {
  const entry = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return entry?.version ?? 1;
}

/**
 * Throws a {@link ModelFormatError} naming the opset and the operators that use it when the
 * model's default-domain opset is outside what losskit reads ({@link MIN_OPSET}..{@link MAX_OPSET}).
 */
export function checkOpset(model: Pick<Model, 'opsetImports' | 'graph'>): number {
  const version = defaultDomainOpset(model);
  if (version < MIN_OPSET || version > MAX_OPSET) {
    const ops = [...new Set(model.graph.nodes.filter((n) => n.domain === '').map((n) => n.op))].toSorted();
    throw new ModelFormatError(
      `The model imports ONNX opset ${version}; losskit reads opsets ${MIN_OPSET} to ${MAX_OPSET}, so it cannot interpret its operators ${ops.join(', ')}. Re-export the model with opset_version between ${MIN_OPSET} and ${MAX_OPSET} (PyTorch: torch.onnx.export(..., opset_version=17)).`,
    );
  }
  return version;
}

/** Reductions whose `axes` moved from an attribute to an input in opset 18 (ReduceSum: 13). */
const REDUCTIONS = ['ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

interface Rewriter {
  readonly opset: number;
  /** Adds a constant initializer and returns its name. */
  constant(node: Node, what: string, dtype: 'int64' | 'float32', values: readonly number[], dims?: readonly number[]): string;
  /** A fresh value name for an intermediate result. */
  fresh(node: Node, what: string): string;
}

function without(attributes: Readonly<Record<string, Attribute>>, ...names: string[]): Record<string, Attribute> {
  const out = { ...attributes };
  for (const name of names) delete out[name];
  return out;
}

/** Moves an `ints` attribute to input `index` (an int64 initializer); absent attribute = absent input. */
function attributeToInput(node: Node, r: Rewriter, name: string, index: number): Node {
  const values = attributeValue(node.attributes, name, 'ints');
  if (values === undefined) return { ...node, attributes: without(node.attributes, name) };
  const inputs = [...node.inputs];
  while (inputs.length < index) inputs.push('');
  inputs[index] = r.constant(node, name, 'int64', values);
  return { ...node, inputs, attributes: without(node.attributes, name) };
}

function upgradeNode(node: Node, r: Rewriter): Node[] {
  const { opset } = r;
  if (node.domain !== '') return [node];
  switch (node.op) {
    case 'ReduceSum':
      return opset < 13 ? [attributeToInput(node, r, 'axes', 1)] : [node];
    case 'Unsqueeze':
    case 'Squeeze':
      return opset < 13 ? [attributeToInput(node, r, 'axes', 1)] : [node];
    case 'Split': {
      const upgraded = opset < 13 ? attributeToInput(node, r, 'split', 1) : node;
      // Opset 18 requires `split` or `num_outputs`; an even split names its output count.
      if (!upgraded.inputs[1]) return [{ ...upgraded, attributes: { ...upgraded.attributes, num_outputs: attr.int(upgraded.outputs.length) } }];
      return [upgraded];
    }
    case 'Slice': {
      if (opset >= 10) return [node];
      const starts = attributeValue(node.attributes, 'starts', 'ints') ?? [];
      const ends = attributeValue(node.attributes, 'ends', 'ints') ?? [];
      const axes = attributeValue(node.attributes, 'axes', 'ints');
      const inputs = [node.inputs[0]!, r.constant(node, 'starts', 'int64', starts), r.constant(node, 'ends', 'int64', ends)];
      if (axes) inputs.push(r.constant(node, 'axes', 'int64', axes));
      return [{ ...node, inputs, attributes: {} }];
    }
    case 'Clip': {
      if (opset >= 11) return [node];
      const min = attributeValue(node.attributes, 'min', 'float');
      const max = attributeValue(node.attributes, 'max', 'float');
      const inputs = [node.inputs[0]!, min === undefined ? '' : r.constant(node, 'min', 'float32', [min], []), max === undefined ? '' : r.constant(node, 'max', 'float32', [max], [])];
      while (inputs[inputs.length - 1] === '') inputs.pop();
      return [{ ...node, inputs, attributes: {} }];
    }
    case 'Pad': {
      if (opset >= 11) return [node];
      const pads = attributeValue(node.attributes, 'pads', 'ints') ?? [];
      const value = attributeValue(node.attributes, 'value', 'float') ?? 0;
      const inputs = [node.inputs[0]!, r.constant(node, 'pads', 'int64', pads), r.constant(node, 'value', 'float32', [value], [])];
      return [{ ...node, inputs, attributes: without(node.attributes, 'pads', 'value') }];
    }
    case 'Upsample':
      return [upsampleToResize(node, r)];
    case 'Resize':
      // Resize-10 is Upsample-9 under a new name: (X, scales), asymmetric coordinates.
      return opset < 11 ? [upsampleToResize(node, r)] : [node];
    case 'BatchNormalization':
      return [upgradeBatchNorm(node, opset)];
    case 'Dropout': {
      if (opset >= 12) return [node];
      // Before opset 12 the ratio is an attribute and the node is an identity at inference.
      const ratio = attributeValue(node.attributes, 'ratio', 'float') ?? 0.5;
      return [{ ...node, inputs: [node.inputs[0]!, r.constant(node, 'ratio', 'float32', [ratio], [])], attributes: {} }];
    }
    case 'Softmax':
    case 'LogSoftmax':
    case 'Hardmax':
      return opset < 13 ? flattenedSoftmax(node, r) : [node];
    default:
      if (REDUCTIONS.includes(node.op) && opset < 18) return [attributeToInput(node, r, 'axes', 1)];
      return [node];
  }
}

/** Upsample (opsets 7-9) and Resize-10 as an opset-18 Resize with the same coordinate rule. */
function upsampleToResize(node: Node, r: Rewriter): Node {
  const mode = attributeValue(node.attributes, 'mode', 'string') ?? 'nearest';
  const scalesAttr = attributeValue(node.attributes, 'scales', 'floats');
  const scales = scalesAttr ? r.constant(node, 'scales', 'float32', scalesAttr) : node.inputs[1]!;
  const attributes: Record<string, Attribute> = {
    mode: attr.string(mode === 'bilinear' ? 'linear' : mode),
    // Upsample maps output x to input x / scale and takes the floor for nearest.
    coordinate_transformation_mode: attr.string('asymmetric'),
    ...(mode === 'nearest' ? { nearest_mode: attr.string('floor') } : {}),
  };
  return { ...node, op: 'Resize', inputs: [node.inputs[0]!, '', scales], attributes };
}

/**
 * BatchNormalization before opset 14 marks training mode by its extra outputs (running mean and
 * variance, then saved mean and variance, which opset 14 dropped); opset 14 and later by the
 * `training_mode` attribute. `spatial` (opsets 7-8) must be 1, its default.
 */
function upgradeBatchNorm(node: Node, opset: number): Node {
  if ((attributeValue(node.attributes, 'spatial', 'int') ?? 1) !== 1) {
    throw new ModelFormatError(`BatchNormalization "${node.name}" (opset ${opset}) has spatial = 0, which later opsets removed and losskit does not support`);
  }
  if (opset >= 14) return { ...node, attributes: without(node.attributes, 'spatial') };
  const training = node.outputs.length > 1;
  const outputs = node.outputs.slice(0, training ? 3 : 1);
  const attributes = without(node.attributes, 'spatial', 'consumed_inputs', 'is_test');
  return { ...node, outputs, attributes: training ? { ...attributes, training_mode: attr.int(1) } : attributes };
}

/**
 * Softmax, LogSoftmax and Hardmax before opset 13 normalise over all axes from `axis` on
 * (default 1) of the input seen as a matrix: Flatten, normalise the last axis, reshape back.
 */
function flattenedSoftmax(node: Node, r: Rewriter): Node[] {
  const axis = attributeValue(node.attributes, 'axis', 'int') ?? 1;
  const x = node.inputs[0]!;
  const flat = r.fresh(node, 'flat');
  const normalised = r.fresh(node, 'normalised');
  const shape = r.fresh(node, 'shape');
  return [
    { op: 'Flatten', domain: '', name: `${node.name}/flatten`, inputs: [x], outputs: [flat], attributes: { axis: attr.int(axis) } },
    { ...node, inputs: [flat], outputs: [normalised], attributes: { axis: attr.int(-1) } },
    { op: 'Shape', domain: '', name: `${node.name}/shape`, inputs: [x], outputs: [shape], attributes: {} },
    { op: 'Reshape', domain: '', name: `${node.name}/reshape`, inputs: [normalised, shape], outputs: [node.outputs[0]!], attributes: {} },
  ];
}

/**
 * Rewrites a graph written against default-domain opset `opset` into the opset-18 forms that
 * losskit's shape inference, gradient rules and op builders use: attributes that became inputs
 * (Reduce* and Squeeze/Unsqueeze axes, Split sizes, Slice bounds, Clip bounds, Pad pads, Dropout
 * ratio) become int64/float initializers, Upsample and Resize-10 become Resize, old
 * BatchNormalization training outputs become `training_mode`, and pre-13 Softmax becomes its
 * flattened form. Graphs already at opset 18 or later are returned unchanged.
 */
export function upgradeGraph(graph: Graph, opset: number): Graph {
  if (opset >= DEFAULT_OPSET) return graph;
  const initializers: Tensor[] = [];
  let counter = 0;
  const r: Rewriter = {
    opset,
    constant(node, what, dtype, values, dims) {
      const name = `${node.name || node.op}/losskit_opset_${what}_${counter++}`;
      const data = dtype === 'int64' ? BigInt64Array.from(values, (v) => BigInt(v)) : Float32Array.from(values);
      // An attribute in the original opset: a setting, never a parameter.
      initializers.push({ name, dtype, dims: dims ? [...dims] : [values.length], data, trainable: false });
      return name;
    },
    fresh(node, what) {
      return `${node.name || node.op}/losskit_opset_${what}_${counter++}`;
    },
  };
  const nodes = graph.nodes.flatMap((node) => upgradeNode(node, r));
  return { ...graph, nodes, initializers: [...graph.initializers, ...initializers] };
}

/**
 * The model in opset-18 form (see {@link upgradeGraph}), importing opset 18 (or its own, if
 * newer). Checks the opset first: one losskit cannot read is a {@link ModelFormatError}.
 */
export function upgradeModel(model: Model): Model {
  const version = checkOpset(model);
  if (version >= DEFAULT_OPSET) return model;
  const opsetImports = [
    { domain: '', version: DEFAULT_OPSET },
    ...model.opsetImports.filter((o) => o.domain !== '' && o.domain !== 'ai.onnx'),
  ];
  return { ...model, irVersion: Math.max(model.irVersion, DEFAULT_IR_VERSION), opsetImports, graph: upgradeGraph(model.graph, version) };
}
