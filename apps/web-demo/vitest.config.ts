import { packageTestConfig } from '@losskit/config/vitest';

// The end-to-end tests build the app, serve it and drive Chromium: minutes, not seconds.
export default packageTestConfig({ name: 'web-demo', testTimeout: 300_000 });
