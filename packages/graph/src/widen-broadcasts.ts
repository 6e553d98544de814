import type { DType } from './dtype';
import { numel, sameDims } from './host-tensor';
import type { Graph, Node, Tensor } from './ir';

/** What the pass needs to know of a value: its element type and static shape. */
export interface ValueType {
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/**
 * The longest run of trailing cells an operand may be broadcast over for the pass to widen it.
 * ONNX Runtime's CPU kernels broadcast a `[1, C, 1, 1]` scale over `[N, C, H, W]` one call per
 * `H·W` run; measured on the 2-core machine at batch 16 (a Mul by a per-channel scale, per node):
 * 0.16 ms over `[16, 1152, 2, 2]` and 0.28 ms over `[16, 576, 4, 4]` broadcast, 0.01-0.02 ms
 * widened first; over `[16, 192, 8, 8]` the two are within noise, so 8x8 images keep theirs.
 */
const MAX_SPAN = 16;

const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div']);

const node = (op: string, inputs: string[], output: string): Node => ({ op, domain: '', name: '', inputs, outputs: [output], attributes: {} });

/**
 * How `operand` broadcasts against `full`, the shape of the result: how many cells the trailing
 * axes it repeats over (1 in `operand`, more in `full`) span, and the operand's shape widened over
 * them. `undefined` when it repeats over none or is a single value (ONNX Runtime has a fast path
 * for scalars).
 */
function trailingRepeat(operand: readonly number[], full: readonly number[]): { span: number; target: readonly number[] } | undefined {
  if (operand.length > full.length || numel(operand) <= 1) return undefined;
  const aligned = [...Array<number>(full.length - operand.length).fill(1), ...operand];
  let axes = 0;
  while (axes < full.length && aligned[full.length - 1 - axes] === 1) axes++;
  const span = numel(full.slice(full.length - axes));
  return axes === 0 || span <= 1 ? undefined : { span, target: [...aligned.slice(0, full.length - axes), ...full.slice(full.length - axes)] };
}

/**
 * Binary float arithmetic (`Add`, `Sub`, `Mul`, `Div`) whose smaller operand repeats over a
 * short run of trailing cells of the result, such as a batch norm's per-channel scale over
 * `[N, C, 2, 2]` activations, reads that operand widened over those cells first (a product with
 * a row of ones: `[numel, 1] x [1, span]`, which ONNX Runtime runs as one small Gemm), so that the
 * node broadcasts over leading axes only, in long contiguous runs. Values are unchanged (each
 * widened value is the operand times 1). Runs of more than {@link MAX_SPAN} cells are left as
 * they are. `typeOf` gives the type of every value the nodes read and write.
 */
export function widenNarrowBroadcasts(graph: Graph, typeOf: (name: string) => ValueType | undefined): Graph {
  const nodes: Node[] = [];
  const initializers: Tensor[] = [];
  const widened = new Map<string, string>();
  const ones = new Map<number, string>();
  // New names never reuse one of the graph's (it may have been through this pass before).
  const taken = new Set([...graph.inputs.map((v) => v.name), ...graph.initializers.map((t) => t.name), ...graph.nodes.flatMap((n) => n.outputs)]);
  const fresh = (base: string) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const int64s = (base: string, values: readonly number[]) => {
    const name = fresh(base);
    initializers.push({ name, dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  };
  const widen = (name: string, shape: readonly number[], { span, target }: { span: number; target: readonly number[] }): string => {
    const key = `${name}|${target.join(',')}`;
    const known = widened.get(key);
    if (known) return known;
    let row = ones.get(span);
    if (!row) {
      row = fresh(`losskit/widen/ones-${span}`);
      initializers.push({ name: row, dtype: 'float32', dims: [1, span], data: new Float32Array(span).fill(1) });
      ones.set(span, row);
    }
    const prefix = fresh(`${name}/widened-${span}`);
    const [column, rows] = [fresh(`${prefix}/column`), fresh(`${prefix}/rows`)];
    nodes.push(
      node('Reshape', [name, int64s(`${prefix}/column-shape`, [numel(shape), 1])], column),
      node('MatMul', [column, row], rows),
      node('Reshape', [rows, int64s(`${prefix}/shape`, target)], prefix),
    );
    widened.set(key, prefix);
    return prefix;
  };
  for (const n of graph.nodes) {
    const out = ARITHMETIC.has(n.op) && n.domain === '' && n.inputs.length === 2 ? typeOf(n.outputs[0]!) : undefined;
    const operands = n.inputs.map(typeOf);
    if (!out || out.dtype !== 'float32' || operands.some((t) => t?.dtype !== 'float32')) {
      nodes.push(n);
      continue;
    }
    // Only where the other operand is the result's full shape: both repeating is left alone.
    const inputs = n.inputs.map((name, i) => {
      const shape = operands[i]!.shape;
      const repeat = trailingRepeat(shape, out.shape);
      const other = operands[1 - i]!.shape;
      return repeat && repeat.span <= MAX_SPAN && sameDims(other, out.shape) ? widen(name, shape, repeat) : name;
    });
    nodes.push(inputs.some((name, i) => name !== n.inputs[i]) ? { ...n, inputs } : n);
  }
  return initializers.length === 0 ? graph : { ...graph, nodes, initializers: [...graph.initializers, ...initializers] };
}
