// The TypeScript twin of fixtures/zoo/export.py's generator gives PyTorch's values bit for bit:
// each rule (Conv and Gemm weights by fan-in, BatchNorm scale, shift and running statistics,
// biases, a name outside ASCII), the input, the targets and a Dropout mask, as export.py wrote
// them to generator.json. And a zoo graph's bytes alone, whose weights are in an external file,
// are refused with that cause.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '@losskit/graph';
import { bce } from '@losskit/loss-bce';
import { describe, expect, it } from 'vitest';
import { createTrainer } from '../src/index';
import { ZOO_DIR, readZooFixture } from './support/zoo-fixtures';
import { fill, sampleIndices, zooBatch, zooMask } from './support/zoo-weights';

interface GeneratorCheck {
  readonly fill: readonly { readonly name: string; readonly dims: number[]; readonly first: number[] }[];
  readonly input: number[];
  readonly target: number[];
  readonly mask: number[];
}

const check = JSON.parse(readFileSync(join(ZOO_DIR, 'generator.json'), 'utf8')) as GeneratorCheck;

describe('zoo weight generator', () => {
  it.each(check.fill.map((c) => [c.name, c]))('%s: the values export.py generated', (_, c) => {
    expect(Array.from(fill(c.name, c.dims).subarray(0, 8))).toEqual(c.first);
  });

  it('the batch and a Dropout keep-mask: the values export.py generated', () => {
    const { input, target } = zooBatch(4, 64, 3);
    expect(Array.from(input.data.subarray(0, 8))).toEqual(check.input);
    expect(Array.from(target.data)).toEqual(check.target);
    expect(Array.from(zooMask('/classifier/classifier.0/Dropout', 2, [4, 8], 0.2))).toEqual(check.mask);
  });

  it('samples every entry of a small tensor and 16 stratum centres of a large one', () => {
    expect(sampleIndices(3)).toEqual([0, 1, 2]);
    // floor((2k + 1) * 64 / 32) = 4k + 2; floor((2k + 1) * 20 / 32): 0, 1, 3, 4, 5, 6, 8, 9, ...
    expect(sampleIndices(64)).toEqual(Array.from({ length: 16 }, (_, k) => 4 * k + 2));
    expect(sampleIndices(20)).toEqual([0, 1, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 18, 19]);
  });
});

describe('a model whose weights are in external data files', () => {
  it('as .onnx bytes alone: createTrainer refuses it, naming the files and how to load them', async () => {
    const { bytes } = readZooFixture('squeezenet1_1', 'eval');
    const attempt = createTrainer({ model: bytes, loss: bce({ fromLogits: true }), provider: 'cpu' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(createTrainer({ model: bytes, loss: bce({ fromLogits: true }), provider: 'cpu' })).rejects.toThrow(
      /^Invalid model: expected .*decodeModel\(bytes, \{ externalData.*received 52 initializer\(s\) stored in external data file\(s\) "squeezenet1_1-eval\.bin" \(first: "features\.0\.weight"\)/,
    );
  });
});
