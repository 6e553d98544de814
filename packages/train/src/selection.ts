import { type GradientRules, defaultGradientRules, differentiableInputs, trainableInputs } from '@losskit/autodiff';
import { type Graph, InvalidOptionError, type Node, type Tensor, describeValue } from '@losskit/graph';

/**
 * Which parameters a trainer updates: an exact initializer name or a name prefix (`'fc.'`,
 * `'layer4'`), a list of them, a regular expression, or a predicate on the name.
 */
export type ParameterFilter = string | readonly string[] | RegExp | ((name: string) => boolean);

/**
 * Names of the values `output` depends on through the inputs `follows` lets through, sweeping
 * back from `output` over the producers of each reached value.
 */
function reachedFrom(graph: Graph, output: string, follows: (node: Node) => readonly boolean[]): Set<string> {
  const producer = new Map<string, Node>();
  for (const node of graph.nodes) for (const name of node.outputs) producer.set(name, node);
  const reached = new Set<string>([output]);
  const stack = [output];
  while (stack.length > 0) {
    const node = producer.get(stack.pop()!);
    if (!node) continue;
    const flags = follows(node);
    node.inputs.forEach((name, i) => {
      if (!flags[i] || reached.has(name)) return;
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
 * The parameters to train: float32 initializers that `output` depends on through inputs that
 * carry a gradient, as the gradient rules declare them (never shape operands, indices or the
 * running statistics of a training-mode BatchNormalization), kept by `trainable` and not removed
 * by `frozen`. An initializer the model declares (`Tensor.trainable`) is a parameter or a
 * constant as declared; one it does not (a decoded `.onnx` file) is a parameter unless it
 * reaches the output only through settings or statistics (Clip's bounds, running statistics).
 */
export function selectParameters(
  graph: Graph,
  output: string,
  filters: { readonly trainable?: ParameterFilter | undefined; readonly frozen?: ParameterFilter | undefined },
  rules: GradientRules = defaultGradientRules,
): Tensor[] {
  const differentiable = reachedFrom(graph, output, (node) => differentiableInputs(rules, node));
  const weights = reachedFrom(graph, output, (node) => trainableInputs(rules, node));
  const candidates = graph.initializers.filter(
    (t) => t.dtype === 'float32' && !t.external && t.trainable !== false && (t.trainable ? differentiable : weights).has(t.name),
  );
  const names = candidates.map((t) => t.name);
  const keep = filters.trainable === undefined ? () => true : matcher('trainable', filters.trainable, names);
  const drop = filters.frozen === undefined ? () => false : matcher('frozen', filters.frozen, names);
  return candidates.filter((t) => keep(t.name) && !drop(t.name));
}
