import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { CLASSIFY_DEFAULTS, parseClassifyArguments } from '../src/classify-args';

describe('demo:classify flags', () => {
  it('defaults to both models, 10 epochs of 32 at lr 0.01, seed 1', () => {
    expect(parseClassifyArguments([])).toEqual(CLASSIFY_DEFAULTS);
    expect(CLASSIFY_DEFAULTS).toEqual({ models: ['mlp', 'cnn'], epochs: 10, batch: 32, lr: 0.01, provider: 'auto', out: 'out', seed: 1 });
    expect(parseClassifyArguments(['--help'])).toBeUndefined();
  });

  it('parses every flag', () => {
    expect(parseClassifyArguments(['--models', 'cnn', '--epochs', '3', '--batch', '64', '--lr', '0.003', '--provider', 'cpu', '--out', 'o', '--seed', '0'])).toEqual({
      models: ['cnn'],
      epochs: 3,
      batch: 64,
      lr: 0.003,
      provider: 'cpu',
      out: 'o',
      seed: 0,
    });
    expect(parseClassifyArguments(['--models', 'cnn, mlp'])?.models).toEqual(['cnn', 'mlp']);
  });

  it.each([
    [['--models', 'rnn'], 'Invalid option --models: expected a comma-separated list of mlp, cnn, each once, received "rnn"'],
    [['--models', 'mlp,mlp'], 'Invalid option --models: expected a comma-separated list of mlp, cnn, each once, received "mlp,mlp"'],
    [['--epochs', '0'], 'Invalid option --epochs: expected a positive integer, received "0"'],
    [['--seed=-1'], 'Invalid option --seed: expected a non-negative integer, received "-1"'],
    [['--provider', 'tpu'], 'Invalid option --provider: expected one of auto, cpu, cuda, webgpu, wasm, received "tpu"'],
    [['--lr', '0'], 'Invalid option --lr: expected a positive number, received "0"'],
    [['--size', '8'], /Invalid option arguments: expected the flags listed by --help, received Unknown option '--size'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseClassifyArguments(argv as string[])).toThrowError(InvalidOptionError);
    expect(() => parseClassifyArguments(argv as string[])).toThrowError(message);
  });
});
