import { type Dim, type GraphBuilder, InvalidOptionError, type Model, type Value, attr } from '@losskit/graph';
import { initLayer } from './init';
import type { Random } from './random';

/** Activation functions the reference models may use (the autodiff package differentiates both). */
export type Activation = 'relu' | 'leakyRelu';

/** LeakyRelu's negative slope in the reference models (the DCGAN value). */
export const LEAKY_RELU_ALPHA = 0.2;

/** Adds the parameters `<name>.weight` and `<name>.bias` with PyTorch's default init. */
function parameters(g: GraphBuilder, name: string, weightDims: readonly number[], biasSize: number, random: Random): [Value, Value] {
  const { weight, bias } = initLayer(weightDims, biasSize, random);
  return [g.parameter(`${name}.weight`, 'float32', weightDims, weight), g.parameter(`${name}.bias`, 'float32', [biasSize], bias)];
}

/** Checks that `size` survives one halving per width: a multiple of `2 ** widths.length`. */
export function checkHalvings(builder: string, size: number, widths: readonly number[]): void {
  const factor = 2 ** widths.length;
  if (size % factor !== 0) throw new InvalidOptionError(`${builder}.size`, `a multiple of ${factor} (2 ** widths.length, one halving per width)`, size);
}

/** A 2-D convolution, kernel 4, stride 2, pad 1: exactly halves even spatial sizes. */
export function downsample(g: GraphBuilder, name: string, x: Value, outChannels: number, random: Random): Value {
  const [w, b] = parameters(g, name, [outChannels, x.shape[1]!, 4, 4], outChannels, random);
  const attributes = { kernel_shape: attr.ints([4, 4]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) };
  return g.addNode('Conv', [x, w, b], attributes, { name: `${name}.Conv` })[0]!;
}

/**
 * A 2-D transposed convolution, kernel 4, stride 2, pad 1: exactly doubles spatial sizes with
 * no `output_padding`, so its gradient is a plain Conv with the same attributes.
 */
export function upsample(g: GraphBuilder, name: string, x: Value, outChannels: number, random: Random): Value {
  const [w, b] = parameters(g, name, [x.shape[1]!, outChannels, 4, 4], outChannels, random);
  const attributes = { kernel_shape: attr.ints([4, 4]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) };
  return g.addNode('ConvTranspose', [x, w, b], attributes, { name: `${name}.ConvTranspose` })[0]!;
}

/** A 2-D convolution with a square `kernel` (odd), stride 1 and "same" padding: keeps the spatial size. */
export function conv(g: GraphBuilder, name: string, x: Value, outChannels: number, random: Random, kernel = 3): Value {
  const [w, b] = parameters(g, name, [outChannels, x.shape[1]!, kernel, kernel], outChannels, random);
  const pad = (kernel - 1) / 2;
  const attributes = { kernel_shape: attr.ints([kernel, kernel]), pads: attr.ints([pad, pad, pad, pad]) };
  return g.addNode('Conv', [x, w, b], attributes, { name: `${name}.Conv` })[0]!;
}

/** How a decoder doubles the spatial size. */
export type Upsampling = 'nearest' | 'linear' | 'transposed';

/**
 * Doubles the spatial size: `Resize` (nearest or bilinear, half-pixel) followed by a 3x3 conv,
 * or (`transposed`) the stride-2 transposed convolution of {@link upsample}. Resize + conv has
 * no checkerboard artifact: every output cell sees the same number of kernel taps.
 */
export function upsampleBy2(g: GraphBuilder, name: string, x: Value, outChannels: number, random: Random, mode: Upsampling): Value {
  if (mode === 'transposed') return upsample(g, name, x, outChannels, random);
  const scales = g.constant(Float32Array.of(1, 1, 2, 2), 'float32', [4]);
  const attributes = { mode: attr.string(mode), coordinate_transformation_mode: attr.string('half_pixel') };
  const [resized] = g.addNode('Resize', [x, undefined, scales], attributes, { name: `${name}.Resize` });
  return conv(g, name, resized!, outChannels, random);
}

/** A fully connected layer as `Gemm(x, W, b)` with `W` stored `[out, in]` (transB = 1), as PyTorch stores it. */
export function dense(g: GraphBuilder, name: string, x: Value, outFeatures: number, random: Random, outputName?: string): Value {
  const [w, b] = parameters(g, name, [outFeatures, x.shape[1]!], outFeatures, random);
  const options = outputName ? { name: `${name}.Gemm`, outputNames: [outputName] } : { name: `${name}.Gemm` };
  return g.addNode('Gemm', [x, w, b], { transB: attr.int(1) }, options)[0]!;
}

/** A 2x2 max pooling with stride 2 (PyTorch's `MaxPool2d(2)`): halves even spatial sizes. */
export function maxPool2(g: GraphBuilder, name: string, x: Value): Value {
  const attributes = { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) };
  // One output: the optional Indices output has no WebGPU kernel and no use here.
  return g.addNode('MaxPool', [x], attributes, { name: `${name}.MaxPool`, outputCount: 1 })[0]!;
}

/** The chosen activation, as a named node. */
export function activate(g: GraphBuilder, name: string, x: Value, activation: Activation): Value {
  if (activation === 'relu') return g.addNode('Relu', [x], {}, { name: `${name}.Relu` })[0]!;
  return g.addNode('LeakyRelu', [x], { alpha: attr.float(LEAKY_RELU_ALPHA) }, { name: `${name}.LeakyRelu` })[0]!;
}

function symbolic<T extends { readonly shape: readonly Dim[] | undefined }>(v: T): T {
  return { ...v, shape: ['batch', ...(v.shape ?? []).slice(1)] };
}

/**
 * The finished model of the builder `architecture`: the resolved options recorded in its doc
 * string and metadata (so an exported `.onnx` file says how it was built), and the symbolic batch
 * dim of {@link withSymbolicBatch}.
 */
export function finishModel(g: GraphBuilder, architecture: string, resolved: Record<string, unknown>): Model {
  return withSymbolicBatch(
    g.toModel({
      producerName: '@losskit/models',
      docString: `${architecture}(${JSON.stringify(resolved)})`,
      metadata: { 'losskit.architecture': architecture, 'losskit.options': JSON.stringify(resolved) },
    }),
  );
}

/**
 * Replaces the placeholder batch size of the model's inputs and outputs with the symbolic
 * `"batch"`. Sound only because every node between them is batch-agnostic: per-sample ops,
 * Flatten at axis 1 and Reshape with `0` for the batch dim.
 */
function withSymbolicBatch(model: Model): Model {
  return { ...model, graph: { ...model.graph, inputs: model.graph.inputs.map(symbolic), outputs: model.graph.outputs.map(symbolic) } };
}
