import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { pluginNames, runCreate, scaffoldPlugin } from '../src/index';

const temp = (): string => mkdtempSync(join(tmpdir(), 'create-losskit-plugin-'));
const workspaceVersion = (path: string): string => (JSON.parse(readFileSync(new URL(`../../${path}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

describe('pluginNames', () => {
  it('turns a short name into a package under the convention, and keeps package names', () => {
    expect(pluginNames('my-loss')).toEqual({ packageName: 'losskit-loss-my-loss', pluginName: 'my-loss', factoryName: 'myLoss', typeName: 'MyLoss', folder: 'my-loss' });
    expect(pluginNames('@acme/losskit-loss-huber')).toMatchObject({ packageName: '@acme/losskit-loss-huber', pluginName: 'huber', folder: 'losskit-loss-huber' });
  });

  it.each([
    ['My Loss', 'npm package names are lower case'],
    ['@acme/huber', 'plugin packages are named'],
    ['@acme/losskit-plugin-huber', 'plugin packages are named'],
    ['-huber', 'npm package names hold only'],
  ])('refuses %j: %s', (name, why) => {
    expect(() => pluginNames(name)).toThrowError(InvalidOptionError);
    expect(() => pluginNames(name)).toThrowError(why);
  });
});

describe('scaffoldPlugin', () => {
  it('writes the basic template with names, versions and keyword filled in', () => {
    const cwd = temp();
    const result = scaffoldPlugin({ name: 'my-loss', cwd });
    expect(result.directory).toBe(join(cwd, 'my-loss'));
    expect(result.files).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'src/index.ts',
      'test/meta.test.ts',
      'test/plugin.test.ts',
      'tsconfig.build.json',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    const manifest = JSON.parse(readFileSync(join(result.directory, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('losskit-loss-my-loss');
    expect(manifest.keywords).toContain('losskit-plugin');
    expect(manifest.peerDependencies).toEqual({ '@losskit/core': `^${workspaceVersion('core')}` });
    expect(manifest.devDependencies['@losskit/testkit']).toBe(`^${workspaceVersion('testkit')}`);
    expect(manifest.devDependencies.vitest).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.dependencies).toBeUndefined();
    const source = readFileSync(join(result.directory, 'src/index.ts'), 'utf8');
    expect(source).toContain("export const myLoss: LossPluginFactory<MyLossSchema> = defineLossPlugin({\n  name: 'my-loss',");
    for (const file of result.files) expect(readFileSync(join(result.directory, file), 'utf8'), file).not.toMatch(/\{\{\w+\}\}/);
  });

  it('writes the view template with its default distance as a dependency', () => {
    const result = scaffoldPlugin({ name: '@acme/losskit-loss-gray', template: 'view', cwd: temp() });
    const manifest = JSON.parse(readFileSync(join(result.directory, 'package.json'), 'utf8'));
    expect(manifest.dependencies).toEqual({ '@losskit/loss-l1': `^${workspaceVersion('plugins/l1')}` });
    expect(readFileSync(join(result.directory, 'src/index.ts'), 'utf8')).toContain('defineViewLoss({');
  });

  it('refuses a folder that exists and is not empty, and writes nothing', () => {
    const cwd = temp();
    mkdirSync(join(cwd, 'huber'));
    writeFileSync(join(cwd, 'huber', 'notes.txt'), 'mine');
    expect(() => scaffoldPlugin({ name: 'huber', cwd })).toThrowError(/Invalid option <directory>: expected a new or empty folder \(nothing is overwritten\), received .*huber, which exists and is not empty/);
    expect(readFileSync(join(cwd, 'huber', 'notes.txt'), 'utf8')).toBe('mine');
    mkdirSync(join(cwd, 'empty'));
    expect(scaffoldPlugin({ name: 'huber', directory: 'empty', cwd }).files.length).toBeGreaterThan(0);
  });
});

describe('runCreate (the command)', () => {
  const capture = (cwd: string) => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { log: (m: string) => out.push(m), error: (m: string) => err.push(m), cwd } };
  };

  it('creates the package and prints the next steps', async () => {
    const { out, io } = capture(temp());
    expect(await runCreate(['huber', '--template', 'view'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/^Created losskit-loss-huber \(plugin "huber", template view\) in huber:/);
    expect(out.join('\n')).toContain('npm install');
  });

  it('exits with 2 and a clear message for a bad name, template or flag', async () => {
    for (const argv of [['Bad Name'], ['huber', '--template', 'fancy'], ['huber', '--fast'], []]) {
      const { err, io } = capture(temp());
      expect(await runCreate(argv, io)).toBe(2);
      expect(err.join('\n')).toMatch(/^create-losskit-plugin: Invalid option (<name>|--template|--fast)/);
    }
  });
});
