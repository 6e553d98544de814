/**
 * `Symbol.asyncDispose`, or where a runtime lacks it (Chromium before 127, Safari) the registered
 * `Symbol.for('Symbol.asyncDispose')` that esbuild's and TypeScript's `await using` helpers fall
 * back to. Read once, without touching the global `Symbol`.
 */
const ASYNC_DISPOSE: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

/** `resource` with `[Symbol.asyncDispose]` calling its `release()`, so that `await using` frees it. */
export function withAsyncDispose<T extends { release(): Promise<void> }>(resource: T): T & { [Symbol.asyncDispose](): Promise<void> } {
  return Object.assign(resource, { [ASYNC_DISPOSE]: () => resource.release() }) as T & { [Symbol.asyncDispose](): Promise<void> };
}
