// The plugin documents itself: its name matches the package, it has a description and a docs link.
import { readFileSync } from 'node:fs';
import { checkPluginMetadata } from '@losskit/testkit';
import { expect, it } from 'vitest';
import { hingeEmbedding } from '../src/index';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };

it('hingeEmbedding is named after its package, described and linked to its README', () => {
  checkPluginMetadata(hingeEmbedding, manifest);
  expect(hingeEmbedding().name).toBe('hinge-embedding');
  expect(hingeEmbedding.docs).toBe('https://github.com/losskit/losskit/tree/main/packages/plugins/hinge-embedding#readme');
});
