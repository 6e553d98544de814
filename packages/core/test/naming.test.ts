import { describe, expect, it } from 'vitest';
import { pluginNameOfPackage, pluginPackageCandidates, pluginPackageNameProblem } from '../src/index';

describe('the plugin package naming convention', () => {
  it.each([
    ['@losskit/loss-l1', 'l1'],
    ['@losskit/loss-my-loss', 'my-loss'],
    ['losskit-loss-huber', 'huber'],
    ['@acme/losskit-loss-ssim-2', 'ssim-2'],
  ])('%s declares the plugin %s', (packageName, plugin) => {
    expect(pluginNameOfPackage(packageName)).toBe(plugin);
    expect(pluginPackageNameProblem(packageName)).toBeUndefined();
  });

  it.each([
    // The old CLI lookup accepted these; the test kit did not: one convention now.
    ['losskit-plugin-huber', 'plugin packages are named'],
    ['@acme/huber', 'plugin packages are named'],
    ['@losskit/huber', 'plugin packages are named'],
    ['losskit-loss-', 'plugin packages are named'],
    ['losskit-loss-Huber', 'lower case'],
    ['losskit-loss-huber--x', 'plugin packages are named'],
    ['losskit-loss-hu ber', 'only a-z'],
    ['', 'cannot be empty'],
    [`losskit-loss-${'a'.repeat(210)}`, 'at most 214'],
  ])('%s is refused: %s', (packageName, problem) => {
    expect(pluginNameOfPackage(packageName)).toBeUndefined();
    expect(pluginPackageNameProblem(packageName)).toContain(problem);
  });

  it('maps a short name to the candidate packages, in lookup order', () => {
    expect(pluginPackageCandidates('huber')).toEqual(['@losskit/loss-huber', 'losskit-loss-huber']);
    expect(pluginPackageCandidates('losskit-loss-huber')).toEqual(['losskit-loss-huber']);
    expect(pluginPackageCandidates('@acme/losskit-loss-huber')).toEqual(['@acme/losskit-loss-huber']);
    expect(pluginPackageCandidates('./my-loss.js')).toEqual(['./my-loss.js']);
  });

  it('gives every candidate of a name back that same name', () => {
    for (const candidate of pluginPackageCandidates('my-loss')) expect(pluginNameOfPackage(candidate)).toBe('my-loss');
  });
});
