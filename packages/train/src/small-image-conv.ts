import { defineGradient } from '@losskit/autodiff';
import { type GraphBuilder, type Node, type Value, attributeValue } from '@losskit/graph';

/** The most cells an output image may have for its Conv to be rewritten (8x8). */
const MAX_OUTPUT_CELLS = 64;
/**
 * The most cells a depthwise Conv's output image may have for it to be rewritten (4x4): its
 * product multiplies every pixel with every output cell, H·W times the Conv's own work. With 8x8
 * images too, mobilenet_v2's step at batch 16 ran 1.5 times slower instead of 10 % faster.
 */
const MAX_DEPTHWISE_OUTPUT_CELLS = 16;
/** The largest im2col matrix (elements) to build: larger images and kernels keep their Conv. */
const MAX_MATRIX_ELEMENTS = 1 << 16;

/**
 * The im2col of one image as a 0/1 matrix `[H·W, K·oh·ow]` (K = kh·kw taps, tap-major): column
 * `(k, cell)` has a 1 in the row of the input pixel that tap k reads for that output cell, and
 * none where the tap falls in the zero padding.
 */
function im2colMatrix(size: readonly number[], kernel: readonly number[], strides: readonly number[], pads: readonly number[], out: readonly number[]): Float32Array {
  const [h, w] = size as [number, number];
  const cells = out[0]! * out[1]!;
  const taps = kernel[0]! * kernel[1]!;
  const matrix = new Float32Array(h * w * taps * cells);
  for (let ky = 0; ky < kernel[0]!; ky++) {
    for (let kx = 0; kx < kernel[1]!; kx++) {
      for (let oy = 0; oy < out[0]!; oy++) {
        for (let ox = 0; ox < out[1]!; ox++) {
          const y = oy * strides[0]! + ky - pads[0]!;
          const x = ox * strides[1]! + kx - pads[1]!;
          if (y < 0 || y >= h || x < 0 || x >= w) continue;
          const column = (ky * kernel[1]! + kx) * cells + oy * out[1]! + ox;
          matrix[(y * w + x) * taps * cells + column] = 1;
        }
      }
    }
  }
  return matrix;
}

/** Per graph, the Gather indices made so far (mobilenet_v2 has 17 depthwise layers on 7 shapes). */
const orders = new WeakMap<GraphBuilder, Map<string, Value>>();

/** An int32 initializer of `g` holding `make()`, made once per graph and `key`. */
function indices(g: GraphBuilder, key: string, make: () => Int32Array): Value {
  const known = orders.get(g) ?? new Map<string, Value>();
  orders.set(g, known);
  let order = known.get(key);
  if (!order) {
    const index = make();
    order = g.initializer(g.uniqueName('order'), 'int32', [index.length], index, { trainable: false });
    known.set(key, order);
  }
  return order;
}

/** The Gather indices that read `[A, B, P]` as `[B, A, P]`, whole rows of P at a time. */
function rowOrder(g: GraphBuilder, rows: number, columns: number): Value {
  return indices(g, `rows ${rows}x${columns}`, () => {
    const index = new Int32Array(rows * columns);
    for (let j = 0; j < columns; j++) for (let i = 0; i < rows; i++) index[j * rows + i] = i * columns + j;
    return index;
  });
}

/**
 * `[A, B, P]` as `[B, A, P]` by a Gather of whole rows of P (`order` from {@link rowOrder}):
 * ONNX Runtime's Transpose moves rows of 4 or 16 values element by element (mobilenet_v2's step
 * at batch 16 ran 5-10 % faster with Gathers, interleaved).
 */
function swapLeadingAxes(b: GraphBuilder, v: Value, order: Value): Value {
  const [rows, columns, p] = v.shape as [number, number, number];
  return b.reshape(b.gather(b.reshape(v, [rows * columns, p]), order, 0), [columns, rows, p]);
}

/** The im2col matrix `[H·W, K·cells]` (entry `(p, k·cells + o)`) as `[K, H·W·cells]` (`pixelMajor`) or `[K, cells·H·W]`. */
function perTap(matrix: Float32Array, pixels: number, taps: number, cells: number, pixelMajor: boolean): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let p = 0; p < pixels; p++) {
    for (let k = 0; k < taps; k++) {
      for (let o = 0; o < cells; o++) out[k * pixels * cells + (pixelMajor ? p * cells + o : o * pixels + p)] = matrix[p * taps * cells + k * cells + o]!;
    }
  }
  return out;
}

/** `[rows, columns]` as `[columns, rows]`. */
function transposed(matrix: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = matrix[r * columns + c]!;
  return out;
}

/** What {@link depthwiseProducts} needs of the layer. */
interface DepthwiseLayer {
  readonly n: number;
  readonly channels: number;
  readonly pixels: number;
  readonly taps: number;
  readonly cells: number;
  readonly out: readonly number[];
  /** The im2col's 0/1 matrix `[H·W, K·cells]`. */
  readonly matrix: Float32Array;
  /** Whether the result is differentiated (training); an evaluation graph needs no gradient. */
  readonly differentiable: boolean;
}

/**
 * A depthwise Conv (no bias) as one product per channel over the whole batch, `[C, N, H·W]` by
 * `[C, H·W, cells]`, each channel's matrix its kernel laid on the im2col's 0/1 pattern (one
 * product of `[C, K]` by a constant `[K, H·W·cells]`). Its gradient is given in closed form so
 * that no product needs a transposed operand (a Transpose of `[C, N, 4]`'s last axes took ONNX
 * Runtime 2 ms): `dx` by the kernel laid on the pattern in `[cells, H·W]` order, `dw` from
 * `dyᵀ · images` per channel with `dyᵀ` gathered element by element.
 */
function depthwiseProducts(g: GraphBuilder, x: Value, w: Value, layer: DepthwiseLayer): Value {
  const { n, channels, pixels, taps, cells, out, matrix } = layer;
  const byNC = rowOrder(g, n, channels);
  const byCN = rowOrder(g, channels, n);
  const weights = g.reshape(w, [channels, taps]);
  const images = swapLeadingAxes(g, g.reshape(x, [n, channels, pixels]), byNC);
  const kernels = g.reshape(g.matMul(weights, g.constant(perTap(matrix, pixels, taps, cells, true), 'float32', [taps, pixels * cells])), [channels, pixels, cells]);
  const y = g.reshape(swapLeadingAxes(g, g.matMul(images, kernels), byCN), [n, channels, out[0]!, out[1]!]);
  if (!layer.differentiable) return y;
  // Every constant the gradient reads is made here, before it: names the gradient's own builder
  // takes are not reserved in `g`.
  const byCell = perTap(matrix, pixels, taps, cells, false);
  const patternByCell = g.constant(byCell, 'float32', [taps, cells * pixels]);
  const patternTransposed = g.constant(transposed(byCell, taps, cells * pixels), 'float32', [cells * pixels, taps]);
  // dy [N, C, cells] read as [C, cells, N]: element (c, o, i) is dy's (i, c, o).
  const cellsByImage = indices(g, `cells ${n}x${channels}x${cells}`, () => {
    const index = new Int32Array(n * channels * cells);
    for (let c = 0; c < channels; c++) for (let o = 0; o < cells; o++) for (let i = 0; i < n; i++) index[(c * cells + o) * n + i] = (i * channels + c) * cells + o;
    return index;
  });
  defineGradient(g, y, [x, w], (b, dy) => {
    const kernelsTransposed = b.reshape(b.matMul(weights, patternByCell), [channels, cells, pixels]);
    const dyPerChannel = swapLeadingAxes(b, b.reshape(dy, [n, channels, cells]), byNC);
    const dx = b.reshape(swapLeadingAxes(b, b.matMul(dyPerChannel, kernelsTransposed), byCN), x.shape);
    const dyTransposed = b.reshape(b.gather(b.reshape(dy, [n * channels * cells]), cellsByImage, 0), [channels, cells, n]);
    const dKernels = b.reshape(b.matMul(dyTransposed, images), [channels, cells * pixels]);
    return [dx, b.reshape(b.matMul(dKernels, patternTransposed), w.shape)];
  });
  return y;
}

/**
 * An ungrouped 2-D Conv whose output images have at most 64 cells (resnet18's layer2 to layer4
 * on 64x64 inputs) as MatMuls over the whole batch: the im2col is a product with a constant 0/1
 * matrix (`[N·C, H·W]` by `[H·W, K·cells]`; none for a 1x1 kernel reading every pixel), and the
 * kernel, read as `[M, C·K]`, multiplies the columns of every image at once (`[C·K, N·cells]`).
 * ONNX Runtime's Conv (and the ConvTranspose and Gemm forms of its gradients) runs one Gemm per
 * image, whose few columns use the Gemm kernel badly; here each gradient is one product too,
 * the im2col's by the matrix's transpose. (Taking the taps as strided Slices instead gave a Pad
 * per tap in the gradient: 28 ms of resnet18's step at batch 16.) Larger images keep the Conv
 * (their Gemms are wide enough, and the matrix would grow with the square of the image), as do
 * layers with fewer output channels than input pixels (the product would cost more than the
 * Conv), grouped Convs other than depthwise ones, dilations and `auto_pad`.
 *
 * A depthwise Conv (one group per channel) on output images of at most 16 cells becomes one
 * product per channel over the whole batch (`[C, N, H·W]` by `[C, H·W, cells]`), each channel's
 * `[H·W, cells]` matrix its kernel laid on the im2col's 0/1 pattern (one product of `[C, K]` by a
 * constant `[K, H·W·cells]`). ONNX Runtime's grouped Conv runs one small Gemm per image and
 * channel (15360 for mobilenet_v2's `[16, 960, 2, 2]` layers, 1.8 ms each); the products' C
 * Gemms ran its step at batch 16 10-20 % faster (mobilenet_v2, efficientnet_b0), at batch 4
 * within noise. `differentiable: false` (evaluation graphs) leaves out its closed-form gradient.
 */
export function lowerSmallImageConv(g: GraphBuilder, node: Node, inputs: readonly (Value | undefined)[], differentiable = true): Value[] | undefined {
  const [x, w, bias] = inputs;
  if (!x || !w || x.shape.length !== 4 || w.shape.length !== 4) return undefined;
  const groups = attributeValue(node.attributes, 'group', 'int') ?? 1;
  if ((attributeValue(node.attributes, 'auto_pad', 'string') ?? 'NOTSET') !== 'NOTSET') return undefined;
  if ((attributeValue(node.attributes, 'dilations', 'ints') ?? [1, 1]).some((d) => d !== 1)) return undefined;
  const [n, channels, ...size] = x.shape as [number, number, number, number];
  const [outChannels, inChannels, ...kernel] = w.shape as [number, number, number, number];
  const depthwise = groups === channels && inChannels === 1 && outChannels === channels;
  if (groups !== 1 && !depthwise) return undefined;
  if (groups === 1 && inChannels !== channels) return undefined;
  const strides = attributeValue(node.attributes, 'strides', 'ints') ?? [1, 1];
  const pads = attributeValue(node.attributes, 'pads', 'ints') ?? [0, 0, 0, 0];
  const out = size.map((s, a) => Math.floor((s + pads[a]! + pads[a + 2]! - kernel[a]!) / strides[a]!) + 1);
  if (out.some((o) => o < 1) || out[0]! * out[1]! > (depthwise ? MAX_DEPTHWISE_OUTPUT_CELLS : MAX_OUTPUT_CELLS)) return undefined;
  const cells = out[0]! * out[1]!;
  const taps = kernel[0]! * kernel[1]!;
  const pixelCount = size[0]! * size[1]!;
  let y: Value;
  if (depthwise) {
    if (pixelCount * taps * cells > MAX_MATRIX_ELEMENTS) return undefined;
    const matrix = im2colMatrix(size, kernel, strides, pads, out);
    y = depthwiseProducts(g, x, w, { n, channels, pixels: pixelCount, taps, cells, out, matrix, differentiable });
  } else {
    // A 1x1 kernel reading every pixel once needs no im2col: its columns are the pixels.
    const pointwise = taps === 1 && cells === pixelCount;
    // The im2col product costs N·C·H·W·taps·cells multiply-adds, the Conv N·M·C·taps·cells: with
    // more pixels than output channels it would cost more than the Conv it replaces (the demo
    // autoencoder's 32-channel layers on 8x8 images ran 7-9 % slower so).
    if (!pointwise && (pixelCount > outChannels || pixelCount * taps * cells > MAX_MATRIX_ELEMENTS)) return undefined;
    const pixels = g.reshape(x, [n * channels, pixelCount]);
    const perImage = pointwise ? pixels : g.matMul(pixels, g.constant(im2colMatrix(size, kernel, strides, pads, out), 'float32', [pixelCount, taps * cells]));
    // [N, C, K, cells] -> [C, K, N, cells] -> [C·K, N·cells]: the row order of the kernel's [M, C·K].
    const columns = g.reshape(g.transpose(g.reshape(perImage, [n, channels, taps, cells]), [1, 2, 0, 3]), [channels * taps, n * cells]);
    const product = g.matMul(g.reshape(w, [outChannels, channels * taps]), columns);
    y = g.transpose(g.reshape(product, [outChannels, n, out[0]!, out[1]!]), [1, 0, 2, 3]);
  }
  if (bias) y = g.add(y, g.reshape(bias, [1, outChannels, 1, 1]));
  return [y];
}
