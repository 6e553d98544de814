// Robust defaults: with the default model, optimizer and schedule, short runs on several data
// seeds (each seed holds other photos out, crops others, initialises other weights) all learn;
// and a run that does collapse is reported as collapsed, not as a result (the rule itself,
// `hasCollapsed` of @losskit/models, is tested there).
import type { ModuleImporter } from '@losskit/cli';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../src/args';
import { demoImages } from '../src/data';
import { learningRateSchedule, runExperiment } from '../src/experiment';
import { lossByName } from '../src/losses';

const importer: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

describe('training does not collapse with the default settings', () => {
  for (const seed of [2, 3, 4, 5]) {
    it(`seed ${seed}: the l1 loss falls well below its start in 80 steps`, async () => {
      const settings = { ...DEFAULTS, seed, steps: 80, provider: 'cpu' as const };
      const data = await demoImages(settings);
      const [result] = await runExperiment([{ name: 'l1', plugin: await lossByName('l1', importer) }], data, settings);
      expect(result!.collapsed).toBe(false);
      expect(result!.finalTrainingLoss).toBeLessThan(0.5 * result!.initialTrainingLoss);
    });
  }
});

describe('collapse detection', () => {
  it('reports a run trained at an absurd learning rate as collapsed', async () => {
    const settings = { ...DEFAULTS, steps: 40, lr: 5, provider: 'cpu' as const };
    const data = await demoImages(settings);
    const [result] = await runExperiment([{ name: 'l1', plugin: await lossByName('l1', importer) }], data, settings);
    expect(result!.collapsed).toBe(true);
  });
});

describe('learning-rate schedule', () => {
  it('warms up linearly, then decays along a cosine to 5% of the rate', () => {
    const learningRateAt = learningRateSchedule(400, 0.01);
    expect(learningRateAt(1)).toBeCloseTo(0.0005, 10);
    expect(learningRateAt(20)).toBeCloseTo(0.01, 10);
    expect(learningRateAt(210)).toBeCloseTo(0.01 * (0.05 + 0.95 * 0.5), 10);
    expect(learningRateAt(400)).toBeCloseTo(0.0005, 10);
  });
});
