import { packageTestConfig } from '@losskit/config/vitest';

export default packageTestConfig({ name: 'loss-total-variation' });
