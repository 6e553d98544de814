import {
  type Graph,
  InvalidInputError,
  MODEL_SOURCE_DESCRIPTION,
  type Model,
  type ModelSource,
  type Node,
  type OutputInfo,
  type Tensor,
  type ValueInfo,
  defaultDomainOpset,
  describeValue,
  isModelSource,
  readModelSource,
  upgradeModel,
} from '@losskit/graph';
import { type BatchNormSite, type DropoutSite, trainingSites } from './lower';
import { NAMES } from './names';
import type { FlatLayout } from './step-update';
import { type ParameterFilter, selectParameters } from './selection';
import { type TokenIds, tokenIdsOf } from './token-ids';

/** A model to train: the IR of `@losskit/models` builders or `decodeModel`, or `.onnx` bytes. */
export type { ModelSource } from '@losskit/graph';

/** Which graph input and output to train, and which initializers are parameters. */
export interface ModelSelection {
  /** The graph input that receives a batch. Required when the graph has several. */
  readonly input?: string;
  /** The graph output compared with the target. Required when the graph has several. */
  readonly output?: string;
  /**
   * Which parameters train: names or name prefixes (`'fc.'`), a RegExp or a predicate. Default:
   * every float32 initializer the output depends on through inputs that carry a gradient, less
   * the model's declared constants (never shape operands or BatchNorm running statistics). See
   * `trainer.parameterNames`.
   */
  readonly trainable?: ParameterFilter;
  /** The opposite of `trainable`: parameters to keep fixed, e.g. `['conv1.', 'bn1.']`. Default none. */
  readonly frozen?: ParameterFilter;
}

/** A model ready to compile: functions inlined, its input, output and parameters identified. */
export interface PreparedModel {
  /** The model as given (functions inlined), in its own opset: what `exportOnnx` writes back. */
  readonly model: Model;
  /** The same graph in opset-18 forms (see `upgradeModel`): what training compiles. */
  readonly graph: Graph;
  /** The default-domain opset of the compiled graphs: 18, or the model's own if newer. */
  readonly opset: number;
  readonly input: ValueInfo;
  /** Where the input is integer (token ids): its declared type and the embedding table ids index. */
  readonly ids: TokenIds | undefined;
  /** The trained output; a model may leave its type to ONNX Runtime's inference. */
  readonly output: OutputInfo;
  /** Trainable parameters, in graph order. */
  readonly params: readonly Tensor[];
  /** Running statistics of training-mode BatchNormalization nodes, updated by every step. */
  readonly statistics: readonly Tensor[];
  readonly batchNorms: readonly BatchNormSite[];
  readonly dropouts: readonly DropoutSite[];
}

function toModel(source: ModelSource): Model {
  if (!isModelSource(source)) throw new InvalidInputError('model', MODEL_SOURCE_DESCRIPTION, source);
  const model = readModelSource(source);
  // Bytes alone cannot reach a weights file beside them: without this, such a model would be
  // refused later as one "without parameters", which hides the cause.
  const external = model.graph.initializers.filter((t) => t.external);
  if (external.length > 0) {
    const files = [...new Set(external.map((t) => t.external!.location))];
    throw new InvalidInputError(
      'model',
      'weights inside the model, or a Model from decodeModel(bytes, { externalData: (location) => bytes of that file })',
      `${external.length} initializer(s) stored in external data file(s) ${files.map((f) => `"${f}"`).join(', ')} (first: "${external[0]!.name}") and not loaded`,
    );
  }
  return model;
}

function pick<V extends OutputInfo>(kind: 'input' | 'output', candidates: readonly V[], requested: string | undefined): V {
  if (requested !== undefined) {
    const found = candidates.find((v) => v.name === requested);
    if (!found) {
      throw new InvalidInputError(kind, `one of the model's ${kind}s (${candidates.map((v) => v.name).join(', ')})`, describeValue(requested));
    }
    return found;
  }
  if (candidates.length !== 1) {
    throw new InvalidInputError(kind, `the name of one of the model's ${kind}s (${candidates.map((v) => v.name).join(', ')})`, 'no name');
  }
  return candidates[0]!;
}

/** Normalises a model source and finds what to train. */
export function prepareModel(source: ModelSource, selection: ModelSelection = {}): PreparedModel {
  const model = toModel(source);
  const upgraded = upgradeModel(model);
  const graph = upgraded.graph;
  const initializerNames = new Set(graph.initializers.map((t) => t.name));
  const input = pick('input', graph.inputs.filter((v) => !initializerNames.has(v.name)), selection.input);
  const output = pick('output', graph.outputs, selection.output);
  const params = selectParameters(graph, output.name, { trainable: selection.trainable, frozen: selection.frozen });
  const { batchNorms, dropouts } = trainingSites(graph);
  const statisticNames = new Set(batchNorms.flatMap((b) => [b.mean, b.variance]));
  const statistics = graph.initializers.filter((t) => statisticNames.has(t.name) && t.dtype === 'float32');
  const ids = tokenIdsOf(graph, input);
  return { model, graph, opset: defaultDomainOpset(upgraded), input, ids, output, params, statistics, batchNorms, dropouts };
}

/**
 * The upgraded graph with the parameters and running statistics turned from initializers into
 * graph inputs, and integer ids typed `idType` (int32 where the provider has no int64). The
 * members of `flat` are read from one input instead, `losskit/flat/params`: each is a Slice of
 * it (and a Reshape to its dims) under its own name.
 */
export function withParamsAsInputs(prepared: PreparedModel, idType?: 'int64' | 'int32', flat?: FlatLayout): Graph {
  const fed = [...prepared.params, ...prepared.statistics];
  const names = new Set(fed.map((p) => p.name));
  const sliced = new Set(flat?.members.map((m) => m.name) ?? []);
  const graph = prepared.graph;
  const retype = (v: ValueInfo): ValueInfo => (idType && prepared.ids && v.name === prepared.input.name ? { ...v, dtype: idType } : v);
  const slices = flat ? sliceMembers(flat) : { nodes: [], initializers: [] };
  return {
    ...graph,
    inputs: [
      ...graph.inputs.filter((v) => !names.has(v.name)).map(retype),
      ...fed.filter((p) => !sliced.has(p.name)).map((p) => ({ name: p.name, dtype: p.dtype, shape: p.dims })),
      ...(flat ? [{ name: NAMES.flatParams, dtype: 'float32' as const, shape: [flat.size] }] : []),
    ],
    initializers: [...graph.initializers.filter((t) => !names.has(t.name)), ...slices.initializers],
    nodes: [...slices.nodes, ...graph.nodes],
  };
}

/** Nodes that cut each member of `flat` out of `losskit/flat/params`, under the member's name. */
function sliceMembers(flat: FlatLayout): { nodes: Node[]; initializers: Tensor[] } {
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  const ints = (name: string, values: readonly number[]) => {
    initializers.push({ name, dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values, BigInt) });
    return name;
  };
  const node = (op: string, name: string, inputs: string[], output: string) => nodes.push({ op, domain: '', name, inputs, outputs: [output], attributes: {} });
  const axis = ints('losskit/flat/axis', [0]);
  for (const m of flat.members) {
    const base = `losskit/flat/${m.name}`;
    const line = m.dims.length === 1 ? m.name : `${base}/line`;
    node('Slice', `${base}/slice`, [NAMES.flatParams, ints(`${base}/start`, [m.offset]), ints(`${base}/end`, [m.offset + m.size]), axis], line);
    if (line !== m.name) node('Reshape', `${base}/reshape`, [line, ints(`${base}/dims`, m.dims)], m.name);
  }
  return { nodes, initializers };
}
