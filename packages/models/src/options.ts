import { InvalidOptionError } from '@losskit/graph';

/** Throws when `options` has keys outside `known`, naming the first unknown one. */
export function checkKnownOptions(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new InvalidOptionError(`${owner}.${key}`, `one of the options ${known.join(', ')}`, JSON.stringify(key), 'Unknown option');
  }
}

/** `value` as a positive integer, or an {@link InvalidOptionError} naming `option`. */
export function positiveInt(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError(option, 'a positive integer', value);
  }
  return value;
}

/** `value` as a non-empty array of positive integers. */
export function positiveInts(option: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidOptionError(option, 'a non-empty array of positive integers', value);
  return value.map((v, i) => positiveInt(`${option}[${i}]`, v));
}

/** `value` as an integer seed (any sign; only its low 32 bits matter). */
export function seedOption(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InvalidOptionError(option, 'an integer', value);
  return value;
}

/** `value` if it is one of `choices`. */
export function oneOf<T extends string>(option: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    // Strings are quoted so that a received "" or " relu" reads unambiguously.
    throw new InvalidOptionError(option, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, typeof value === 'string' ? JSON.stringify(value) : value);
  }
  return value as T;
}
