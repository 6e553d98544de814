import { type Graph, InvalidOptionError, type Tensor, describeValue } from '@losskit/graph';

/**
 * Which parameters a trainer updates: an exact initializer name or a name prefix (`'fc.'`,
 * `'layer4'`), a list of them, a regular expression, or a predicate on the name.
 */
export type ParameterFilter = string | readonly string[] | RegExp | ((name: string) => boolean);

/**
 * Inputs that no gradient flows into, by operator: running statistics, shape operands, bounds,
 * ratios, indices and conditions. Initializers used only there are never parameters.
 */
const NON_DIFFERENTIABLE_INPUTS: Readonly<Record<string, readonly number[]>> = {
  BatchNormalization: [3, 4],
  Resize: [1, 2, 3],
  Upsample: [1],
  Dropout: [1, 2],
  Clip: [1, 2],
  Pad: [1, 2, 3],
  Reshape: [1],
  Expand: [1],
  Slice: [1, 2, 3, 4],
  Tile: [1],
  Split: [1],
  Squeeze: [1],
  Unsqueeze: [1],
  Gather: [1],
  Where: [0],
  ReduceSum: [1],
  ReduceMean: [1],
  ReduceMax: [1],
  ReduceMin: [1],
  ConstantOfShape: [0],
};

/** Operators whose outputs carry no gradient at all (shapes, comparisons, indices). */
const NON_DIFFERENTIABLE_OPS = new Set([
  'Shape', 'Size', 'Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual', 'Not', 'And', 'Or', 'Xor',
  'ArgMax', 'ArgMin', 'NonZero', 'Range', 'ConstantOfShape', 'Sign', 'Floor', 'Ceil', 'Round', 'IsNaN', 'IsInf',
]);

/**
 * Names of the values that `output` depends on through differentiable edges: a backward sweep
 * that skips shape operands, running statistics, integer results and comparison outputs.
 */
export function differentiableAncestors(graph: Graph, output: string): Set<string> {
  const producer = new Map<string, number>();
  graph.nodes.forEach((node, i) => node.outputs.forEach((name) => producer.set(name, i)));
  const reached = new Set<string>([output]);
  const stack = [output];
  while (stack.length > 0) {
    const index = producer.get(stack.pop()!);
    if (index === undefined) continue;
    const node = graph.nodes[index]!;
    if (node.domain === '' && NON_DIFFERENTIABLE_OPS.has(node.op)) continue;
    const skip = node.domain === '' ? (NON_DIFFERENTIABLE_INPUTS[node.op] ?? []) : [];
    node.inputs.forEach((name, i) => {
      if (name === '' || skip.includes(i) || reached.has(name)) return;
      reached.add(name);
      stack.push(name);
    });
  }
  return reached;
}

/** Turns a {@link ParameterFilter} into a predicate, checking that every name or prefix matches something. */
function matcher(option: string, filter: ParameterFilter, candidates: readonly string[]): (name: string) => boolean {
  if (typeof filter === 'function') return filter;
  if (filter instanceof RegExp) return (name) => filter.test(name);
  const entries = typeof filter === 'string' ? [filter] : filter;
  if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string')) {
    throw new InvalidOptionError(option, 'a name or prefix, a list of them, a RegExp or a function (name) => boolean', describeValue(filter));
  }
  for (const entry of entries) {
    if (!candidates.some((name) => name === entry || name.startsWith(entry))) {
      throw new InvalidOptionError(option, `names or prefixes of the model's trainable initializers (${candidates.join(', ')})`, `"${entry}", which matches none`);
    }
  }
  return (name) => entries.some((entry) => name === entry || name.startsWith(entry));
}

/**
 * The parameters to train: float32 initializers that `output` depends on through differentiable
 * paths (never running statistics or shape constants), kept by `trainable` and not removed by
 * `frozen`.
 */
export function selectParameters(
  graph: Graph,
  output: string,
  filters: { readonly trainable?: ParameterFilter | undefined; readonly frozen?: ParameterFilter | undefined },
): Tensor[] {
  const ancestors = differentiableAncestors(graph, output);
  const candidates = graph.initializers.filter((t) => t.dtype === 'float32' && !t.external && ancestors.has(t.name));
  const names = candidates.map((t) => t.name);
  const keep = filters.trainable === undefined ? () => true : matcher('trainable', filters.trainable, names);
  const drop = filters.frozen === undefined ? () => false : matcher('frozen', filters.frozen, names);
  return candidates.filter((t) => keep(t.name) && !drop(t.name));
}
