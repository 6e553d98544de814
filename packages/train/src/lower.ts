import { defineGradient } from '@losskit/autodiff';
import {
  type Attribute,
  type FromGraphOptions,
  type Graph,
  type GraphBuilder,
  type Node,
  type Value,
  attributeValue,
} from '@losskit/graph';
import { NAMES } from './names';
import { lowerSmallImageConv } from './small-image-conv';

/** A training-mode BatchNormalization whose running statistics the trainer carries between steps. */
export interface BatchNormSite {
  readonly node: string;
  /** Initializer names of the running mean and variance (inputs 3 and 4). */
  readonly mean: string;
  readonly variance: string;
  /** The node's outputs holding the updated statistics (outputs 1 and 2). */
  readonly newMean: string;
  readonly newVariance: string;
}

/** A training-mode Dropout whose mask the trainer feeds (graph input {@link NAMES.dropoutMask}). */
export interface DropoutSite {
  readonly node: string;
  readonly ratio: number;
}

function constantOf(graph: Graph, name: string | undefined): number | undefined {
  if (!name) return undefined;
  const init = graph.initializers.find((t) => t.name === name);
  if (init) return Number((init.data as ArrayLike<number | bigint>)[0]);
  const producer = graph.nodes.find((n) => n.op === 'Constant' && n.outputs[0] === name);
  const value = producer?.attributes.value;
  return value?.type === 'tensor' ? Number((value.value.data as ArrayLike<number | bigint>)[0]) : undefined;
}

/** Whether a (opset-18 form) node trains with batch statistics or a random mask. */
function isTrainingBatchNorm(node: Node): boolean {
  return node.domain === '' && node.op === 'BatchNormalization' && attributeValue(node.attributes, 'training_mode', 'int') === 1;
}

function isTrainingDropout(graph: Graph, node: Node): boolean {
  if (node.domain !== '' || node.op !== 'Dropout' || !node.inputs[2]) return false;
  const flag = constantOf(graph, node.inputs[2]);
  return flag === undefined || flag !== 0;
}

/** The training-mode BatchNormalization and Dropout nodes of an opset-18-form graph. */
export function trainingSites(graph: Graph): { batchNorms: BatchNormSite[]; dropouts: DropoutSite[] } {
  const batchNorms: BatchNormSite[] = [];
  const dropouts: DropoutSite[] = [];
  for (const node of graph.nodes) {
    if (isTrainingBatchNorm(node) && node.outputs.length >= 3) {
      batchNorms.push({ node: node.name, mean: node.inputs[3]!, variance: node.inputs[4]!, newMean: node.outputs[1]!, newVariance: node.outputs[2]! });
    } else if (isTrainingDropout(graph, node)) {
      dropouts.push({ node: node.name, ratio: constantOf(graph, node.inputs[1]) ?? 0.5 });
    }
  }
  return { batchNorms, dropouts };
}

const spatialAxes = (rank: number) => [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];

/**
 * Training-mode BatchNormalization as primitive ops (ONNX Runtime's WebGPU provider has no
 * training-mode kernel): normalise with the batch mean and biased variance; update the running
 * statistics as PyTorch does, `new = momentum * old + (1 - momentum) * batch` with the unbiased
 * batch variance (ONNX's momentum is 1 - PyTorch's).
 */
function lowerBatchNorm(g: GraphBuilder, node: Node, inputs: readonly (Value | undefined)[], closedForm: boolean): Value[] {
  const [x, scale, bias] = inputs as Value[];
  const rank = x!.shape.length;
  const channels = x!.shape[1]!;
  const axes = spatialAxes(rank);
  const count = axes.reduce((n, a) => n * x!.shape[a]!, 1);
  const perChannel = (v: Value) => g.reshape(v, [1, channels, ...new Array<number>(rank - 2).fill(1)]);
  const epsilon = attributeValue(node.attributes, 'epsilon', 'float') ?? 1e-5;
  const batchMean = g.reduceMean(x!, { axes, keepdims: true });
  const centred = g.sub(x!, batchMean);
  const batchVariance = g.reduceMean(g.mul(centred, centred), { axes, keepdims: true });
  const inverseStd = g.reciprocal(g.sqrt(g.add(batchVariance, epsilon)));
  // y = (x - mean) · (scale / std) + bias: the per-channel factor is folded first, so the
  // normalised activation x̂ is never written out (one pass fewer over it).
  const factor = g.mul(inverseStd, perChannel(scale!));
  const y = g.add(g.mul(centred, factor), perChannel(bias!));
  // The closed-form gradient (as PyTorch's batch_norm_backward), with x̂ = (x - mean) / std:
  // dx = scale / std · (dy - mean(dy) - x̂ · mean(dy · x̂)), dscale = Σ dy · x̂, dbias = Σ dy.
  // Written with x - mean and per-channel factors, it makes five passes over the activation
  // where differentiating the nodes above takes about twice as many, and far fewer nodes (ONNX
  // Runtime's session creation time grows with them).
  if (closedForm) {
    defineGradient(g, y, [x!, scale!, bias!], (b, dy) => {
      const sumDy = b.reduceSum(dy, { axes, keepdims: true });
      const sumDyCentred = b.reduceSum(b.mul(dy, centred), { axes, keepdims: true });
      // x̂ · mean(dy · x̂) = (x - mean) · Σ dy · (x - mean) / (count · (var + eps))
      const perCentred = b.mul(sumDyCentred, b.mul(b.mul(inverseStd, inverseStd), 1 / count));
      const centredDy = b.sub(b.sub(dy, b.mul(sumDy, 1 / count)), b.mul(centred, perCentred));
      return [b.mul(centredDy, factor), b.reshape(b.mul(sumDyCentred, inverseStd), [channels]), b.reshape(sumDy, [channels])];
    });
  }
  return [y, ...runningStatistics(g, node, inputs, batchMean, batchVariance, count)];
}

/** The running mean and variance after a training-mode BatchNormalization, as PyTorch updates them. */
function runningStatistics(g: GraphBuilder, node: Node, inputs: readonly (Value | undefined)[], batchMean: Value, batchVariance: Value, count: number): Value[] {
  const [, , , mean, variance] = inputs as Value[];
  const channels = batchMean.shape[1]!;
  const momentum = attributeValue(node.attributes, 'momentum', 'float') ?? 0.9;
  const flat = (v: Value) => g.reshape(v, [channels]);
  const unbiased = g.mul(flat(batchVariance), count / Math.max(1, count - 1));
  const newMean = g.add(g.mul(mean!, momentum), g.mul(flat(batchMean), 1 - momentum));
  const newVariance = g.add(g.mul(variance!, momentum), g.mul(unbiased, 1 - momentum));
  return [newMean, newVariance];
}

/**
 * LogSoftmax as `x - max - log(sum(exp(x - max)))` (no WebGPU kernel), with its closed-form
 * gradient `dy - exp(y) * sum(dy)` so the max needs none.
 */
function lowerLogSoftmax(g: GraphBuilder, node: Node, x: Value): Value {
  const raw = attributeValue(node.attributes, 'axis', 'int') ?? -1;
  const axis = raw < 0 ? raw + x.shape.length : raw;
  const shifted = g.sub(x, g.reduceMax(x, { axes: [axis], keepdims: true }));
  const y = g.sub(shifted, g.log(g.reduceSum(g.exp(shifted), { axes: [axis], keepdims: true })));
  defineGradient(g, y, [x], (b, dy) => [b.sub(dy, b.mul(b.exp(y), b.reduceSum(dy, { axes: [axis], keepdims: true })))]);
  return y;
}

/** Forms the lowering may choose between (the defaults are what trainers run; the others are for `pnpm bench`'s ablations). */
export interface LoweringOptions {
  /** Training-mode BatchNormalization with its closed-form gradient. Default true. */
  readonly closedFormBatchNorm?: boolean;
  /** Convs on small images as MatMuls over the batch (ungrouped up to 64 cells, depthwise up to 16). Default true. */
  readonly smallImageConv?: boolean;
}

/**
 * The `rewrite` hook of `GraphBuilder.fromGraph` that turns a model's forward pass into what a
 * trainer runs. `mode: 'train'`: training-mode BatchNormalization uses batch statistics and
 * outputs updated running statistics; training-mode Dropout multiplies by a mask fed as graph
 * input `losskit/dropout-mask/<node>` and divides by `1 - ratio`. `mode: 'eval'`: both act as in
 * the exported inference model (running statistics, identity), as PyTorch's `model.eval()`.
 * In both modes LogSoftmax is lowered, inference Dropout becomes the identity and a MaxPool
 * whose Indices nobody reads loses that output: the WebGPU provider runs none of those forms.
 * An ungrouped Conv with output images of at most 64 cells, or a depthwise one with at most 16,
 * becomes MatMuls over the batch (`lowerSmallImageConv`): ONNX Runtime runs a Conv one image at
 * a time.
 */
export function lowering(graph: Graph, mode: 'train' | 'eval', options: LoweringOptions = {}): NonNullable<FromGraphOptions['rewrite']> {
  const consumed = new Set(graph.nodes.flatMap((n) => n.inputs));
  for (const output of graph.outputs) consumed.add(output.name);
  return (g, node, inputs) => {
    if (node.domain !== '') return undefined;
    switch (node.op) {
      case 'BatchNormalization': {
        if (!isTrainingBatchNorm(node)) return undefined;
        if (mode === 'train') return lowerBatchNorm(g, node, inputs, options.closedFormBatchNorm ?? true);
        const attributes: Record<string, Attribute> = { ...node.attributes };
        delete attributes.training_mode;
        return g.addNode('BatchNormalization', inputs, attributes, { name: node.name });
      }
      case 'Dropout': {
        const x = inputs[0]!;
        if (mode === 'eval' || !isTrainingDropout(graph, node)) return [g.identity(x)];
        const ratio = constantOf(graph, node.inputs[1]) ?? 0.5;
        const mask = g.input(NAMES.dropoutMask(node.name), x.dtype, x.shape);
        return [g.mul(g.mul(x, mask), 1 / (1 - ratio))];
      }
      case 'LogSoftmax':
        return [lowerLogSoftmax(g, node, inputs[0]!)];
      case 'Conv':
        return (options.smallImageConv ?? true) ? lowerSmallImageConv(g, node, inputs, mode === 'train') : undefined;
      case 'MaxPool':
        if (node.outputs.length < 2 || consumed.has(node.outputs[1]!)) return undefined;
        return g.addNode('MaxPool', inputs, node.attributes, { name: node.name, outputCount: 1 });
      default:
        return undefined;
    }
  };
}

/**
 * The exported model's nodes in inference form, in the model's own opset: BatchNormalization
 * keeps only its first output (and loses `training_mode`), Dropout loses its `training_mode`
 * input, so any runtime computes what `predict` computes.
 */
export function inferenceNodes(graph: Graph): Node[] {
  return graph.nodes.map((node) => {
    if (node.domain !== '') return node;
    if (node.op === 'BatchNormalization' && (node.outputs.length > 1 || node.attributes.training_mode)) {
      const attributes: Record<string, Attribute> = { ...node.attributes };
      delete attributes.training_mode;
      return { ...node, outputs: node.outputs.slice(0, 1), attributes };
    }
    if (node.op === 'Dropout' && node.inputs.length > 2) return { ...node, inputs: node.inputs.slice(0, 2) };
    return node;
  });
}
