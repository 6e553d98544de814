import type { GraphBuilder, Node, Value } from '@losskit/graph';

/** The most cells an output image may have for its Conv to be rewritten (2x2). */
const MAX_OUTPUT_CELLS = 4;

function ints(node: Node, name: string): readonly number[] | undefined {
  const a = node.attributes[name];
  return a?.type === 'ints' ? a.value : undefined;
}

/**
 * An ungrouped 2-D Conv whose output images have at most 4 cells (resnet18's last stage on 64x64
 * inputs) as one im2col and one MatMul over the whole batch: the kernel's taps are strided
 * Slices of the padded input, stacked to `[C·kh·kw, N·cells]`, and the kernel, read as
 * `[M, C·kh·kw]`, multiplies them at once. ONNX Runtime's Conv (and the ConvTranspose and Gemm
 * forms of its gradients) runs one Gemm per image, whose 4 columns cannot use the Gemm kernel
 * well; with the batch as columns, a 512-channel 3x3 layer on `[16, 512, 2, 2]` took 33 ms for
 * its value and gradients instead of 47 ms on the 2-core machine (21.5 against 16 ms at batch
 * 4). On 4x4 images the Conv was faster, hence the limit. Returns undefined (the Conv stays) for
 * grouped Convs, dilations, `auto_pad` and larger images.
 */
export function lowerSmallImageConv(g: GraphBuilder, node: Node, inputs: readonly (Value | undefined)[]): Value[] | undefined {
  const [x, w, bias] = inputs;
  if (!x || !w || x.shape.length !== 4 || w.shape.length !== 4) return undefined;
  const group = node.attributes.group;
  const autoPad = node.attributes.auto_pad;
  if ((group && (group.type !== 'int' || group.value !== 1)) || (autoPad?.type === 'string' && autoPad.value !== 'NOTSET')) return undefined;
  if ((ints(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) return undefined;
  const [n, channels, ...size] = x.shape as [number, number, number, number];
  const [outChannels, inChannels, ...kernel] = w.shape as [number, number, number, number];
  if (inChannels !== channels) return undefined;
  const strides = ints(node, 'strides') ?? [1, 1];
  const pads = ints(node, 'pads') ?? [0, 0, 0, 0];
  const out = size.map((s, a) => Math.floor((s + pads[a]! + pads[a + 2]! - kernel[a]!) / strides[a]!) + 1);
  if (out.some((o) => o < 1) || out[0]! * out[1]! > MAX_OUTPUT_CELLS) return undefined;
  const padded = pads.some((p) => p > 0) ? g.pad(x, [0, 0, pads[0]!, pads[1]!, 0, 0, pads[2]!, pads[3]!]) : x;
  const taps: Value[] = [];
  for (let ky = 0; ky < kernel[0]!; ky++) {
    for (let kx = 0; kx < kernel[1]!; kx++) {
      const starts = [ky, kx];
      const ends = starts.map((s, a) => s + (out[a]! - 1) * strides[a]! + 1);
      taps.push(g.unsqueeze(g.slice(padded, { starts, ends, axes: [2, 3], steps: strides }), [2]));
    }
  }
  // [N, C, K, oh, ow] -> [C, K, N, oh, ow] -> [C·K, N·oh·ow]: the row order of the kernel's [M, C·K].
  const stacked = taps.length === 1 ? taps[0]! : g.concat(taps, 2);
  const columns = g.reshape(g.transpose(stacked, [1, 2, 0, 3, 4]), [channels * taps.length, n * out[0]! * out[1]!]);
  const product = g.matMul(g.reshape(w, [outChannels, channels * taps.length]), columns);
  let y = g.transpose(g.reshape(product, [outChannels, n, out[0]!, out[1]!]), [1, 0, 2, 3]);
  if (bias) y = g.add(y, g.reshape(bias, [1, outChannels, 1, 1]));
  return [y];
}
