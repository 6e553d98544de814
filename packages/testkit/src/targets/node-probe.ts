import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLossModel, defineLossPlugin } from '@losskit/core';

/** Whether a Node provider can run here, and why not. */
export interface NodeProviderStatus {
  readonly available: boolean;
  /** The full reason, for the summary line. */
  readonly reason?: string;
  /** A few words for test names. */
  readonly short?: string;
}

// Runs in a child process: tries each requested provider on the probe model and prints JSON.
const PROBE_SCRIPT = `
const [ortUrl, modelBase64, ...providers] = process.argv.slice(1);
const ort = await import(ortUrl);
const model = Buffer.from(modelBase64, 'base64');
const result = {};
for (const provider of providers) {
  try {
    const session = await ort.InferenceSession.create(model, {
      executionProviders: [provider], logSeverityLevel: 4,
      extra: { session: { disable_cpu_ep_fallback: '1' } },
    });
    const feed = new ort.Tensor('float32', Float32Array.of(-1), [1]);
    await session.run({ prediction: feed, target: feed });
    await session.release();
    result[provider] = { available: true };
  } catch (error) {
    result[provider] = { available: false, reason: String(error && error.message || error) };
  }
}
process.stdout.write('\\n' + JSON.stringify(result) + '\\n');
`;

const SWIFTSHADER_HINT =
  'without a GPU, install libvulkan1 and Debian\'s chromium and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json';

function probeModel(): Uint8Array {
  const probe = defineLossPlugin({
    name: 'losskit-probe',
    description: 'Absolute difference, to check that a provider loads.',
    options: {},
    create: () => ({ elementwise: (g, p, t) => g.abs(g.sub(p, t)), reference: (p) => p }),
  });
  return buildLossModel(probe(), { dims: [1], reduction: 'none' });
}

function onnxruntimeNodeEntry(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('onnxruntime-node');
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}

function explain(provider: string, reason: string): NodeProviderStatus {
  const line = firstLine(reason);
  if (provider === 'webgpu' && /adapter/i.test(line)) {
    return { available: false, reason: `no WebGPU adapter (${line}); ${SWIFTSHADER_HINT}`, short: 'no WebGPU adapter' };
  }
  return { available: false, reason: line, short: line.length > 60 ? `${line.slice(0, 57)}...` : line };
}

let cached: Map<string, NodeProviderStatus> | undefined;

/**
 * Which of Node's GPU providers run here. Test registration is synchronous in every runner, so
 * this asks a child process (about 0.3 s, once per process): ONNX Runtime's own session creation
 * on a one-node model, with CPU fallback disabled as the runtime does.
 */
export function probeNodeProviders(): ReadonlyMap<string, NodeProviderStatus> {
  if (cached) return cached;
  const statuses = new Map<string, NodeProviderStatus>();
  const entry = onnxruntimeNodeEntry();
  if (!entry) {
    const missing = { available: false, reason: 'onnxruntime-node is not installed', short: 'onnxruntime-node missing' };
    for (const p of ['cpu', 'webgpu', 'cuda']) statuses.set(p, missing);
    return (cached = statuses);
  }
  statuses.set('cpu', { available: true });
  const providers = ['webgpu'];
  // Without its libraries the CUDA provider fails anyway; say which file is missing instead.
  const binding = join(dirname(dirname(entry)), 'bin', 'napi-v6', process.platform, process.arch);
  const cudaLibrary = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (existsSync(join(binding, cudaLibrary))) providers.push('cuda');
  else {
    statuses.set('cuda', {
      available: false,
      reason: `${cudaLibrary} is not installed beside onnxruntime-node's binding (see @losskit/runtime, "Enabling CUDA")`,
      short: 'no CUDA libraries',
    });
  }
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', PROBE_SCRIPT, pathToFileURL(entry).href, Buffer.from(probeModel()).toString('base64'), ...providers],
    { encoding: 'utf8', timeout: 120_000, env: { XDG_RUNTIME_DIR: '/tmp', ...process.env } },
  );
  const lastLine = child.stdout?.trim().split('\n').at(-1) ?? '';
  let parsed: Record<string, { available: boolean; reason?: string }> = {};
  try {
    parsed = JSON.parse(lastLine) as typeof parsed;
  } catch {
    const why = child.error?.message ?? firstLine(child.stderr ?? '') ?? `exit code ${child.status}`;
    for (const p of providers) parsed[p] = { available: false, reason: `the provider probe failed: ${why}` };
  }
  for (const p of providers) {
    const status = parsed[p] ?? { available: false, reason: 'the provider probe gave no answer' };
    statuses.set(p, status.available ? { available: true } : explain(p, status.reason ?? 'unknown reason'));
  }
  return (cached = statuses);
}
