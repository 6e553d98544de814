import type { UserConfig } from 'vitest/config';

/** The vitest project configuration of one losskit package (or, with `root` and `include`, of several). */
export declare function packageTestConfig(options?: {
  name?: string;
  testTimeout?: number;
  /** The folder test paths are relative to; default the working directory (a package's). */
  root?: string;
  /** Test files, relative to `root`; default `test/**\/*.test.ts`. */
  include?: string[];
  /** vitest's `isolate`: a fresh module graph per test file (vitest's default) or one per worker. */
  isolate?: boolean;
  /** Extra environment variables of the test workers. */
  env?: Record<string, string>;
}): UserConfig;
