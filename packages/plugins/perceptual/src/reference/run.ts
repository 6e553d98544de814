import { type Float64Tensor, type Graph, UnsupportedOperatorError } from '@losskit/core';
import { REFERENCE_OPS, toFloat64 } from './ops';

/** Initializers in float64, converted once per graph: the reference runs the same network many times. */
const constants = new WeakMap<Graph, ReadonlyMap<string, Float64Tensor>>();

function constantsOf(graph: Graph): ReadonlyMap<string, Float64Tensor> {
  let values = constants.get(graph);
  if (!values) {
    values = new Map(graph.initializers.filter((t) => t.dtype !== 'string').map((t) => [t.name, toFloat64(t)]));
    constants.set(graph, values);
  }
  return values;
}

/**
 * Runs `graph` on `images` (its input `input`) in float64 and returns the values named `names`.
 * Throws `UnsupportedOperatorError` listing the graph's operators it does not evaluate (see
 * `REFERENCE_OPS`); the loss graph itself runs any operator ONNX Runtime has.
 */
export function runNetwork(graph: Graph, input: string, images: Float64Tensor, names: readonly string[]): Float64Tensor[] {
  const unknown = graph.nodes.filter((n) => !REFERENCE_OPS[n.op] || n.domain !== '');
  if (unknown.length > 0) {
    const nodes: Record<string, string[]> = {};
    for (const n of unknown) (nodes[n.op] ??= []).push(n.name);
    throw new UnsupportedOperatorError(Object.keys(nodes), "perceptual's float64 reference (the ground truth of its tests) does not evaluate", nodes);
  }
  const values = new Map(constantsOf(graph));
  values.set(input, images);
  for (const node of graph.nodes) {
    const outputs = REFERENCE_OPS[node.op]!(
      node.inputs.map((name) => (name === '' ? undefined : values.get(name))),
      node,
    );
    node.outputs.forEach((name, i) => {
      if (name !== '' && outputs[i]) values.set(name, outputs[i]!);
    });
  }
  return names.map((name) => values.get(name)!);
}
