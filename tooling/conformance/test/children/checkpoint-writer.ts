// Run in a child process: saves a 32 MiB checkpoint again and again, each with a new learning
// rate, printing "saved <n>" after each; the parent kills it while a write is in progress.
import { l1 } from '@losskit/loss-l1';
import { createTrainer, saveCheckpointFile, sgd } from '@losskit/train/node';
import { BIG_SIZE, bigLinearModel } from '../support/big-model';

const path = process.argv[2]!;
const trainer = await createTrainer({ model: bigLinearModel(BIG_SIZE), loss: l1(), optimizer: sgd({ lr: 1 }), provider: 'cpu' });
for (let n = 1; ; n++) {
  trainer.learningRate = n;
  await saveCheckpointFile(trainer, path);
  console.log(`saved ${n}`);
}
