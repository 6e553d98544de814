import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The folder that holds onnxruntime-node's native binding, where CUDA libraries must sit. */
export function bindingFolder(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('onnxruntime-node');
    // .../onnxruntime-node/dist/index.js -> .../onnxruntime-node
    const root = dirname(dirname(entry));
    return join(root, 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** How to install CUDA support, shown when the `cuda` provider is unavailable. */
export const CUDA_INSTALL_HINT: string =
  'Install the CUDA provider libraries of your onnxruntime-node version beside its binding: ' +
  'with access to nuget.org run `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js` ' +
  '(CUDA 12); from the npm registry alone, use onnxruntime-node@1.29.0 and copy libonnxruntime_providers_cuda.so and ' +
  'libonnxruntime_providers_shared.so from com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (CUDA 13). ' +
  'See the losskit README, "Enabling CUDA".';

/** Why CUDA cannot load here, or `undefined` when its libraries are in place. */
export function missingCudaLibraries(): string | undefined {
  if (process.platform !== 'linux' && process.platform !== 'win32') {
    return `onnxruntime-node has no CUDA provider for ${process.platform}`;
  }
  const folder = bindingFolder();
  if (!folder) return 'onnxruntime-node is not installed';
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (!existsSync(join(folder, library))) return `${library} is missing from ${folder}. ${CUDA_INSTALL_HINT}`;
  return undefined;
}
