// The plugin documents itself: its name matches the package, it has a description and a docs link.
import { readFileSync } from 'node:fs';
import { checkPluginMetadata } from '@losskit/testkit';
import { expect, it } from 'vitest';
import { totalVariation } from '../src/index';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };

it('totalVariation is named after its package, described and linked to its README', () => {
  checkPluginMetadata(totalVariation, manifest);
  expect(totalVariation().name).toBe('total-variation');
  expect(totalVariation.docs).toBe('https://github.com/losskit/losskit/tree/main/packages/plugins/total-variation#readme');
});
