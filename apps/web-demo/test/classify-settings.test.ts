import { describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFY_SETTINGS, readClassifySettings, writeClassifySettings } from '../src/classify/settings';

describe('digits page settings in the URL', () => {
  it('defaults to the node demo: both models, 10 epochs of 32, lr 0.01, seed 1, auto provider', () => {
    expect(readClassifySettings('')).toEqual({ models: ['mlp', 'cnn'], epochs: 10, batch: 32, lr: 0.01, seed: 1, provider: 'auto' });
    expect(writeClassifySettings(DEFAULT_CLASSIFY_SETTINGS)).toBe('');
  });

  it('round-trips every setting', () => {
    const settings = { models: ['cnn'] as const, epochs: 3, batch: 64, lr: 0.003, seed: 0, provider: 'wasm' as const };
    const query = writeClassifySettings(settings);
    expect(query).toBe('?models=cnn&epochs=3&batch=64&lr=0.003&seed=0&provider=wasm');
    expect(readClassifySettings(query)).toEqual(settings);
  });

  it('keeps the default for what is missing or invalid, and drops unknown or repeated models', () => {
    expect(readClassifySettings('?models=rnn&epochs=0&batch=2.5&lr=2&seed=-1&provider=tpu')).toEqual(DEFAULT_CLASSIFY_SETTINGS);
    expect(readClassifySettings('?models=cnn,rnn,cnn,mlp').models).toEqual(['cnn', 'mlp']);
  });
});
