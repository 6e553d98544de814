import { InvalidOptionError } from '@losskit/graph';

/** `value` as an integer count of at least `min`. */
export function countOption(option: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(option, `an integer >= ${min}`, value);
  }
  return value;
}
