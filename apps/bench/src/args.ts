import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import type { ProviderName } from '@losskit/runtime';
import { SECTIONS, type Section, type Settings, defaultSettings } from './settings';

const PROVIDERS: readonly ProviderName[] = ['cpu', 'webgpu', 'cuda'];

export interface Args {
  readonly settings: Settings;
  /** Results file stem under results/: the machine name. */
  readonly machine: string | undefined;
  readonly outDir: string | undefined;
  /** Keep the sections of the existing results file that this run does not measure. */
  readonly merge: boolean;
  /** Re-render BENCHMARKS.md (and the plot) from a saved results file instead of measuring. */
  readonly render: string | undefined;
}

export const USAGE = `pnpm bench [--quick] [--provider cpu|webgpu|cuda] [--threads N] [--only loss,cross-entropy,ssim,train,zoo,browser,demo] [--zoo-models LIST] [--zoo-memory-steps N] [--merge] [--machine NAME] [--out DIR] [--render FILE]

  --quick      a shorter run (under 10 minutes): fewer repeats, no 64x64 b128 step, no zoo, no demo
  --provider   the ONNX Runtime provider losskit runs on in Node (default cpu)
  --threads    threads for ONNX Runtime and PyTorch (default: the number of cores)
  --only       a comma-separated subset of the sections
  --zoo-models       the zoo section's models (default: all five)
  --zoo-memory-steps steps of the zoo section's memory measurement (default 500; 0: none; else over 10)
  --merge      keep the sections of the existing results file that this run does not measure
               (e.g. --only ssim --merge adds that section to the committed run)
  --machine    the results file name, results/<machine>.json (default: the host name)
  --render F   only regenerate BENCHMARKS.md and the plot from results file F (e.g. after editing analysis.md)
  --out        a folder for results/ and BENCHMARKS.md (default: apps/bench/results and the repository root)`;

function fail(message: string): never {
  throw new Error(`${message}\n\n${USAGE}`);
}

export function parseBenchArgs(argv: readonly string[]): Args {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      provider: { type: 'string', default: 'cpu' },
      threads: { type: 'string' },
      only: { type: 'string' },
      merge: { type: 'boolean', default: false },
      machine: { type: 'string' },
      out: { type: 'string' },
      render: { type: 'string' },
      'zoo-models': { type: 'string' },
      'zoo-memory-steps': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const provider = values.provider as ProviderName;
  if (!PROVIDERS.includes(provider)) fail(`--provider: expected one of ${PROVIDERS.join(', ')}, received "${values.provider}"`);
  const threads = values.threads === undefined ? availableParallelism() : Number(values.threads);
  if (!Number.isInteger(threads) || threads <= 0) fail(`--threads: expected a positive integer, received "${values.threads}"`);
  const base = defaultSettings(values.quick, provider, threads);
  let sections = base.sections;
  if (values.only !== undefined) {
    const picked = values.only.split(',').map((s) => s.trim());
    const unknown = picked.filter((s) => !SECTIONS.includes(s as Section));
    if (unknown.length > 0) fail(`--only: unknown section(s) ${unknown.join(', ')}; expected some of ${SECTIONS.join(', ')}`);
    sections = picked as Section[];
  }
  let zoo = {};
  if (values['zoo-models'] !== undefined) {
    const picked = values['zoo-models'].split(',').map((s) => s.trim());
    const unknown = picked.filter((m) => !base.zooModels.includes(m));
    if (unknown.length > 0) fail(`--zoo-models: unknown model(s) ${unknown.join(', ')}; expected some of ${base.zooModels.join(', ')}`);
    zoo = { ...zoo, zooModels: picked };
  }
  if (values['zoo-memory-steps'] !== undefined) {
    const steps = Number(values['zoo-memory-steps']);
    if (!Number.isInteger(steps) || steps < 0) fail(`--zoo-memory-steps: expected a non-negative integer, received "${values['zoo-memory-steps']}"`);
    // The resident-set range is taken over the steps after step 10 (zoo-memory.ts): fewer leave it empty.
    if (steps > 0 && steps <= 10) fail(`--zoo-memory-steps: expected 0 (no measurement) or more than 10, received ${steps}`);
    zoo = { ...zoo, zooMemorySteps: steps };
  }
  return { settings: { ...base, ...zoo, sections }, machine: values.machine, outDir: values.out, merge: values.merge, render: values.render };
}
