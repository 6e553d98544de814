// LossTester under node:test: node runs a plugin test file written for node:test (TypeScript,
// through tsx, with the @losskit/source condition so workspace packages resolve to src/).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

function runNodeTest(env: Record<string, string>): { status: number | null; output: string } {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@losskit/source', '--test', '--test-reporter=tap', 'test/fixtures/node-test-example.ts'],
    // CI is cleared so that a missing provider is not an error in this run: it is restricted anyway.
    { cwd: PACKAGE, encoding: 'utf8', env: { ...process.env, CI: '', ...env }, timeout: 300_000 },
  );
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe('LossTester under node:test', () => {
  it('passes on l1 on node:cpu and chromium:wasm', () => {
    const { status, output } = runNodeTest({ LOSSKIT_EXAMPLE_PLUGIN: 'l1', LOSSKIT_EXAMPLE_PROVIDERS: 'cpu,chromium:wasm' });
    expect(output).toMatch(/^# pass 65$/m);
    expect(output).toMatch(/^# fail 0$/m);
    expect(output).toMatch(/ok \d+ - \[chromium:wasm\] random gradient 3x4 mean with broadcast weights/);
    expect(output).toMatch(/\[losskit testkit\] l1: ran on node:cpu \(32 passed\), chromium:wasm \(31 passed\)/);
    expect(status, output).toBe(0);
  });

  it('fails on a graph that is 1.001 times its reference, and exits non-zero', () => {
    const { status, output } = runNodeTest({ LOSSKIT_EXAMPLE_PLUGIN: 'scaled-graph', LOSSKIT_EXAMPLE_PROVIDERS: 'cpu' });
    expect(output).toMatch(/not ok \d+ - \[node:cpu\] random 3x4 mean without weights/);
    expect(output).toMatch(/relative error \d\.\d\de-(3|4) exceeds 1e-6/);
    // The invalid case and the reference checks do not depend on the graph's values.
    expect(output).toMatch(/^ {4}ok \d+ - \[node:cpu\] invalid: target dims differ$/m);
    expect(output).toMatch(/^# fail 31$/m);
    expect(status).toBe(1);
  });
});
