import type { Attribute, Model } from '@losskit/graph';

/** One node of a model, in a form any framework can interpret: attributes as plain values. */
export interface ArchNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, number | string | readonly number[]>>;
}

/**
 * A model's architecture for peers (PyTorch, TensorFlow.js): its nodes, its float32 parameters
 * (with their initial values) and its constant int64 tensors. Derived from the ONNX graph
 * itself, so the peers follow whatever `convAutoencoder` builds today.
 */
export interface Architecture {
  readonly input: string;
  readonly output: string;
  readonly nodes: readonly ArchNode[];
  readonly params: readonly { readonly name: string; readonly dims: readonly number[]; readonly data: Float32Array }[];
  /** Constant shapes and the like (Constant nodes and int64 initializers), by value name. */
  readonly constants: Readonly<Record<string, readonly number[]>>;
}

function plain(attribute: Attribute): number | string | readonly number[] | undefined {
  if (attribute.type === 'int' || attribute.type === 'float' || attribute.type === 'string') return attribute.value;
  if (attribute.type === 'ints' || attribute.type === 'floats') return attribute.value;
  return undefined;
}

function numbers(data: ArrayLike<number | bigint>): number[] {
  return Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** The architecture of a single-input, single-output model. */
export function architectureOf(model: Model): Architecture {
  const graph = model.graph;
  const constants: Record<string, readonly number[]> = {};
  const params: { name: string; dims: readonly number[]; data: Float32Array }[] = [];
  for (const t of graph.initializers) {
    if (t.dtype === 'float32') params.push({ name: t.name, dims: t.dims, data: t.data as Float32Array });
    else constants[t.name] = numbers(t.data as ArrayLike<number | bigint>);
  }
  const nodes: ArchNode[] = [];
  for (const node of graph.nodes) {
    const value = node.attributes.value;
    if (node.op === 'Constant' && value?.type === 'tensor') {
      constants[node.outputs[0]!] = numbers(value.value.data as ArrayLike<number | bigint>);
      continue;
    }
    const attributes: Record<string, number | string | readonly number[]> = {};
    for (const [key, a] of Object.entries(node.attributes)) {
      const v = plain(a);
      if (v !== undefined) attributes[key] = v;
    }
    nodes.push({ op: node.op, inputs: node.inputs, outputs: node.outputs, attributes });
  }
  const paramNames = new Set(params.map((p) => p.name));
  const input = graph.inputs.find((v) => !paramNames.has(v.name))!.name;
  return { input, output: graph.outputs[0]!.name, nodes, params, constants };
}
