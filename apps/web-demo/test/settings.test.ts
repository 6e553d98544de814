// The URL holds the settings: a link reproduces a run, and anything invalid falls back to a default.
import { describe, expect, it } from 'vitest';
import { buildLossGraph } from '@losskit/core';
import { CATALOG, isLossToken, pluginFor, rowId, rowLabel } from '../src/loss-catalog';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '../src/settings';

describe('settings in the URL', () => {
  it('round-trip every field and the custom loss', () => {
    const settings = { ...DEFAULT_SETTINGS, losses: ['l1', 'luma:mse', 'red:bce'], size: 16, data: 'synthetic' as const, images: 8, steps: 40, batch: 4, lr: 0.003, seed: 9, provider: 'wasm' as const };
    const custom = { code: '(g, p, t) => g.abs(g.sub(p, t))', reference: '(p, t) => p' };
    expect(readSettings(writeSettings(settings, custom))).toEqual({ settings, custom });
  });

  it('leave defaults out of links', () => {
    expect(writeSettings(DEFAULT_SETTINGS)).toBe('');
    expect(readSettings('').settings).toEqual(DEFAULT_SETTINGS);
  });

  it('replace invalid values by defaults and drop unknown losses', () => {
    const { settings, custom } = readSettings('?losses=l1,nope,luma:huber,green:mse&size=17&steps=-3&batch=x&lr=5&provider=cuda&data=mnist');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, losses: ['l1', 'green:mse'] });
    expect(custom).toBeUndefined();
  });
});

describe('loss catalog', () => {
  it('offers the five plugins, luma and the channels with any distance', () => {
    for (const token of ['l1', 'mse', 'bce', 'luma', 'luma:bce', 'red', 'green:mse', 'blue:l1']) expect(isLossToken(token), token).toBe(true);
    for (const token of ['', 'l1:mse', 'luma:luma', 'red:mse:l1', 'custom']) expect(isLossToken(token), token).toBe(false);
    expect(pluginFor('luma:mse')).toMatchObject({ name: 'luma', options: { distance: { name: 'mse' } } });
    expect(pluginFor('blue:bce')).toMatchObject({ name: 'channel', options: { channel: 2, distance: { name: 'bce' } } });
    expect(pluginFor('bce').name).toBe('bce');
    expect([rowId('luma:mse'), rowLabel('luma:mse'), rowLabel('custom')]).toEqual(['luma-mse', 'luma (mse)', 'your loss']);
    expect(rowId('l1+ssim')).toBe('l1-ssim');
  });

  it('offers ssim alone and added to l1, as pnpm demo does', () => {
    expect(pluginFor('ssim').name).toBe('ssim');
    const sum = pluginFor('l1+ssim') as { name: string; options: { parts: [number, { name: string }][] } };
    expect(sum.name).toBe('weighted-sum');
    expect(sum.options.parts.map(([w, p]) => [w, p.name])).toEqual([
      [1, 'l1'],
      [1, 'ssim'],
    ]);
  });

  it('has one entry per token, each building a loss graph (views with every distance)', () => {
    const tokens = CATALOG.map((e) => e.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    const distances = CATALOG.filter((e) => e.kind === 'distance').map((e) => e.token);
    expect(distances[0], 'the default distance').toBe('l1');
    for (const e of CATALOG) {
      expect(e.token).toMatch(/^[a-z0-9+-]+$/);
      for (const token of e.kind === 'view' ? [e.token, ...distances.map((d) => `${e.token}:${d}`)] : [e.token]) {
        expect(isLossToken(token), token).toBe(true);
        // 16 pixels, the smallest image size the page offers (SSIM's window is 11).
        const { elementwise } = buildLossGraph(pluginFor(token), { dims: [2, 3, 16, 16], reduction: 'none' });
        expect(elementwise.shape.length, token).toBeGreaterThan(0);
      }
    }
  });
});
