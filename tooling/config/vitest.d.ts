import type { UserConfig } from 'vitest/config';

/** The vitest project configuration of one losskit package. */
export declare function packageTestConfig(options?: { name?: string; testTimeout?: number }): UserConfig;
