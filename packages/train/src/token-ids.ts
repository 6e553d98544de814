import { type IntegerTensor, type HostTensor, checkIntegerTensor, checkTensor, isIntegerArray, toIntegerType } from '@losskit/core';
import { type Graph, InvalidInputError, type ValueInfo, attributeValue } from '@losskit/graph';

/** A model input: float values, or integer ids (`Int32Array`, `BigInt64Array`) where the model declares an integer input. */
export type ModelInput = HostTensor | IntegerTensor;

/**
 * The embedding table the model's integer input indexes: the smallest first dim of the
 * initializers that a Gather reads at the input's values (`rows`), and that table's name.
 */
export interface EmbeddingTable {
  readonly table: string;
  readonly rows: number;
}

/** What the trainer knows of an integer model input (token ids). */
export interface TokenIds {
  /** The type the model declares. */
  readonly declared: 'int64' | 'int32';
  /** The embedding table ids must index, when the model has one. */
  readonly embedding: EmbeddingTable | undefined;
}

// Ops that pass ids through unchanged in value: what lies between an input and its Gather in
// exported models (PyTorch casts and reshapes ids before `nn.Embedding`'s Gather).
const ID_PRESERVING = new Set(['Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Identity', 'Transpose']);
// ONNX TensorProto types a Cast may take ids to without changing them: int32 (6) and int64 (7).
const INTEGER_CASTS = new Set([6, 7]);

/**
 * The embedding table `input` indexes: Gathers whose data is an initializer and whose indices
 * are the input (directly, or through Cast to an integer type and reshapes). With several, the
 * one with fewest rows bounds the ids.
 */
export function findEmbedding(graph: Graph, input: string): EmbeddingTable | undefined {
  const initializers = new Map(graph.initializers.map((t) => [t.name, t]));
  const ids = new Set([input]);
  let best: EmbeddingTable | undefined;
  for (const node of graph.nodes) {
    const source = node.inputs[0];
    if (node.op === 'Cast' && source !== undefined && ids.has(source)) {
      const to = attributeValue(node.attributes, 'to', 'int');
      if (to !== undefined && INTEGER_CASTS.has(to)) ids.add(node.outputs[0]!);
    } else if (ID_PRESERVING.has(node.op) && source !== undefined && ids.has(source)) {
      ids.add(node.outputs[0]!);
    } else if (node.op === 'Gather' && ids.has(node.inputs[1] ?? '')) {
      const table = initializers.get(source ?? '');
      const raw = attributeValue(node.attributes, 'axis', 'int') ?? 0;
      const rows = table?.dims[raw < 0 ? raw + table.dims.length : raw];
      if (table && rows !== undefined && (!best || rows < best.rows)) best = { table: table.name, rows };
    }
  }
  return best;
}

/** The token-id facts of a model input, or `undefined` for a float input. */
export function tokenIdsOf(graph: Graph, input: ValueInfo): TokenIds | undefined {
  if (input.dtype !== 'int64' && input.dtype !== 'int32') return undefined;
  return { declared: input.dtype, embedding: findEmbedding(graph, input.name) };
}

/**
 * The graph type of the ids on a provider whose integers are `integerType`: the model's own type,
 * narrowed to int32 where the provider has no 64-bit integers (WebGPU). Ids are range-checked
 * first, so int32 holds them exactly.
 */
export function idGraphType(ids: TokenIds, integerType: 'int64' | 'int32'): 'int64' | 'int32' {
  return integerType === 'int32' ? 'int32' : ids.declared;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Checks a model input against the model's declared element type: floats as every tensor
 * argument (finite Float32Array), token ids as integers in the embedding table's range. Ids must
 * not be negative: ONNX Gather would count them from the table's end, PyTorch's `nn.Embedding`
 * refuses them, and a model trained one way and run the other would look rows up wrongly.
 */
export function checkModelInput(argument: string, tensor: unknown, ids: TokenIds | undefined, inputName: string): ModelInput {
  if (!ids) return checkTensor(argument, tensor);
  const data = (tensor as { data?: unknown } | null)?.data;
  if (typeof tensor === 'object' && tensor !== null && !isIntegerArray(data) && data !== undefined) {
    throw new InvalidInputError(
      `${argument}.data`,
      `token ids: an Int32Array or a BigInt64Array (the model's input "${inputName}" is ${ids.declared})`,
      data,
    );
  }
  const checked = checkIntegerTensor(argument, tensor);
  const { embedding } = ids;
  const max = embedding ? embedding.rows - 1 : INT32_MAX;
  const expected = embedding ? `an id in [0, ${max}] (rows of the embedding table "${embedding.table}")` : `an id in [0, ${INT32_MAX}]`;
  for (let i = 0; i < checked.data.length; i++) {
    const value = Number(checked.data[i]);
    if (value >= 0 && value <= max) continue;
    const why =
      value < 0 && value >= INT32_MIN
        ? "Negative ids are refused: ONNX Gather would count them from the table's end, where PyTorch's nn.Embedding raises an error"
        : undefined;
    throw new InvalidInputError(`${argument}.data[${i}]`, expected, String(checked.data[i]), why);
  }
  return checked;
}

/** A checked model input in the compiled graph's type (float inputs pass through). */
export function toGraphInput(input: ModelInput, ids: TokenIds | undefined, integerType: 'int64' | 'int32'): ModelInput {
  return ids ? toIntegerType(input as IntegerTensor, idGraphType(ids, integerType)) : input;
}
