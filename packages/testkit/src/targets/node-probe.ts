import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ProviderProblem, providersOn } from '@losskit/runtime/portable';
import { MISSING_NODE_RUNTIME } from './optional';

/** Whether a Node provider can run here, and why not. */
export interface NodeProviderStatus {
  readonly available: boolean;
  /** The full reason, for the summary line. */
  readonly reason?: string;
  /** A few words for test names. */
  readonly short?: string;
}

// Runs in a child process: asks @losskit/runtime's listProviders (the same probe users get) and
// prints JSON; a missing onnxruntime-node is reported as such.
const PROBE_SCRIPT = `
const [runtimeUrl] = process.argv.slice(1);
let result;
try {
  const runtime = await import(runtimeUrl);
  result = { providers: (await runtime.listProviders()).map(({ name, available, reason, problem }) => ({ name, available, reason, problem })) };
} catch (error) {
  const message = String((error && error.message) || error);
  result = { missing: /onnxruntime-node/.test(message) && /Cannot find|not found|ERR_MODULE_NOT_FOUND/i.test(message + (error && error.code)), error: message };
}
process.stdout.write('\\n' + JSON.stringify(result) + '\\n');
`;

interface ProbeAnswer {
  providers?: { name: string; available: boolean; reason?: string; problem?: ProviderProblem }[];
  missing?: boolean;
  error?: string;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}

/** Test names' few words for the runtime's typed reasons; other failures show their first line. */
const SHORT_REASONS: Readonly<Partial<Record<ProviderProblem, string>>> = {
  'no-webgpu-adapter': 'no WebGPU adapter',
  'missing-cuda-libraries': 'no CUDA libraries',
  'other-platform': 'not in Node',
};

function shortReason(problem: ProviderProblem | undefined, reason: string): string {
  const known = problem === undefined ? undefined : SHORT_REASONS[problem];
  if (known) return known;
  const line = firstLine(reason);
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/**
 * How the child process loads `@losskit/runtime`'s Node build: its built `dist/node.js`, or,
 * when the test kit runs from its own sources (this repository, tsx beside it), the runtime's
 * sources too, so tests need no build.
 */
function runtimeLaunch(): { args: string[]; url: string } | undefined {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(require.resolve('@losskit/runtime/package.json'));
  } catch {
    return undefined;
  }
  const source = join(root, 'src', 'node.ts');
  let tsx: string | undefined;
  try {
    tsx = require.resolve('tsx');
  } catch {
    tsx = undefined;
  }
  // Sources only when the test kit itself runs from its sources (this repository's tests).
  if (tsx && existsSync(source) && import.meta.url.endsWith('.ts')) {
    return { args: ['--conditions=@losskit/source', '--import', pathToFileURL(tsx).href], url: pathToFileURL(source).href };
  }
  return { args: [], url: pathToFileURL(join(root, 'dist', 'node.js')).href };
}

let cached: Map<string, NodeProviderStatus> | undefined;

/**
 * Which of Node's providers run here, as `@losskit/runtime`'s `listProviders` reports them. Test
 * registration is synchronous in every runner, so this asks a child process (about a second,
 * once per process).
 */
export function probeNodeProviders(): ReadonlyMap<string, NodeProviderStatus> {
  if (cached) return cached;
  const statuses = new Map<string, NodeProviderStatus>();
  const absent = (reason: string, short: string): void => {
    for (const p of providersOn('node')) statuses.set(p, { available: false, reason, short });
  };
  const launch = runtimeLaunch();
  if (!launch) {
    absent('@losskit/runtime is not installed', '@losskit/runtime missing');
    return (cached = statuses);
  }
  const child = spawnSync(process.execPath, [...launch.args, '--input-type=module', '-e', PROBE_SCRIPT, launch.url], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { XDG_RUNTIME_DIR: '/tmp', ...process.env },
  });
  let answer: ProbeAnswer;
  try {
    answer = JSON.parse(child.stdout?.trim().split('\n').at(-1) ?? '') as ProbeAnswer;
  } catch {
    answer = { error: child.error?.message ?? firstLine(child.stderr ?? '') ?? `exit code ${child.status}` };
  }
  if (answer.missing) absent(MISSING_NODE_RUNTIME, 'onnxruntime-node missing');
  else if (!answer.providers) absent(`the provider probe failed: ${answer.error ?? 'no answer'}`, 'provider probe failed');
  else {
    for (const { name, available, reason, problem } of answer.providers) {
      statuses.set(name, available ? { available } : { available, reason: reason ?? 'unknown reason', short: shortReason(problem, reason ?? '') });
    }
  }
  return (cached = statuses);
}
