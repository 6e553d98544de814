import { writeFile } from 'node:fs/promises';
import {
  type Reduction,
  InvalidOptionError,
  buildLossModel,
  checkReduction,
  describeValue,
  differentiableInputs,
  gradientOutputName,
  inputSpecsOf,
} from '@losskit/core';
import { type ModuleImporter, loadLossPlugin } from './plugins';

/** Parsed arguments of `losskit export`. */
export interface ExportArguments {
  readonly plugin: string;
  readonly dims: number[];
  readonly out: string;
  readonly reduction: Reduction;
  readonly weights: number[] | undefined;
  /** Dims of the plugin's declared inputs where they do not follow from `--dims` (CTC's target). */
  readonly inputDims: Record<string, number[]>;
  readonly gradient: boolean;
  readonly options: Record<string, unknown>;
}

export const EXPORT_USAGE = `Usage: losskit export <plugin> --dims 8,3,32,32 --out loss.onnx [options]

Writes a standalone ONNX model (IR 8, opset 18) of a loss plugin: inputs "prediction", the
inputs the plugin declares ("target" for most losses: float32, or int64 class indices; extra
inputs such as "positive") and "weights"; output "loss" (and the gradients).

  <plugin>             l1, mse, bce, cross-entropy, ..., a package name or a path to a module
  --dims <n,...>       dims of the prediction (required); the plugin's inputs follow from them
  --input <name=n,...> dims of a declared input whose dims are not fixed by --dims
                       (CTC's target: --input target=4,12); repeat for several
  --out <file>         where to write the .onnx file (required)
  --reduction <name>   none | sum | mean | weighted_mean | sum_by_nonzero_weights (default mean)
  --weights <n,...>    add a "weights" input with these dims (broadcast over the loss)
  --gradient           also output "gradient", d loss / d prediction, and "gradient.<input>"
                       for every other differentiable input
  --options <json>     plugin options, e.g. '{"fromLogits":true}'; a nested plugin is
                       {"plugin":"mse","options":{}}`;

function parseDims(flag: string, value: string | undefined): number[] {
  const dims = (value ?? '').split(',').map((d) => Number(d.trim()));
  if (!value || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new InvalidOptionError(flag, 'comma-separated positive integers like 8,3,32,32', describeValue(value));
  }
  return dims;
}

/** `target=4,12` -> `['target', [4, 12]]`. */
function parseInputDims(value: string): [string, number[]] {
  const [name, dims] = value.split('=', 2) as [string, string | undefined];
  if (!name || dims === undefined) throw new InvalidOptionError('--input', 'name=dims, e.g. target=4,12', describeValue(value));
  return [name, parseDims(`--input ${name}`, dims)];
}

/** Parses `losskit export` arguments (after the word `export`). */
export function parseExportArguments(argv: readonly string[]): ExportArguments {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'gradient') flags.set(name, true);
    else if (name === 'input') inputs.push(inline ?? argv[++i] ?? '');
    else flags.set(name, inline ?? argv[++i] ?? '');
  }
  const known = ['dims', 'out', 'reduction', 'weights', 'gradient', 'options', 'input'];
  for (const name of flags.keys()) {
    if (!known.includes(name)) throw new InvalidOptionError(`--${name}`, `one of ${known.map((k) => `--${k}`).join(', ')}`, `unknown flag --${name}`);
  }
  if (positional.length !== 1) throw new InvalidOptionError('<plugin>', 'exactly one plugin name', describeValue(positional));
  const out = flags.get('out');
  if (typeof out !== 'string' || out === '') throw new InvalidOptionError('--out', 'a file name', describeValue(out));
  let options: Record<string, unknown> = {};
  const rawOptions = flags.get('options');
  if (typeof rawOptions === 'string') {
    try {
      options = JSON.parse(rawOptions) as Record<string, unknown>;
    } catch {
      throw new InvalidOptionError('--options', 'a JSON object', describeValue(rawOptions));
    }
  }
  const weights = flags.get('weights');
  return {
    plugin: positional[0]!,
    dims: parseDims('--dims', flags.get('dims') as string | undefined),
    out,
    reduction: checkReduction(flags.get('reduction') ?? 'mean'),
    weights: weights === undefined ? undefined : parseDims('--weights', weights as string),
    inputDims: Object.fromEntries(inputs.map(parseInputDims)),
    gradient: flags.get('gradient') === true,
    options,
  };
}

/** Runs `losskit export`; returns the message to print. */
export async function runExport(args: ExportArguments, importer?: ModuleImporter): Promise<string> {
  const plugin = await loadLossPlugin(args.plugin, args.options, importer);
  const bytes = buildLossModel(plugin, {
    dims: args.dims,
    inputDims: args.inputDims,
    reduction: args.reduction,
    gradient: args.gradient,
    ...(args.weights ? { weights: args.weights } : {}),
  });
  await writeFile(args.out, bytes);
  const specs = inputSpecsOf(plugin);
  const outputs = ['loss', ...(args.gradient ? differentiableInputs(specs).map(gradientOutputName) : [])].join(', ');
  // Inputs other than a float target with the prediction's dims are worth naming (class indices, extras).
  const declared = Object.entries(specs)
    .map(([name, spec]) => ({ name, type: spec.type === 'float' ? 'float32' : 'int64', dims: args.inputDims[name] ?? (spec.dims?.(args.dims) as number[] | undefined) ?? args.dims }))
    .filter(({ name, type, dims }) => !(name === 'target' && type === 'float32' && dims.join() === args.dims.join()));
  const inputs = declared.length === 0 ? '' : `, inputs ${declared.map(({ name, type, dims }) => `${name} ${type} [${dims.join(', ')}]`).join(', ')}`;
  return `Wrote ${args.out} (${bytes.length} bytes): ${plugin.name}, dims [${args.dims.join(', ')}]${inputs}, reduction ${args.reduction}, outputs ${outputs}`;
}
