import { packageTestConfig } from '@losskit/config/vitest';

export default packageTestConfig({ name: 'l1-example' });
