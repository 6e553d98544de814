/**
 * A plain option default as docs write it (`false`, `0`, `'red'`, `[0.9, 0.999]`); `undefined`
 * for objects and functions, which docs describe in words. A function default is called first
 * (schemas give array defaults as factories).
 */
export function plain(value: unknown): string | undefined {
  if (typeof value === 'function') value = (value as () => unknown)();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return `[${value.join(', ')}]`;
  return undefined;
}
