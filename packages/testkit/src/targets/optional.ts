import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What to install for Node's targets, said when onnxruntime-node is missing. */
export const MISSING_NODE_RUNTIME =
  'onnxruntime-node is not installed; to test on node:cpu, node:webgpu and node:cuda: npm install -D onnxruntime-node';

/**
 * The optional peers Chromium's targets need that are not installed here, looked up where the
 * packages that import them resolve them from (the browser harness and the runtime).
 */
export function missingBrowserPeers(): string[] {
  const fromTestkit = createRequire(import.meta.url);
  const from = (owner: string): NodeJS.Require | undefined => {
    try {
      return createRequire(fromTestkit.resolve(`${owner}/package.json`));
    } catch {
      return undefined;
    }
  };
  const harness = from('@losskit/browser-harness');
  const runtime = from('@losskit/runtime');
  const needed: [string, NodeJS.Require | undefined][] = [
    ['playwright-core', harness],
    ['vite', harness],
    ['onnxruntime-web', runtime],
  ];
  return needed
    // Looked up by folder, as Node does: not every package exports its package.json.
    .filter(([name, require]) => !(require?.resolve.paths(name) ?? []).some((folder) => existsSync(join(folder, name, 'package.json'))))
    .map(([name]) => name);
}

/** Why Chromium's targets cannot run when peers are missing, with the command that fixes it. */
export function missingBrowserPeersReason(missing: readonly string[]): string {
  return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed; to test on chromium:wasm and chromium:webgpu: npm install -D ${missing.join(' ')}`;
}
