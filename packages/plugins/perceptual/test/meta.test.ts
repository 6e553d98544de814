// The plugin documents itself: its name matches the package, it has a description and a docs link.
import { readFileSync } from 'node:fs';
import { checkPluginMetadata } from '@losskit/testkit';
import { expect, it } from 'vitest';
import { perceptual } from '../src/index';
import { tinyVgg } from './support';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };

it('perceptual is named after its package, described and linked to its README', () => {
  checkPluginMetadata(perceptual, manifest, { model: tinyVgg });
  expect(perceptual.pluginName).toBe('perceptual');
  expect(perceptual.docs).toBe('https://github.com/losskit/losskit/tree/main/packages/plugins/perceptual#readme');
});
