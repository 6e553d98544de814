// perceptual() through LossTester on every provider: PyTorch autograd values and gradients in
// float64 (test/fixtures/pytorch.json, written with tiny-vgg.onnx by make-pytorch-fixtures.py),
// bad options and inputs, and random checks against the float64 reference and finite
// differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { bce } from '@losskit/loss-bce';
import { l1 } from '@losskit/loss-l1';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { perceptual } from '../src/index';
import { tinyVgg } from './support';

interface FixtureOptions {
  readonly layers?: string[];
  readonly distance?: 'l1';
  readonly layerWeights?: number[];
  readonly normalize?: 'imagenet';
}

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<FixtureOptions>[] };

// The features' gradients are about 1e-3: the default tolerance (1e-5 absolute below 1) would let
// a 1% error pass, so these cases ask for 2e-7.
const fromPytorch = pytorch.cases.map((c) => ({
  ...c,
  tolerance: 2e-7,
  options: { ...c.options, model: tinyVgg, distance: c.options?.distance === 'l1' ? l1() : undefined },
}));

const image = { data: new Array<number>(2 * 3 * 8 * 8).fill(0.5), dims: [2, 3, 8, 8] };

new LossTester({ describe, it, beforeAll, afterAll }).run('perceptual', perceptual, {
  valid: fromPytorch,
  invalid: [
    {
      name: 'a layer name the network does not compute, with the names it does',
      options: { model: tinyVgg, layers: ['relu1', 'relu3'] },
      error: InvalidOptionError,
      message: /^Invalid option perceptual\.layers\[1\]: expected the name of a value the network computes, such as "\/features\.0\/Conv_output_0", "relu1", "\/features\.2\/MaxPool_output_0", "\/features\.3\/Conv_output_0", \.\.\. \(1 more: featureNames\(model\) lists them all\), received "relu3"$/,
    },
    {
      name: 'one layer weight for two layers',
      options: { model: tinyVgg, layerWeights: [1] },
      error: InvalidOptionError,
      message: /^Invalid option perceptual\.layerWeights: expected 2 weights, one per layer \(relu1, relu2\), received 1 weights$/,
    },
    { name: 'a negative layer weight', options: { model: tinyVgg, layerWeights: [1, -1] }, error: InvalidOptionError, message: /perceptual\.layerWeights\[1\]/ },
    { name: 'no model', options: {}, error: InvalidOptionError, message: /^Invalid option perceptual\.model: expected Uint8Array \| Model, received nothing/ },
    {
      name: 'a path where the model bytes belong',
      options: { model: 'vgg16.onnx' },
      error: InvalidOptionError,
      message: /^Invalid option perceptual\.model: expected a Model \(from @losskit\/models or decodeModel\) or the bytes of an \.onnx file, received "vgg16\.onnx"$/,
    },
    {
      name: 'bce() as the distance: features are no probabilities',
      options: { model: tinyVgg, distance: bce() },
      error: InvalidOptionError,
      message: /^Invalid option perceptual\.distance: expected a distance that takes any real values, such as mse\(\) or l1\(\), received bce\(\)/,
    },
    {
      name: 'four channels where the network takes three',
      options: { model: tinyVgg },
      prediction: { data: new Array<number>(4 * 64).fill(0), dims: [1, 4, 8, 8] },
      target: { data: new Array<number>(4 * 64).fill(0), dims: [1, 4, 8, 8] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected 3 channels on axis 1 \(network input "image" declares \[batch, 3, height, width\]\), received \[1, 4, 8, 8\]$/,
    },
    {
      name: 'images without a batch axis',
      options: { model: tinyVgg },
      prediction: { data: new Array<number>(3 * 64).fill(0), dims: [3, 8, 8] },
      target: { data: new Array<number>(3 * 64).fill(0), dims: [3, 8, 8] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected 4 axes, the batch first/,
    },
    {
      name: 'a target of other dims than the prediction',
      options: { model: tinyVgg },
      prediction: image,
      target: { data: new Array<number>(3 * 64).fill(0), dims: [1, 3, 8, 8] },
      error: InvalidInputError,
      message: /^Invalid target\.dims/,
    },
  ],
  random: { options: { model: tinyVgg }, dims: [[2, 3, 8, 8]], gradientSamples: 32 },
});
