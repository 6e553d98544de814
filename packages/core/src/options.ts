import { InvalidOptionError } from './errors';
import { describeValue } from '@losskit/graph';

/**
 * One option of a loss plugin: its documentation, its default, and how a user value is checked
 * and turned into the resolved value the plugin works with.
 */
export interface OptionSpec<Input, Resolved = Input> {
  /** Human-readable type, used in docs and error messages, e.g. `'number in [0, 1)'`. */
  readonly type: string;
  readonly description: string;
  /** The resolved default, or a function making one (for defaults that are objects). */
  readonly default: Resolved | (() => Resolved);
  /** Checks a user value; throws {@link InvalidOptionError} naming `path` when it is wrong. */
  parse(value: Input, path: string): Resolved;
  /** The option must be given (its `default` is never used). */
  readonly required?: boolean;
}

/** A map of option names to their specs. */
export type OptionsSchema = Readonly<Record<string, OptionSpec<any, any>>>;

/** What users may pass to a plugin factory for `S`. */
export type OptionsInput<S extends OptionsSchema> = {
  readonly [K in keyof S]?: S[K] extends OptionSpec<infer I, any> ? I : never;
};

/** The resolved options a plugin built from `S` carries. */
export type ResolvedOptions<S extends OptionsSchema> = {
  readonly [K in keyof S]: S[K] extends OptionSpec<any, infer R> ? R : never;
};

function fail(path: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(path, expected, describeValue(value));
}

/** Spec builders for common option types; every check fails with the same wording. */
export const option: {
  boolean(spec: { description: string; default: boolean }): OptionSpec<boolean>;
  number(spec: {
    description: string;
    default: number;
    min?: number;
    max?: number;
    exclusiveMin?: boolean;
    exclusiveMax?: boolean;
    integer?: boolean;
  }): OptionSpec<number>;
  optionalNumber(spec: { description: string; min?: number; exclusiveMin?: boolean; max?: number }): OptionSpec<number | undefined>;
  /** An integer >= 1 (batch sizes, epochs, widths): the one positive-integer check of losskit. */
  positiveInteger(spec: { description: string; default: number }): OptionSpec<number>;
  /** Any integer, e.g. a seed (only its low 32 bits matter to losskit's generators). */
  integer(spec: { description: string; default: number }): OptionSpec<number>;
  oneOf<const T extends string>(spec: { description: string; values: readonly T[]; default: T }): OptionSpec<T>;
  /** A function, e.g. a callback. */
  function<F extends (...args: never[]) => unknown>(spec: { description: string; default: F }): OptionSpec<F>;
  /** An optional function, `undefined` by default. */
  function<F extends (...args: never[]) => unknown>(spec: { description: string }): OptionSpec<F | undefined>;
  /** A non-empty string. */
  string(spec: { description: string; default: string }): OptionSpec<string>;
  /** An array whose items each pass `item` (their paths are `option[i]`). */
  array<I, R>(spec: {
    description: string;
    default: readonly R[] | (() => readonly R[]);
    item: OptionSpec<I, R>;
    /** Exact length (e.g. 2 for Adam's betas). */
    length?: number;
    /** Default 0. */
    minLength?: number;
  }): OptionSpec<readonly I[], readonly R[]>;
  /** `spec` without a default: leaving it out is an error. */
  required<I, R>(spec: OptionSpec<I, R>): OptionSpec<I, R>;
  /** `spec` that also accepts `undefined`, its default. */
  optional<I, R>(spec: OptionSpec<I, R>): OptionSpec<I | undefined, R | undefined>;
  /** A value that passes `test` (an optimizer, a model), failing with `type` as the expectation. */
  satisfying<T>(spec: { type: string; description: string; default: () => T; test: (value: unknown) => boolean }): OptionSpec<T>;
  custom<Input, Resolved = Input>(spec: OptionSpec<Input, Resolved>): OptionSpec<Input, Resolved>;
} = {
  boolean: ({ description, default: fallback }) => ({
    type: 'boolean',
    description,
    default: fallback,
    parse: (value, path) => (typeof value === 'boolean' ? value : fail(path, 'a boolean', value)),
  }),
  number: ({ description, default: fallback, min, max, exclusiveMin, exclusiveMax, integer }) => {
    const low = min === undefined ? '' : exclusiveMin ? `> ${min}` : `>= ${min}`;
    const high = max === undefined ? '' : exclusiveMax ? `< ${max}` : `<= ${max}`;
    const range = [low, high].filter(Boolean).join(' and ');
    const type = `${integer ? 'an integer' : 'a finite number'}${range ? ` ${range}` : ''}`;
    return {
      type,
      description,
      default: fallback,
      parse: (value, path) => {
        const ok =
          typeof value === 'number' &&
          Number.isFinite(value) &&
          (!integer || Number.isInteger(value)) &&
          (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
          (max === undefined || (exclusiveMax ? value < max : value <= max));
        return ok ? value : fail(path, type, value);
      },
    };
  },
  optionalNumber: ({ description, min, exclusiveMin, max }) => {
    const type = `a finite number${min === undefined ? '' : exclusiveMin ? ` > ${min}` : ` >= ${min}`}${max === undefined ? '' : ` <= ${max}`}, or undefined`;
    return {
      type,
      description,
      default: undefined,
      parse: (value, path) => {
        if (value === undefined) return undefined;
        const ok =
          typeof value === 'number' &&
          Number.isFinite(value) &&
          (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
          (max === undefined || value <= max);
        return ok ? value : fail(path, type, value);
      },
    };
  },
  oneOf: ({ description, values, default: fallback }) => {
    const type = values.map((v) => JSON.stringify(v)).join(' | ');
    const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
    return {
      type,
      description,
      default: fallback,
      parse: (value, path) => (values.includes(value) ? value : fail(path, expected, value)),
    };
  },
  positiveInteger: ({ description, default: fallback }) => {
    const type = 'a positive integer';
    return {
      type,
      description,
      default: fallback,
      parse: (value, path) => (typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fail(path, type, value)),
    };
  },
  integer: ({ description, default: fallback }) => ({
    type: 'an integer',
    description,
    default: fallback,
    parse: (value, path) => (typeof value === 'number' && Number.isInteger(value) ? value : fail(path, 'an integer', value)),
  }),
  function: ({ description, default: fallback }: { description: string; default?: unknown }) => ({
    type: 'a function',
    description,
    // A function default would be taken for a default factory: wrap it.
    default: fallback === undefined ? undefined : () => fallback,
    parse: (value, path) => (typeof value === 'function' ? value : fail(path, 'a function', value)),
  }),
  string: ({ description, default: fallback }) => ({
    type: 'a non-empty string',
    description,
    default: fallback,
    parse: (value, path) => (typeof value === 'string' && value !== '' ? value : fail(path, 'a non-empty string', value)),
  }),
  array: ({ description, default: fallback, item, length, minLength = 0 }) => {
    const array = length !== undefined ? `an array of ${length} items` : minLength > 0 ? 'a non-empty array' : 'an array';
    const type = `${array}, each ${item.type}`;
    return {
      type,
      description,
      default: fallback,
      parse: (value, path) => {
        const ok = Array.isArray(value) && (length === undefined ? value.length >= minLength : value.length === length);
        if (!ok) fail(path, type, value);
        return value.map((v, i) => item.parse(v, `${path}[${i}]`));
      },
    };
  },
  required: (spec) => ({ ...spec, required: true }),
  optional: (spec) => ({
    type: `${spec.type}, or undefined`,
    description: spec.description,
    default: undefined,
    parse: (value, path) => (value === undefined ? undefined : spec.parse(value, path)),
  }),
  satisfying: ({ type, description, default: fallback, test }) => ({
    type,
    description,
    default: fallback,
    parse: (value, path) => (test(value) ? value : fail(path, type, value)),
  }),
  custom: (spec) => spec,
};

/**
 * Resolves user options against a schema: rejects unknown keys and wrong values with an
 * {@link InvalidOptionError} naming `<owner>.<option>`, and fills in defaults. `owner` is the
 * plugin, optimizer or function the options belong to (`bce`, `adam`, `createTrainer`, `fit`).
 * This is losskit's one option check: plugins, sessions, optimizers, the trainer and the models
 * all use it, so every option error reads the same.
 */
export function resolveOptions<S extends OptionsSchema>(owner: string, schema: S, input: unknown): ResolvedOptions<S> {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new InvalidOptionError(`${owner} options`, 'an object or undefined', describeValue(input));
  }
  const given = (input ?? {}) as Record<string, unknown>;
  const known = Object.keys(schema);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      const expected = known.length > 0 ? `one of ${known.join(', ')}` : 'no options';
      throw new InvalidOptionError(`${owner}.${key}`, `a known option (${expected})`, `unknown option "${key}"`);
    }
  }
  const resolved: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const value = given[key];
    if (value === undefined && spec.required) throw new InvalidOptionError(`${owner}.${key}`, spec.type, 'nothing (the option is required)');
    if (value === undefined) {
      resolved[key] = typeof spec.default === 'function' ? (spec.default as () => unknown)() : spec.default;
    } else resolved[key] = spec.parse(value, `${owner}.${key}`);
  }
  return resolved as ResolvedOptions<S>;
}
