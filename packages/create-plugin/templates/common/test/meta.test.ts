// The package documents itself: it follows losskit's naming convention with the plugin's name,
// and the README's options table lists exactly the schema's options, with their types.
import { readFileSync } from 'node:fs';
import { checkPluginMetadata } from '@losskit/testkit';
import { describe, expect, it } from 'vitest';
import { {{factoryName}} } from '../src/index.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('{{pluginName}} metadata', () => {
  it('is named like its package, with a description, a docs link and the losskit-plugin keyword', () => {
    expect(() => checkPluginMetadata({{factoryName}}, JSON.parse(read('../package.json')))).not.toThrow();
  });

  it('documents every option of the schema in the README table, and no other', () => {
    const schema: Record<string, { type: string }> = {{factoryName}}.schema;
    const rows = [...read('../README.md').matchAll(/^\| `(\w+)` \| `(.+?)` \| (.+?) \|/gm)];
    expect(rows.map((row) => row[1])).toEqual(Object.keys(schema));
    for (const [, name, type] of rows) expect(type, name).toBe(schema[name!]!.type);
  });
});
