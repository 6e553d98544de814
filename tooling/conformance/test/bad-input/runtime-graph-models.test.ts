// Bad sessions, models and files: runtime options and model sessions, .onnx bytes (truncated,
// corrupted, oversized lengths), graphs that cannot be built or differentiated, model builders
// and images that do not decode.
import { gradients } from '@losskit/autodiff';
import {
  InvalidInputError,
  InvalidOptionError,
  ModelFormatError,
  ReleasedError,
  ShapeError,
  UnavailableProviderError,
  UnsupportedOperatorError,
} from '@losskit/core';
import { GraphBuilder, attr, decodeModel, encodeModel } from '@losskit/graph';
import { l1 } from '@losskit/loss-l1';
import { binaryClassifier, convAutoencoder, decodeImage, encodePng, syntheticImages } from '@losskit/models';
import { type ModelSession, createLossSession, createModelSession, listProviders } from '@losskit/runtime';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { badInputs } from '../support/bad-input';

const OPTION = { error: InvalidOptionError, code: 'ERR_INVALID_OPTION' } as const;
const INPUT = { error: InvalidInputError, code: 'ERR_INVALID_INPUT' } as const;
const FORMAT = { error: ModelFormatError, code: 'ERR_MODEL_FORMAT' } as const;
const UNSUPPORTED = { error: UnsupportedOperatorError, code: 'ERR_UNSUPPORTED_OPERATOR' } as const;

/** `y = |x| + w`, x of dims [2]. */
function absModel(op = 'Abs'): Uint8Array {
  const g = new GraphBuilder('abs');
  g.output(g.add(g.abs(g.input('x', 'float32', [2])), g.initializer('w', 'float32', [2], Float32Array.of(1, 2))), 'y');
  const model = g.toModel();
  return encodeModel({ ...model, graph: { ...model.graph, nodes: model.graph.nodes.map((n) => (n.op === 'Abs' ? { ...n, op } : n)) } });
}
const valid = absModel();
const x = { data: Float32Array.of(-1, 2), dims: [2] };

/** Sets the declared length of the `w` initializer's raw_data to a huge varint. */
function oversizedLength(bytes: Uint8Array): Uint8Array {
  const payload = new Uint8Array(Float32Array.of(1, 2).buffer);
  for (let i = 0; i + 9 < bytes.length; i++) {
    if (bytes[i] === 0x4a && bytes[i + 1] === 8 && payload.every((b, k) => bytes[i + 2 + k] === b)) {
      const out = new Uint8Array(bytes.length + 8);
      out.set(bytes.subarray(0, i + 1));
      out.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f], i + 1);
      out.set(bytes.subarray(i + 2), i + 10);
      return out;
    }
  }
  throw new Error('raw_data of w not found');
}

describe('runtime sessions', () => {
  let cudaAvailable = false;
  let model: ModelSession;
  beforeAll(async () => {
    cudaAvailable = (await listProviders()).find((p) => p.name === 'cuda')!.available;
    model = await createModelSession(valid, { provider: 'cpu' });
  });
  afterAll(() => model.release());

  badInputs(
    'runtime',
    [
      { name: 'an unknown provider', run: () => createLossSession(l1(), { provider: 'tpu' as never }), ...OPTION, words: ['provider', '"auto", "cpu", "cuda", "webgpu", "wasm"', 'received "tpu"'] },
      { name: 'a provider name in capitals', run: () => createLossSession(l1(), { provider: 'CPU' as never }), ...OPTION, words: ['received "CPU"'] },
      { name: 'wasm in Node', run: () => createLossSession(l1(), { provider: 'wasm' }), error: UnavailableProviderError, code: 'ERR_UNAVAILABLE_PROVIDER', words: ['"wasm" is unavailable', 'in Node use "cpu"'] },
      {
        name: 'cuda without its libraries',
        run: () => (cudaAvailable ? Promise.reject(new UnavailableProviderError('cuda', 'skipped: CUDA runs here; libonnxruntime_providers_cuda')) : createLossSession(l1(), { provider: 'cuda' })),
        error: UnavailableProviderError,
        code: 'ERR_UNAVAILABLE_PROVIDER',
        words: ['"cuda" is unavailable', 'libonnxruntime_providers_cuda'],
      },
      { name: 'an unknown reduction', run: () => createLossSession(l1(), { reduction: 'avg' as never }), ...OPTION, words: ['reduction', '"mean"', 'received "avg"'] },
      { name: 'gradient as a string', run: () => createLossSession(l1(), { gradient: 'yes' as never }), ...OPTION, words: ['gradient', 'a boolean', 'received "yes"'] },
      { name: 'an unknown session option', run: () => createLossSession(l1(), { reduce: 'sum' } as never), ...OPTION, words: ['createLossSession.reduce', 'unknown option "reduce"'] },
      { name: 'a plugin factory instead of a plugin', run: () => createLossSession(l1 as never), ...INPUT, words: ['plugin', 'did you pass the factory l1 instead of l1()?'] },
      { name: 'no plugin at all', run: () => createLossSession(undefined as never), ...INPUT, words: ['plugin', 'received undefined'] },
      { name: 'model bytes as a file path', run: () => createModelSession('model.onnx' as never), ...INPUT, words: ['model', 'a Uint8Array', 'received "model.onnx"'] },
      { name: 'a model that is not protobuf', run: () => createModelSession(new TextEncoder().encode('not a model'), { provider: 'cpu' }), ...FORMAT, words: ['could not load the model', 'protobuf parsing failed'] },
      { name: 'a truncated model', run: () => createModelSession(valid.slice(0, valid.length - 12), { provider: 'cpu' }), ...FORMAT, words: ['could not load the model'] },
      { name: 'a model with an operator ONNX Runtime lacks', run: () => createModelSession(absModel('Frobnicate'), { provider: 'cpu' }), ...UNSUPPORTED, words: ['no kernel', 'Frobnicate'] },
      { name: 'a model input that is missing', run: () => model.run({}), ...INPUT, words: ['inputs.x', 'the model declares this input', 'received undefined'] },
      { name: 'a model input of other dims', run: () => model.run({ x: { data: new Float32Array(3), dims: [3] } }), ...INPUT, words: ['inputs.x.dims', '[2] (declared by the model)', 'received [3]'] },
      { name: 'a model input as Float64Array', run: () => model.run({ x: { data: new Float64Array(2), dims: [2] } as never }), ...INPUT, words: ['inputs.x.data', 'a Float32Array', 'Float64Array(2)'] },
      { name: 'a model input with NaN', run: () => model.run({ x: { data: Float32Array.of(0, Number.NaN), dims: [2] } }), ...INPUT, words: ['inputs.x.data[1]', 'NaN'] },
      {
        name: 'a loss session used after release',
        run: async () => {
          const session = await createLossSession(l1(), { provider: 'cpu' });
          await session.release();
          await session.release();
          return session.run({ prediction: x, target: x });
        },
        error: ReleasedError,
        code: 'ERR_RELEASED',
        words: ['loss session was released', 'create a new one'],
      },
    ],
    async () => {
      const outputs = await model.run({ x });
      expect(Array.from(outputs.y!.data as Float32Array)).toEqual([2, 4]);
    },
  );
});

describe('.onnx bytes and graphs', () => {
  const flipped = valid.slice();
  flipped[valid.length - 30]! ^= 0x80;
  badInputs(
    'graph',
    [
      { name: 'no bytes', run: () => decodeModel(new Uint8Array(0)), ...FORMAT, words: ['Not an ONNX model', 'no graph'] },
      { name: 'a file path instead of bytes', run: () => decodeModel('model.onnx' as never), ...FORMAT, words: ['expects a Uint8Array', 'received string'] },
      { name: 'a truncated file', run: () => decodeModel(valid.subarray(0, valid.length - 7)), ...FORMAT, words: ['Malformed ONNX protobuf', 'at byte'] },
      // The flip turns the input's elem_type varint into a two-byte one that swallows the next key,
      // so the decoder, which reads every field of the type message, meets a field number 0.
      { name: 'a corrupted file (bit flip)', run: () => decodeModel(flipped), ...FORMAT, words: ['Malformed ONNX protobuf', 'field number 0', 'at byte'] },
      { name: 'an oversized raw_data length', run: () => decodeModel(oversizedLength(valid)), ...FORMAT, words: ['length past the end of the message'] },
      { name: 'a text file', run: () => decodeModel(new TextEncoder().encode('{"model": "json"}')), ...FORMAT, words: ['Malformed ONNX protobuf'] },
      { name: 'an externalData loader that is not a function', run: () => decodeModel(valid, { externalData: 'w.bin' as never }), ...OPTION, words: ['externalData', 'a function', '"w.bin"'] },
      {
        name: 'operands that do not broadcast',
        run: () => {
          const g = new GraphBuilder();
          return g.add(g.input('a', 'float32', [2, 3]), g.input('b', 'float32', [4]));
        },
        error: ShapeError,
        code: 'ERR_SHAPE',
        words: ['Add', '[2, 3]', '[4]'],
      },
      {
        name: 'a gradient through an operator without a rule',
        run: () => {
          const g = new GraphBuilder();
          const a = g.input('a', 'float32', [2]);
          const y = g.output(g.addNode('ReduceProd', [a], { keepdims: attr.int(0) })[0]!, 'y');
          return gradients(g, y, [a]);
        },
        ...UNSUPPORTED,
        words: ['ReduceProd'],
      },
      {
        name: 'shape inference of an unknown operator',
        run: () => GraphBuilder.fromGraph(decodeModel(absModel('Frobnicate')).graph),
        ...UNSUPPORTED,
        words: ['Frobnicate'],
      },
    ],
    () => expect(decodeModel(valid).graph.nodes.length).toBeGreaterThan(0),
  );
});

describe('model builders and images', () => {
  const png = encodePng(new Uint8Array(3 * 2 * 2).fill(128), 2, 2);
  badInputs(
    'models',
    [
      { name: 'an autoencoder size not divisible by its stages', run: () => convAutoencoder({ size: 30 }), ...OPTION, words: ['convAutoencoder.size', 'a multiple of 4', 'received 30'] },
      { name: 'an autoencoder without widths', run: () => convAutoencoder({ widths: [] }), ...OPTION, words: ['convAutoencoder.widths', 'non-empty array', 'received []'] },
      { name: 'an autoencoder with NaN channels', run: () => convAutoencoder({ channels: Number.NaN }), ...OPTION, words: ['convAutoencoder.channels', 'NaN'] },
      { name: 'an unknown autoencoder option', run: () => convAutoencoder({ depth: 3 } as never), ...OPTION, words: ['convAutoencoder.depth', 'unknown option'] },
      { name: 'a classifier activation that does not exist', run: () => binaryClassifier({ activation: 'gelu' as never }), ...OPTION, words: ['binaryClassifier.activation', '"relu", "leakyRelu"', 'received "gelu"'] },
      { name: 'a negative image count', run: () => syntheticImages({ count: -1 } as never), ...OPTION, words: ['syntheticImages.count', 'received -1'] },
      { name: 'synthetic images with 4 channels', run: () => syntheticImages({ count: 2, channels: 4 } as never), ...OPTION, words: ['syntheticImages.channels', '1 or 3', '4'] },
      { name: 'image bytes that are neither PNG nor JPEG', run: () => decodeImage(new TextEncoder().encode('GIF89a...')), ...INPUT, words: ['bytes', 'a PNG or JPEG image', 'received'] },
      { name: 'a truncated PNG', run: () => decodeImage(png.subarray(0, 30)), ...INPUT, words: ['a valid PNG image', 'The decoder failed'] },
      { name: 'a corrupted PNG', run: () => decodeImage(Uint8Array.from(png, (b, i) => (i > 40 ? b ^ 0x5a : b))), ...INPUT, words: ['a valid PNG image'] },
      { name: 'an image given as a string', run: () => decodeImage('photo.png' as never), ...INPUT, words: ['bytes', 'a Uint8Array or ArrayBuffer'] },
    ],
    () => expect(decodeImage(png).dims).toEqual([3, 2, 2]),
  );
});
