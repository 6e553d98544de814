// The plugin documents itself: its name matches the package, it has a description and a docs link.
import { readFileSync } from 'node:fs';
import { checkPluginMetadata } from '@losskit/testkit';
import { expect, it } from 'vitest';
import { smoothL1 } from '../src/index';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };

it('smoothL1 is named after its package, described and linked to its README', () => {
  checkPluginMetadata(smoothL1, manifest);
  expect(smoothL1().name).toBe('smooth-l1');
  expect(smoothL1.docs).toBe('https://github.com/losskit/losskit/tree/main/packages/plugins/smooth-l1#readme');
});
