// The metrics live in @losskit/models, shared with the web demo.
export { type ReconstructionMetrics, reconstructionMetrics } from '@losskit/models';
