// The torchvision zoo (resnet18, mobilenet_v2, squeezenet1_1, shufflenet_v2_x0_5,
// efficientnet_b0; batch 4, 3x64x64, 3 classes, BCE on logits), exported by PyTorch 1.13 in
// training mode and in eval mode, trains in losskit on onnxruntime-node's cpu provider: the first
// step's loss and gradients match PyTorch's float64 values within 3x the distance of PyTorch's
// own float32 ones (floor: 1e-3 x the model's largest |gradient|; see support/zoo-fixtures.ts),
// and an Adam step lowers the loss with every parameter finite. The graphs are committed without
// their weights; support/zoo-weights.ts regenerates them as export.py did.
import { describe, it } from 'vitest';
import { expectZooRunMatches, readZooFixture, zooCases } from './support/zoo-fixtures';
import { runZooModel } from './support/zoo-run';

describe('[node:cpu] torchvision models exported by PyTorch match its float64 gradients', () => {
  for (const [name, mode] of zooCases('node')) {
    it(`${name} (${mode}-mode export): first-step loss and gradients; an Adam step lowers the loss`, async () => {
      const { fixture: f, bytes } = readZooFixture(name, mode);
      const run = await runZooModel(bytes, f, 'cpu', true);
      expectZooRunMatches(run, f, 'cpu', 'node:cpu');
    });
  }
});
