import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseDemoArguments } from '../src/args';

describe('demo flags', () => {
  it('defaults to the seed experiment', () => {
    expect(parseDemoArguments([])).toEqual(DEFAULTS);
    expect(DEFAULTS.losses).toEqual(['l1', 'luma', 'red', 'green', 'blue', 'mse', 'bce', 'ssim', 'l1+ssim']);
    expect(DEFAULTS.synthetic).toBe(false);
    expect(DEFAULTS.images).toBeUndefined();
    expect(parseDemoArguments(['--help'])).toBeUndefined();
  });

  it('parses every flag', () => {
    const settings = parseDemoArguments(['--losses', 'l1, bce', '--steps', '10', '--batch', '8', '--size', '16', '--images', 'photos', '--provider', 'cpu', '--out', 'o', '--seed', '3', '--lr', '0.001']);
    expect(settings).toEqual({ losses: ['l1', 'bce'], steps: 10, batch: 8, size: 16, images: 'photos', synthetic: false, provider: 'cpu', out: 'o', seed: 3, lr: 0.001 });
    expect(parseDemoArguments(['--synthetic'])?.synthetic).toBe(true);
  });

  it('refuses --synthetic together with --images', () => {
    expect(() => parseDemoArguments(['--synthetic', '--images', 'photos'])).toThrowError('Invalid option --synthetic: expected not together with --images');
  });

  it.each([
    [['--steps', '0'], 'Invalid option --steps: expected a positive integer, received "0"'],
    [['--size', '21'], 'Invalid option --size: expected a positive multiple of 4, received "21"'],
    [['--provider', 'tpu'], 'Invalid option --provider: expected one of auto, cpu, cuda, webgpu, wasm, received "tpu"'],
    [['--lr=-1'], 'Invalid option --lr: expected a positive number, received "-1"'],
    [['--fast'], /Invalid option arguments: expected the flags listed by --help, received Unknown option '--fast'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseDemoArguments(argv as string[])).toThrowError(InvalidOptionError);
    expect(() => parseDemoArguments(argv as string[])).toThrowError(message);
  });
});
