import {
  type Graph,
  InvalidInputError,
  type Model,
  type Tensor,
  type ValueInfo,
  decodeModel,
  describeValue,
  inlineFunctions,
} from '@losskit/graph';

/** A model to train: the IR of `@losskit/models` builders or `decodeModel`, or `.onnx` bytes. */
export type ModelSource = Model | Uint8Array;

/** Which graph input and output to train, and which initializers are parameters. */
export interface ModelSelection {
  /** The graph input that receives a batch. Required when the graph has several. */
  readonly input?: string;
  /** The graph output compared with the target. Required when the graph has several. */
  readonly output?: string;
  /** Whether a float32 initializer is trained. Default: every float32 initializer the output depends on. */
  readonly trainable?: (name: string) => boolean;
}

/** A model ready to compile: functions inlined, its input, output and parameters identified. */
export interface PreparedModel {
  readonly model: Model;
  readonly input: ValueInfo;
  readonly output: ValueInfo;
  /** Trainable parameters, in graph order. */
  readonly params: readonly Tensor[];
}

function toModel(source: ModelSource): Model {
  if (source instanceof Uint8Array) return decodeModel(source);
  if (typeof source === 'object' && source !== null && 'graph' in source && 'irVersion' in source) return source;
  throw new InvalidInputError('model', 'a Model (from @losskit/models or decodeModel) or the bytes of an .onnx file', source);
}

function pick(kind: 'input' | 'output', candidates: readonly ValueInfo[], requested: string | undefined): ValueInfo {
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

/** Names of the values that depend on any of `sources` (a forward sweep over the nodes). */
function dependents(graph: Graph, sources: ReadonlySet<string>): Set<string> {
  const reached = new Set(sources);
  for (const node of graph.nodes) {
    if (node.inputs.some((name) => reached.has(name))) for (const out of node.outputs) reached.add(out);
  }
  return reached;
}

/** Normalises a model source and finds what to train. */
export function prepareModel(source: ModelSource, selection: ModelSelection = {}): PreparedModel {
  const model = inlineFunctions(toModel(source));
  const graph = model.graph;
  const initializerNames = new Set(graph.initializers.map((t) => t.name));
  const input = pick('input', graph.inputs.filter((v) => !initializerNames.has(v.name)), selection.input);
  const output = pick('output', graph.outputs, selection.output);
  const trainable = selection.trainable ?? (() => true);
  const params = graph.initializers.filter((t) => {
    if (t.dtype !== 'float32' || t.external || !trainable(t.name)) return false;
    // Only initializers the output depends on get gradients.
    return dependents(graph, new Set([t.name])).has(output.name);
  });
  return { model, input, output, params };
}

/** The graph with `params` turned from initializers into graph inputs. */
export function withParamsAsInputs(prepared: PreparedModel): Graph {
  const paramNames = new Set(prepared.params.map((p) => p.name));
  const graph = prepared.model.graph;
  return {
    ...graph,
    inputs: [
      ...graph.inputs.filter((v) => !paramNames.has(v.name)),
      ...prepared.params.map((p) => ({ name: p.name, dtype: p.dtype, shape: p.dims })),
    ],
    initializers: graph.initializers.filter((t) => !paramNames.has(t.name)),
  };
}
