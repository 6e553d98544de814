/**
 * The base error class of losskit and the errors of the graph IR. Every other error class lives
 * with the package that owns its concept (providers and released sessions in `@losskit/core`, gradient rules in `@losskit/autodiff`, training in `@losskit/train`);
 * `@losskit/core` re-exports the classes of the packages below it and lists every code.
 */

/** The codes of the errors this package throws. */
export type GraphErrorCode = 'ERR_INVALID_INPUT' | 'ERR_INVALID_OPTION' | 'ERR_UNSUPPORTED_OPERATOR' | 'ERR_SHAPE' | 'ERR_MODEL_FORMAT';

/** Base class of every error losskit throws on purpose. */
export class LossKitError<Code extends string = string> extends Error {
  /** Stable code to branch on, e.g. `ERR_INVALID_INPUT` (`LossKitErrorCode` in `@losskit/core` lists them all). */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
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
export class InvalidInputError extends LossKitError<'ERR_INVALID_INPUT'> {
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
export class InvalidOptionError extends LossKitError<'ERR_INVALID_OPTION'> {
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

/** A graph uses operators that a step (shape inference, differentiation, a provider) cannot handle. */
export class UnsupportedOperatorError extends LossKitError<'ERR_UNSUPPORTED_OPERATOR'> {
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
export class ShapeError extends LossKitError<'ERR_SHAPE'> {
  readonly op: string;

  constructor(op: string, message: string) {
    super('ERR_SHAPE', `${op}: ${message}`);
    this.op = op;
  }
}

/** Bytes that are not a valid ONNX model, or a model feature losskit cannot represent. */
export class ModelFormatError extends LossKitError<'ERR_MODEL_FORMAT'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_MODEL_FORMAT', message, options);
  }
}
