// The networks the tests run: tiny-vgg.onnx, which make-pytorch-fixtures.py exported from
// PyTorch, and small graphs built here for what no exporter writes on purpose.
import { readFileSync } from 'node:fs';
import { GraphBuilder, type Model, type Value, encodeModel } from '@losskit/graph';

/** VGG's pattern in miniature (Conv 3->4, ReLU, MaxPool 2, Conv 4->8, ReLU), outputs "relu1" and "relu2". */
export const tinyVgg: Uint8Array = new Uint8Array(readFileSync(new URL('./fixtures/tiny-vgg.onnx', import.meta.url)));

/** Seeded values in [-0.5, 0.5): weights that are neither symmetric nor special. */
export function seeded(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  });
}

/**
 * A network of one input `image` [1, channels, 8, 8] (a fixed batch and size, as an export
 * without dynamic axes declares them), its outputs the values `body` returns by name, as .onnx bytes.
 */
export function network(channels: number, body: (g: GraphBuilder, image: Value) => Readonly<Record<string, Value>>, opset = 18): Uint8Array {
  const g = new GraphBuilder('test-network');
  const image = g.input('image', 'float32', [1, channels, 8, 8]);
  for (const [name, value] of Object.entries(body(g, image))) g.output(value, name);
  const model: Model = g.toModel({ opsetImports: [{ domain: '', version: opset }] });
  return encodeModel(model);
}
