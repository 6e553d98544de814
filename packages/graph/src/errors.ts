/**
 * The error classes of losskit. They live in the lowest package so that every layer (graph,
 * autodiff, core, runtime, train) throws the same types; `@losskit/core` re-exports them.
 */

/** Stable machine-readable error codes. */
export type LossKitErrorCode =
  | 'ERR_INVALID_INPUT'
  | 'ERR_INVALID_OPTION'
  | 'ERR_UNAVAILABLE_PROVIDER'
  | 'ERR_UNSUPPORTED_OPERATOR'
  | 'ERR_SHAPE'
  | 'ERR_MODEL_FORMAT'
  | 'ERR_NON_FINITE_LOSS'
  | 'ERR_RELEASED';

/** Base class of every error losskit throws on purpose. */
export class LossKitError extends Error {
  /** Stable code to branch on, e.g. `ERR_INVALID_INPUT`. */
  readonly code: LossKitErrorCode;

  constructor(code: LossKitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Describes a received value briefly for error messages (never dumps a whole array). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value)) {
    const length = 'length' in value ? (value as unknown as { length: number }).length : value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  if (Array.isArray(value)) {
    if (value.length <= 8 && value.every((item) => typeof item !== 'object' || item === null)) {
      return `[${value.map((item) => describeValue(item)).join(', ')}]`;
    }
    return `Array(${value.length})`;
  }
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** An argument (tensor, dims, data) does not have the shape, dtype or values expected. */
export class InvalidInputError extends LossKitError {
  /** The argument at fault, e.g. `target.dims` or `prediction.data[17]`. */
  readonly argument: string;
  readonly expected: string;
  readonly received: string;

  constructor(argument: string, expected: string, received: unknown, detail?: string) {
    const receivedText = typeof received === 'string' ? received : describeValue(received);
    super(
      'ERR_INVALID_INPUT',
      `Invalid ${argument}: expected ${expected}, received ${receivedText}${detail ? `. ${detail}` : ''}`,
    );
    this.argument = argument;
    this.expected = expected;
    this.received = receivedText;
  }
}

/** A plugin, session or trainer option is unknown or has a value outside its domain. */
export class InvalidOptionError extends LossKitError {
  /** The option at fault, e.g. `bce.labelSmoothing` or `reduction`. */
  readonly option: string;
  readonly expected: string;
  readonly received: string;

  constructor(option: string, expected: string, received: unknown, detail?: string) {
    const receivedText = typeof received === 'string' ? received : describeValue(received);
    super(
      'ERR_INVALID_OPTION',
      `Invalid option ${option}: expected ${expected}, received ${receivedText}${detail ? `. ${detail}` : ''}`,
    );
    this.option = option;
    this.expected = expected;
    this.received = receivedText;
  }
}

/** The requested execution provider cannot run here, or cannot run the whole graph. */
export class UnavailableProviderError extends LossKitError {
  readonly provider: string;

  constructor(provider: string, reason: string, options?: { cause?: unknown }) {
    super('ERR_UNAVAILABLE_PROVIDER', `Execution provider "${provider}" is unavailable: ${reason}`, options);
    this.provider = provider;
  }
}

/** A graph uses operators that a step (shape inference, differentiation, a provider) cannot handle. */
export class UnsupportedOperatorError extends LossKitError {
  /** The operator types at fault, sorted and without duplicates. */
  readonly operators: readonly string[];
  /** The names of the nodes at fault per operator type, when known. */
  readonly nodes: Readonly<Record<string, readonly string[]>>;

  /** `nodes` maps operator types to the names of the nodes that use them; they join the message. */
  constructor(operators: readonly string[], context: string, nodes: Readonly<Record<string, readonly string[]>> = {}) {
    const unique = [...new Set(operators)].toSorted();
    const describe = (op: string) => (nodes[op]?.length ? `${op} (${nodes[op].map((n) => JSON.stringify(n)).join(', ')})` : op);
    super('ERR_UNSUPPORTED_OPERATOR', `${context}: ${unique.map(describe).join(', ')}`);
    this.operators = unique;
    this.nodes = nodes;
  }
}

/** Shapes that an operator cannot accept (e.g. non-broadcastable operands). */
export class ShapeError extends LossKitError {
  readonly op: string;

  constructor(op: string, message: string) {
    super('ERR_SHAPE', `${op}: ${message}`);
    this.op = op;
  }
}

/** Bytes that are not a valid ONNX model, or a model feature losskit cannot represent. */
export class ModelFormatError extends LossKitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_MODEL_FORMAT', message, options);
  }
}

/** A session or trainer was used after `release()`. */
export class ReleasedError extends LossKitError {
  constructor(what: string) {
    super('ERR_RELEASED', `${what} was released; create a new one`);
  }
}
