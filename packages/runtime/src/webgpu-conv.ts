/**
 * A workaround for an ONNX Runtime WebGPU Conv bug (onnxruntime-web 1.30, seen on SwiftShader):
 * a 2-D Conv whose input channels are a multiple of 3 but not of 4 and larger than 3 (6, 9, 18,
 * 30, ...), with output channels a multiple of 4 and a kernel larger than 1x1, returns wrong
 * values, off by about the size of the result (the vectorized conv-as-matmul path that reads
 * input channels 3 at a time). 3, 5, 7, 8, 10, 12 input channels, 1x1 kernels and output
 * channels that are not a multiple of 4 are right. See microsoft/onnxruntime#29651.
 *
 * The rewrite zero-pads such a Conv's input and weight along the channel axis up to the next
 * multiple of 4: the extra channels multiply zeros by zeros, so the result is the same Conv,
 * computed on the path that is right. Weight-gradient Convs of a training graph (batch as input
 * channels) are covered too, since they are plain Convs.
 * @module
 */
import { type Graph, GraphBuilder, type Model, type Node, decodeModel, encodeModel } from '@losskit/graph';

/** Whether ONNX Runtime WebGPU miscomputes a group-1 Conv with this weight shape `[out, in, ...kernel]`. */
export function webgpuConvIsWrong(weightDims: readonly number[]): boolean {
  const [outChannels, inChannels, ...kernel] = weightDims as [number, number, ...number[]];
  if (kernel.length !== 2 || kernel.every((k) => k === 1)) return false;
  return inChannels > 3 && inChannels % 3 === 0 && inChannels % 4 !== 0 && outChannels % 4 === 0;
}

/** Static shapes of every value we can know: initializers, declared inputs, then inferred. */
function valueShapes(graph: Graph): (name: string) => readonly number[] | undefined {
  const known = new Map<string, readonly number[]>();
  for (const t of graph.initializers) known.set(t.name, t.dims);
  for (const input of graph.inputs) {
    if (input.shape?.every((d) => typeof d === 'number')) known.set(input.name, input.shape as number[]);
  }
  let inferred: GraphBuilder | undefined;
  try {
    // Symbolic dims (an inference model's batch) become 1: that decides only Convs whose weight
    // depends on the batch, which exist in training graphs, and those have concrete shapes.
    const shapes = Object.fromEntries(graph.inputs.map((i) => [i.name, (i.shape ?? []).map((d) => (typeof d === 'number' ? d : 1))]));
    inferred = GraphBuilder.fromGraph(graph, shapes);
  } catch {
    // Operators without shape inference (custom domains): only the known shapes decide.
  }
  return (name) => {
    const shape = known.get(name);
    if (shape || !inferred?.hasValue(name)) return shape;
    const dims = inferred.value(name).shape;
    return dims.every((d) => typeof d === 'number') ? (dims as number[]) : undefined;
  };
}

function isGroupOne(node: Node): boolean {
  const group = node.attributes.group;
  return group === undefined || (group.type === 'int' && group.value === 1);
}

/**
 * The graph with every Conv that ONNX Runtime WebGPU miscomputes (see {@link webgpuConvIsWrong})
 * rewritten as `Conv(Pad(x), Pad(w), b)` with zero channels up to a multiple of 4; the same
 * graph object when there is none.
 */
export function padWrongWebGpuConvs(graph: Graph): Graph {
  const convs = graph.nodes.filter((n) => n.op === 'Conv' && n.domain === '' && isGroupOne(n));
  if (convs.length === 0) return graph;
  const shapeOf = valueShapes(graph);
  const nodes: Node[] = [];
  let rewritten = 0;
  for (const node of graph.nodes) {
    const weight = convs.includes(node) ? shapeOf(node.inputs[1]!) : undefined;
    if (!weight || !webgpuConvIsWrong(weight)) {
      nodes.push(node);
      continue;
    }
    const extra = 4 - (weight[1]! % 4);
    const prefix = `${node.name || node.outputs[0]}.webgpu_channel_pad${rewritten++}`;
    // Pads of a rank-4 tensor: begins then ends; only the end of the channel axis (1).
    const pads = BigInt64Array.of(0n, 0n, 0n, 0n, 0n, BigInt(extra), 0n, 0n);
    const padsName = `${prefix}.pads`;
    const [x, w] = [`${prefix}.x`, `${prefix}.w`];
    nodes.push(
      { op: 'Constant', domain: '', name: padsName, inputs: [], outputs: [padsName], attributes: { value: { type: 'tensor', value: { name: padsName, dtype: 'int64', dims: [8], data: pads } } } },
      { op: 'Pad', domain: '', name: `${prefix}.PadX`, inputs: [node.inputs[0]!, padsName], outputs: [x], attributes: {} },
      { op: 'Pad', domain: '', name: `${prefix}.PadW`, inputs: [node.inputs[1]!, padsName], outputs: [w], attributes: {} },
      { ...node, inputs: [x, w, ...node.inputs.slice(2)] },
    );
  }
  return rewritten === 0 ? graph : { ...graph, nodes };
}

/** The model bytes with {@link padWrongWebGpuConvs} applied; the same bytes when nothing changes. */
export function padWrongWebGpuConvsInBytes(bytes: Uint8Array): Uint8Array {
  let model: Model;
  try {
    model = decodeModel(bytes);
  } catch {
    return bytes; // ONNX Runtime reports what is wrong with the bytes, in its own words.
  }
  const graph = padWrongWebGpuConvs(model.graph);
  return graph === model.graph ? bytes : encodeModel({ ...model, graph });
}
