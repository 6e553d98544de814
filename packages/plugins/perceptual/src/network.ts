import {
  DEFAULT_OPSET,
  type Graph,
  InvalidOptionError,
  MODEL_SOURCE_DESCRIPTION,
  type ModelSource,
  type Node,
  defaultDomainOpset,
  describeValue,
  isModelSource,
  readModelSource,
  upgradeModel,
} from '@losskit/core';

/**
 * A user's network as `perceptual` keeps it, read once when the plugin is made: the graph it
 * runs on prediction and target, and the names `layers` may pick.
 */
export interface FeatureNetwork {
  /** The graph in opset-18 forms, its model-local functions inlined. */
  readonly graph: Graph;
  /** The graph input that takes the images. */
  readonly input: string;
  /** The dims that input declares: sizes, or names for dynamic axes; `undefined` when it declares none. */
  readonly inputDims: readonly (number | string)[] | undefined;
  /** The graph outputs: the default `layers`. */
  readonly outputs: readonly string[];
  /** Every value the network computes from its input, in graph order: what `layers` may name. */
  readonly features: readonly string[];
  /** How the network shows in JSON (the loss model's metadata): by its name and size, not its weights. */
  toJSON(): string;
}

function refuse(path: string, expected: string, received: string): never {
  throw new InvalidOptionError(path, expected, received);
}

/** BatchNormalization in training mode normalises with the batch's statistics. */
function trainingModeNodes(graph: Graph): Node[] {
  return graph.nodes.filter((n) => n.op === 'BatchNormalization' && n.attributes.training_mode?.type === 'int' && n.attributes.training_mode.value === 1);
}

/** The values computed from `input`, in graph order (not those computed from weights alone, such as an Identity of a bias). */
function valuesOfInput(graph: Graph, input: string): string[] {
  const reached = new Set([input]);
  const values: string[] = [];
  for (const node of graph.nodes) {
    if (!node.inputs.some((name) => reached.has(name))) continue;
    for (const name of node.outputs.filter((o) => o !== '')) {
      reached.add(name);
      values.push(name);
    }
  }
  return values;
}

/**
 * Reads the `model` option: `.onnx` bytes or a decoded `Model`, in opset 7 to 18 (the loss
 * graph's opset), with one float input, inference-mode nodes and its weights inside. Throws
 * `InvalidOptionError` naming `path` for anything else, `ModelFormatError` for bytes that are not
 * ONNX.
 */
export function readNetwork(source: unknown, path: string): FeatureNetwork {
  if (!isModelSource(source)) refuse(path, MODEL_SOURCE_DESCRIPTION, describeValue(source));
  const model = readModelSource(source);
  const opset = defaultDomainOpset(model);
  // Its nodes join the loss graph, whose opset is 18: a newer node could mean something else there.
  if (opset > DEFAULT_OPSET) refuse(path, `a network in ONNX opset ${DEFAULT_OPSET} or older (torch.onnx.export(..., opset_version=17))`, `opset ${opset}`);
  const { graph } = upgradeModel(model);
  const initializers = new Set(graph.initializers.map((t) => t.name));
  const inputs = graph.inputs.filter((v) => !initializers.has(v.name));
  if (inputs.length !== 1) refuse(path, 'a network with one input (the images)', `inputs ${inputs.map((v) => `"${v.name}"`).join(', ') || 'none'}`);
  const input = inputs[0]!;
  if (input.dtype !== 'float32') refuse(path, 'a network whose input takes float32 images', `input "${input.name}" of type ${input.dtype}`);
  // Prediction and target run through the network as one batch: batch statistics would mix them.
  const training = trainingModeNodes(graph);
  if (training.length > 0) {
    refuse(path, 'a network in inference mode (exported after model.eval())', `BatchNormalization ${training.map((n) => `"${n.name}"`).join(', ')} in training mode`);
  }
  const external = graph.initializers.find((t) => t.external);
  if (external) {
    refuse(path, 'a network with its weights loaded (decodeModel(bytes, { externalData }))', `initializer "${external.name}" left in file "${external.external!.location}"`);
  }
  const features = valuesOfInput(graph, input.name);
  return Object.freeze({
    graph,
    input: input.name,
    inputDims: input.shape,
    outputs: graph.outputs.map((v) => v.name),
    features,
    toJSON: () => `ONNX network "${graph.name}" (${graph.nodes.length} nodes, input "${input.name}")`,
  });
}

/**
 * The names of the values a network computes, in graph order: the names `perceptual`'s `layers`
 * option takes. PyTorch's exporter names them after the module path and operator, e.g.
 * `/features/features.3/Relu_output_0`; graph outputs keep the names given to `output_names`.
 */
export function featureNames(model: ModelSource): string[] {
  return [...readNetwork(model, 'model').features];
}
