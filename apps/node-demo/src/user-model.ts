import { readFileSync } from 'node:fs';
import { InvalidOptionError, describeValue } from '@losskit/core';
import { prepareModel } from '@losskit/train';

/** A user's autoencoder for `--model`: its bytes and the image size it takes. */
export interface UserModel {
  readonly bytes: Uint8Array;
  /** The square image size the model declares, if its spatial dims are static. */
  readonly size: number | undefined;
}

function describe(shape: readonly (number | string)[] | undefined): string {
  return shape ? `[${shape.join(', ')}]` : 'no declared shape';
}

/**
 * Reads `--model FILE.onnx` and checks it is an image autoencoder: one input and one output of
 * rank 4 with 3 channels. Opsets, operators and parameters are checked by the trainer.
 */
export function loadUserModel(path: string): UserModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InvalidOptionError('--model', 'a readable .onnx file', describeValue(path), (error as Error).message);
  }
  const prepared = prepareModel(bytes);
  const input = prepared.input.shape;
  const output = prepared.output.shape;
  const image = (shape: typeof input) => shape === undefined || (shape.length === 4 && (shape[1] === 3 || typeof shape[1] === 'string'));
  if (!image(input) || !image(output)) {
    throw new InvalidOptionError(
      '--model',
      'an autoencoder of RGB images: input and output [batch, 3, height, width]',
      `input "${prepared.input.name}" ${describe(input)}, output "${prepared.output.name}" ${describe(output)}`,
    );
  }
  const [h, w] = [input?.[2], input?.[3]];
  if (typeof h === 'number' && typeof w === 'number' && h !== w) {
    throw new InvalidOptionError('--model', 'square images (the demo crops squares)', `input ${describe(input)}`);
  }
  return { bytes, size: typeof h === 'number' ? h : undefined };
}
