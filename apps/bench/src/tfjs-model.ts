import type { Architecture, ArchNode } from './architecture';
import type * as tfjs from '@tensorflow/tfjs-core';

/**
 * The TensorFlow.js namespace the port runs on: the npm modules in Node, the `tf` global of the
 * prebuilt bundles in Chromium. Only types are imported here, so the page loads no npm tfjs.
 */
export type Tf = typeof tfjs;
type Tensor = tfjs.Tensor;
type Tensor4D = tfjs.Tensor4D;
type Tensor2D = tfjs.Tensor2D;
type Variable = tfjs.Variable;

/**
 * TensorFlow.js has no NCHW convolutions on its CPU and WASM backends, so the model runs NHWC:
 * weights are transposed once at setup, and activations go back to NCHW only where the ONNX
 * graph flattens or reshapes them (so Gemm weights keep their meaning).
 */
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** ONNX Conv/ConvTranspose weights to tfjs filters `[kh, kw, in, out]` (ConvTranspose: `[kh, kw, out, in]`). */
function filterOf(tf: Tf, w: Float32Array, dims: readonly number[]): Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(w, dims as [number, number, number, number]), [2, 3, 1, 0]));
}

function explicitPads(pads: readonly number[]): [[number, number], [number, number], [number, number], [number, number]] {
  return [[0, 0], [pads[0]!, pads[2]!], [pads[1]!, pads[3]!], [0, 0]];
}

/** The tfjs variables of a model: conv weights as filters, the rest as they are. */
export function tfjsVariables(tf: Tf, arch: Architecture): Map<string, Variable> {
  const convWeights = new Set(arch.nodes.filter((n) => n.op === 'Conv' || n.op === 'ConvTranspose').map((n) => n.inputs[1]!));
  return new Map(
    arch.params.map((p) => [
      p.name,
      // Unnamed: tfjs variable names are global, and each backend gets its own copy.
      tf.variable(convWeights.has(p.name) ? filterOf(tf, p.data, p.dims) : tf.tensor(p.data, [...p.dims]), true),
    ]),
  );
}

function ints(node: ArchNode, key: string, fallback: readonly number[]): number[] {
  const v = node.attributes[key];
  return Array.isArray(v) ? [...v] : [...fallback];
}

/** Runs the architecture forward on an NHWC batch. Throws for an op it does not map. */
export function tfjsForward(tf: Tf, arch: Architecture, vars: Map<string, Variable>, image: Tensor4D): Tensor4D {
  const values = new Map<string, Tensor>([[arch.input, image]]);
  const get = (name: string) => values.get(name) ?? vars.get(name)!;
  for (const node of arch.nodes) {
    const [a, b, c] = node.inputs.map((name) => (name === '' ? undefined : get(name)));
    let out: Tensor;
    switch (node.op) {
      case 'Conv': {
        const s = ints(node, 'strides', [1, 1]) as [number, number];
        const y = tf.conv2d(a as Tensor4D, b as Tensor4D, s, explicitPads(ints(node, 'pads', [0, 0, 0, 0])), 'NHWC');
        out = c ? tf.add(y, c) : y;
        break;
      }
      case 'ConvTranspose': {
        const s = ints(node, 'strides', [1, 1]) as [number, number];
        const pads = ints(node, 'pads', [0, 0, 0, 0]);
        const k = ints(node, 'kernel_shape', (b as Tensor4D).shape.slice(0, 2));
        const [n, h, w] = (a as Tensor4D).shape;
        const outShape: [number, number, number, number] = [
          n,
          (h - 1) * s[0] + k[0]! - pads[0]! - pads[2]!,
          (w - 1) * s[1] + k[1]! - pads[1]! - pads[3]!,
          (b as Tensor4D).shape[2],
        ];
        const y = tf.conv2dTranspose(a as Tensor4D, b as Tensor4D, outShape, s, pads[0]!);
        out = c ? tf.add(y, c) : y;
        break;
      }
      case 'Gemm': {
        const y = tf.matMul(a as Tensor2D, b as Tensor2D, node.attributes.transA === 1, node.attributes.transB === 1);
        out = c ? tf.add(y, c) : y;
        break;
      }
      case 'Flatten':
        out = tf.reshape(tf.transpose(a!, TO_NCHW), [a!.shape[0]!, -1]);
        break;
      case 'Reshape': {
        const shape = arch.constants[node.inputs[1]!]!.map((d, i) => (d === 0 ? a!.shape[i]! : d));
        out = tf.transpose(tf.reshape(a!, shape), TO_NHWC);
        break;
      }
      case 'Relu':
        out = tf.relu(a!);
        break;
      case 'LeakyRelu':
        out = tf.leakyRelu(a!, Number(node.attributes.alpha ?? 0.01));
        break;
      case 'Sigmoid':
        out = tf.sigmoid(a!);
        break;
      case 'Resize': {
        const [, h, w] = (a as Tensor4D).shape;
        const scales = node.inputs[2] ? arch.constants[node.inputs[2]]! : undefined;
        const size: [number, number] = scales ? [h * scales[2]!, w * scales[3]!] : [arch.constants[node.inputs[3]!]![2]!, arch.constants[node.inputs[3]!]![3]!];
        out = node.attributes.mode === 'linear' ? tf.image.resizeBilinear(a as Tensor4D, size, false, true) : tf.image.resizeNearestNeighbor(a as Tensor4D, size, false, true);
        break;
      }
      default:
        throw new Error(`the TensorFlow.js port of the benchmark model does not map ONNX ${node.op}`);
    }
    values.set(node.outputs[0]!, out);
  }
  return values.get(arch.output) as Tensor4D;
}

/**
 * Weight gradients of Conv2D and Conv2DBackpropInput written with ops tfjs-backend-wasm has:
 * it has no `Conv2DBackpropFilter` kernel, so `tf.grad` of a convolution throws there. The
 * filter gradient is the correlation of input and output gradient, a stride-1 conv2d dilated by
 * the stride with batch and channels swapped — the form losskit's graphs use too.
 */
export function filterGradient(tf: Tf, x: Tensor4D, dy: Tensor4D, filterShape: readonly number[], strides: readonly number[], pads: readonly number[]): Tensor4D {
  const [kh, kw] = filterShape as [number, number];
  const [, oh, ow] = dy.shape;
  const [, h, w] = x.shape;
  // End padding such that the correlation yields at least kh x kw taps.
  const endH = Math.max(0, (oh - 1) * strides[0]! + kh - h - pads[0]!);
  const endW = Math.max(0, (ow - 1) * strides[1]! + kw - w - pads[1]!);
  const input = tf.transpose(x, [3, 1, 2, 0]); // [Cin, H, W, N]
  const filter = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, N, Cout]
  const raw = tf.conv2d(input, filter, 1, [[0, 0], [pads[0]!, endH], [pads[1]!, endW], [0, 0]], 'NHWC', strides as [number, number]);
  return tf.transpose(tf.slice(raw, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]);
}

type Pad = number | 'same' | 'valid' | readonly (readonly number[])[];

/** Top and left padding of a tfjs `pad` attribute (explicit or a number; 'same' as stride-2 k4). */
function leadingPads(pad: Pad, filter: readonly number[], strides: readonly number[]): [number, number] {
  if (typeof pad === 'number') return [pad, pad];
  if (Array.isArray(pad)) return [pad[1]![0]!, pad[2]![0]!];
  if (pad === 'valid') return [0, 0];
  return [Math.floor(Math.max(filter[0]! - strides[0]!, 0) / 2), Math.floor(Math.max(filter[1]! - strides[1]!, 0) / 2)];
}

const registered = new WeakSet<object>();

/**
 * Gives tfjs's convolution gradients a fallback built from kernels tfjs-backend-wasm has, used
 * only on a backend without a `Conv2DBackpropFilter` kernel (others keep tfjs's own gradient).
 */
export function registerWasmConvGradients(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  const native = (kernel: string) => {
    const original = tf.getGradient(kernel);
    return (...args: Parameters<typeof original.gradFunc>) =>
      tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) ? original.gradFunc(...args) : undefined;
  };
  /**
   * Overrides one kernel's gradient: `saved` holds the kernel's `[first input, filter]`, and the
   * first input's gradient is `inputGradient`; the filter's comes from {@link filterGradient}
   * with (conv-like input, conv-like output gradient) = `operands`.
   */
  const override = (
    kernelName: string,
    inputsToSave: [string, string],
    inputGradient: (dy: Tensor4D, first: Tensor4D, filter: Tensor4D, strides: [number, number], pad: Pad) => Tensor4D,
    operands: (dy: Tensor4D, first: Tensor4D) => [Tensor4D, Tensor4D],
  ) => {
    const own = native(kernelName);
    tf.registerGradient({
      kernelName,
      inputsToSave,
      gradFunc: (dy, saved, attrs) => {
        const builtIn = own(dy, saved, attrs);
        if (builtIn) return builtIn;
        const [first, filter] = saved as [Tensor4D, Tensor4D];
        const { strides, pad } = attrs as unknown as { strides: [number, number] | number; pad: Pad };
        const s: [number, number] = typeof strides === 'number' ? [strides, strides] : strides;
        const [x, dOut] = operands(dy as Tensor4D, first);
        return {
          [inputsToSave[0]]: () => inputGradient(dy as Tensor4D, first, filter, s, pad),
          filter: () => filterGradient(tf, x, dOut, filter.shape, s, leadingPads(pad, filter.shape, s)),
        };
      },
    });
  };
  // Conv2D(x, filter): dx is a transposed conv of dy; dW correlates x with dy.
  override('Conv2D', ['x', 'filter'], (dy, x, filter, s, pad) => tf.conv2dTranspose(dy, filter, x.shape, s, pad as never), (dy, x) => [x, dy]);
  // Conv2DBackpropInput(dy, filter) (a transposed conv): its input's gradient is a conv of the
  // upstream gradient; dW correlates that gradient (conv-like input) with its input (conv-like dy).
  override('Conv2DBackpropInput', ['dy', 'filter'], (ddx, _dy, filter, s, pad) => tf.conv2d(ddx, filter, s, pad as never), (ddx, dy) => [ddx, dy]);
}
