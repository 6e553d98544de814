import { GraphBuilder } from './builder';
import { sameDims } from './host-tensor';
import type { Graph, Node, OutputInfo } from './ir';
import { broadcastShapes } from './ops/broadcast';
import { type ValueType, widenNarrowBroadcasts } from './widen-broadcasts';

/** Ops that apply one function to each element alone (attributes only, one input). */
const POINTWISE = new Set([
  'Abs', 'Neg', 'Sqrt', 'Exp', 'Log', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign', 'Erf', 'Relu', 'LeakyRelu',
  'Sigmoid', 'Tanh', 'Softplus', 'Softsign', 'Elu', 'Selu', 'HardSigmoid', 'Identity', 'Not', 'Sin', 'Cos',
]);
/** Ops whose inputs broadcast to their output (numpy rules). */
const BROADCASTING = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Sum', 'Mean', 'Pow', 'Mod', 'And', 'Or', 'Xor', 'Where',
  'Greater', 'Less', 'Equal', 'GreaterOrEqual', 'LessOrEqual',
]);

/** Identical nodes (same op, inputs and attributes) computed once: later copies reuse the first's outputs. */
function mergeDuplicates(graph: Graph): Graph {
  const seen = new Map<string, Node>();
  const renamed = new Map<string, string>();
  const nodes: Node[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((name) => renamed.get(name) ?? name);
    const current = { ...node, inputs };
    const key = node.op === 'Constant' ? undefined : `${node.domain}|${node.op}|${inputs.join(',')}|${JSON.stringify(node.attributes)}`;
    const first = key ? seen.get(key) : undefined;
    const keepsOutputs = node.outputs.some((o) => graph.outputs.some((v) => v.name === o));
    if (first && !keepsOutputs && first.outputs.length === node.outputs.length) {
      node.outputs.forEach((o, i) => renamed.set(o, first.outputs[i]!));
      continue;
    }
    if (key) seen.set(key, current);
    nodes.push(current);
  }
  return { ...graph, nodes };
}

/**
 * Moves `Expand` nodes past pointwise ops and drops them where a broadcasting consumer would
 * broadcast anyway: `Where(c, Expand(s), 0)` reads one scalar instead of a tensor full of copies.
 * Gradients of reductions are such expands (a mean's gradient is one value, spread everywhere).
 */
function sinkExpands(graph: Graph, shapes: GraphBuilder): Graph {
  const shapeOf = new Map<string, readonly number[]>();
  const shape = (name: string) => shapeOf.get(name) ?? (shapes.value(name).shape as readonly number[]);
  const outputs = new Set(graph.outputs.map((v) => v.name));
  let nodes = [...graph.nodes];
  let counter = 0;
  for (let changed = true; changed; ) {
    changed = false;
    const expandOf = new Map(nodes.filter((n) => n.op === 'Expand').map((n) => [n.outputs[0]!, n]));
    const next: Node[] = [];
    for (const node of nodes) {
      const expanded = node.inputs.map((name) => expandOf.get(name));
      if (!expanded.some(Boolean)) {
        next.push(node);
        continue;
      }
      if (POINTWISE.has(node.op) && node.inputs.length === 1 && !outputs.has(node.outputs[0]!)) {
        // f(Expand(k, s)) -> Expand(f(k), s), under the node's own output name.
        const expand = expanded[0]!;
        const small = `${node.outputs[0]}/unexpanded_${counter++}`;
        shapeOf.set(small, shape(expand.inputs[0]!));
        next.push({ ...node, inputs: [expand.inputs[0]!], outputs: [small] }, { ...expand, name: '', inputs: [small, expand.inputs[1]!], outputs: node.outputs });
        changed = true;
        continue;
      }
      if (BROADCASTING.has(node.op)) {
        const inputs = node.inputs.map((name, i) => {
          const expand = expanded[i];
          if (!expand) return name;
          const trial = node.inputs.map((n, j) => shape(j === i ? expand.inputs[0]! : n));
          try {
            return sameDims(broadcastShapes(node.op, ...trial), shape(node.outputs[0]!)) ? expand.inputs[0]! : name;
          } catch {
            return name;
          }
        });
        if (inputs.some((n, i) => n !== node.inputs[i])) {
          next.push({ ...node, inputs });
          changed = true;
          continue;
        }
        // f(Expand(k, s), c) -> Expand(f(k, c), s) when the other operands broadcast into k's shape
        // (a scalar factor, say): `Mul(Expand(dy), 2)` doubles one value, not a tensor of copies.
        const i = expanded.findIndex(Boolean);
        const expand = expanded[i]!;
        const small = shape(expand.inputs[0]!);
        const trial = node.inputs.map((n, j) => shape(j === i ? expand.inputs[0]! : n));
        let fits = false;
        try {
          fits = sameDims(broadcastShapes(node.op, ...trial), small);
        } catch {
          fits = false;
        }
        if (fits && node.outputs.length === 1 && !outputs.has(node.outputs[0]!)) {
          const unexpanded = `${node.outputs[0]}/unexpanded_${counter++}`;
          shapeOf.set(unexpanded, small);
          next.push(
            { ...node, inputs: node.inputs.map((n, j) => (j === i ? expand.inputs[0]! : n)), outputs: [unexpanded] },
            { ...expand, name: '', inputs: [unexpanded, expand.inputs[1]!], outputs: node.outputs },
          );
          changed = true;
          continue;
        }
      }
      next.push(node);
    }
    nodes = removeUnused(next, outputs);
  }
  return { ...graph, nodes };
}

/** Drops nodes none of whose outputs is used (walking back from the graph outputs). */
function removeUnused(nodes: readonly Node[], outputs: ReadonlySet<string>): Node[] {
  const needed = new Set(outputs);
  const kept: Node[] = [];
  for (const node of nodes.toReversed()) {
    if (!node.outputs.some((o) => needed.has(o))) continue;
    kept.push(node);
    for (const i of node.inputs) if (i !== '') needed.add(i);
  }
  return kept.toReversed();
}

/**
 * The part of `graph` that computes the values named `outputs`: the nodes they depend on, the
 * initializers those read, the graph's inputs, and `outputs` as its outputs (with their declared
 * types where the graph declares them as outputs, untyped otherwise). The caller checks that
 * the names exist.
 */
export function pruneGraph(graph: Graph, outputs: readonly string[]): Graph {
  const nodes = removeUnused(graph.nodes, new Set(outputs));
  const read = new Set([...nodes.flatMap((n) => n.inputs), ...outputs]);
  const declared = new Map<string, OutputInfo>(graph.outputs.map((v) => [v.name, v]));
  return {
    ...graph,
    nodes,
    initializers: graph.initializers.filter((t) => read.has(t.name)),
    outputs: outputs.map((name) => declared.get(name) ?? { name, dtype: undefined, shape: undefined }),
    valueInfo: graph.valueInfo.filter((v) => read.has(v.name)),
  };
}

/**
 * `Identity(x) -> output` where a node computes `x`: that node writes the graph output directly,
 * saving a copy of the whole tensor (ONNX Runtime keeps Identities that produce graph outputs, and
 * copies a Reshape whose result is a graph output). The same for `Reshape(x) -> output` where the
 * output is one of `anyShape` (its reader takes the elements in any shape, so it is then declared
 * by name only): nodes that read the output read the Reshape of it instead, a view. Repeated, so
 * a chain of Reshapes goes.
 */
function writeOutputsDirectly(graph: Graph, anyShape: ReadonlySet<string>): Graph {
  const outputs = new Set(graph.outputs.map((v) => v.name));
  let nodes = graph.nodes;
  for (;;) {
    const produced = new Set<string>();
    const read = new Set<string>();
    for (const node of nodes) {
      for (const name of node.outputs) produced.add(name);
      for (const name of node.inputs) read.add(name);
    }
    // Simultaneous renames: `from` (never an output) to the output `to`; a kept Reshape's `to` to a new name.
    const rename = new Map<string, string>();
    const dropped = new Set<Node>();
    for (const node of nodes) {
      const [from] = node.inputs;
      const [to] = node.outputs;
      const passes = node.op === 'Identity' || (node.op === 'Reshape' && anyShape.has(to!));
      if (!passes || !from || !to || !outputs.has(to) || outputs.has(from) || !produced.has(from) || rename.has(from)) continue;
      rename.set(from, to);
      if (node.op === 'Reshape' && read.has(to)) rename.set(to, freshName(`${to}/shaped`, produced));
      else dropped.add(node);
    }
    if (rename.size === 0) break;
    const renamed = (names: readonly string[]) => names.some((name) => rename.has(name));
    nodes = nodes
      .filter((n) => !dropped.has(n))
      .map((n) => (renamed(n.inputs) || renamed(n.outputs) ? { ...n, inputs: n.inputs.map((i) => rename.get(i) ?? i), outputs: n.outputs.map((o) => rename.get(o) ?? o) } : n));
  }
  if (nodes === graph.nodes) return graph;
  const unshaped = (v: OutputInfo): OutputInfo => (anyShape.has(v.name) && v.dtype !== undefined ? { name: v.name, dtype: v.dtype, shape: undefined } : v);
  return { ...graph, nodes, outputs: graph.outputs.map(unshaped) };
}

/** `name`, or `name/2`, `name/3`... the first not in `taken`. */
function freshName(name: string, taken: ReadonlySet<string>): string {
  let candidate = name;
  for (let k = 2; taken.has(candidate); k++) candidate = `${name}/${k}`;
  return candidate;
}

/**
 * Identities whose result is not a graph output are removed, their readers reading the input
 * instead. ONNX Runtime removes them too, but only at an optimisation level that also costs its
 * session creation seconds on large training graphs (mobilenet_v2's step has about 300).
 * Graphs with subgraphs are left as they are: a subgraph may read a name from outside it.
 */
function dropIdentities(graph: Graph): Graph {
  if (graph.nodes.some((n) => Object.values(n.attributes).some((a) => a.type === 'graph' || a.type === 'graphs'))) return graph;
  const outputs = new Set(graph.outputs.map((v) => v.name));
  const rename = new Map<string, string>();
  const source = (name: string) => rename.get(name) ?? name;
  const nodes: Node[] = [];
  for (const node of graph.nodes) {
    const [from] = node.inputs;
    const [to] = node.outputs;
    if (node.op === 'Identity' && node.domain === '' && from && to && !outputs.has(to)) {
      rename.set(to, source(from));
      continue;
    }
    nodes.push(rename.size === 0 ? node : { ...node, inputs: node.inputs.map(source) });
  }
  return rename.size === 0 ? graph : { ...graph, nodes };
}

/** Options of {@link optimizeGraph}. */
export interface OptimizeOptions {
  /**
   * Widen operands that broadcast over short runs of trailing cells (a per-channel scale over
   * 2x2 or 4x4 images) before the node reads them (see `widenNarrowBroadcasts`): faster on ONNX
   * Runtime's CPU kernels (so in Node's cpu and the browser's wasm), three more nodes per
   * widened operand elsewhere. Default false.
   */
  readonly widenNarrowBroadcasts?: boolean;
  /**
   * Graph outputs whose reader takes the elements in any shape (a host that views them in the shape
   * it needs). A Reshape that produces one is dropped, so the node before it writes the output:
   * ONNX Runtime copies a Reshape whose result is a graph output. Such outputs are declared
   * without a shape. Default none.
   */
  readonly anyShapeOutputs?: readonly string[];
  /**
   * The builder the graph was made with (`builder.toModel().graph`): its value types are used
   * instead of inferring them again (for efficientnet_b0's training step, about 40 ms of the
   * 120 ms `optimizeGraph` took). Default: inferred from the graph.
   */
  readonly builder?: GraphBuilder;
}

/** The graph's values with their types, or `undefined` where shape inference cannot run. */
function inferTypes(graph: Graph): GraphBuilder | undefined {
  try {
    return GraphBuilder.fromGraph(graph);
  } catch {
    return undefined; // symbolic dims or ops without shape inference: leave the graph as it is
  }
}

/**
 * Fewer passes over memory for graphs with static shapes, values unchanged: identical nodes are
 * computed once, `Expand`s that only feed broadcasting or pointwise ops are removed or moved to
 * after those ops, Identities are removed, and no `Identity` copies a result into a graph output;
 * with `widenNarrowBroadcasts`, short broadcasts are widened too. Value shapes of the graph's
 * `valueInfo` are dropped (they may no longer exist); ONNX Runtime infers them.
 */
export function optimizeGraph(graph: Graph, options: OptimizeOptions = {}): Graph {
  const anyShape = new Set(options.anyShapeOutputs);
  const merged = mergeDuplicates(dropIdentities(graph));
  // Merging and dropping Identities only remove values: the builder knows every one left.
  const types = options.builder ?? inferTypes(merged);
  if (!types) return { ...writeOutputsDirectly(merged, anyShape), valueInfo: [] };
  const sunk = sinkExpands(merged, types);
  // Names sinkExpands introduced are unknown to the inference: the pass leaves their nodes alone.
  const typeOf = (name: string): ValueType | undefined => (types.hasValue(name) ? types.value(name) : undefined);
  const widened = options.widenNarrowBroadcasts ? widenNarrowBroadcasts(sunk, typeOf) : sunk;
  return { ...writeOutputsDirectly(widened, anyShape), valueInfo: [] };
}
