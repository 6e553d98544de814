import { writeFile } from 'node:fs/promises';
import { type Reduction, InvalidOptionError, buildLossModel, checkReduction, describeValue } from '@losskit/core';
import { type ModuleImporter, loadLossPlugin } from './plugins';

/** Parsed arguments of `losskit export`. */
export interface ExportArguments {
  readonly plugin: string;
  readonly dims: number[];
  readonly out: string;
  readonly reduction: Reduction;
  readonly weights: number[] | undefined;
  readonly gradient: boolean;
  readonly options: Record<string, unknown>;
}

export const EXPORT_USAGE = `Usage: losskit export <plugin> --dims 8,3,32,32 --out loss.onnx [options]

Writes a standalone ONNX model (IR 8, opset 18) of a loss plugin: inputs "prediction" and
"target" (and "weights"), output "loss" (and "gradient").

  <plugin>             l1, mse, bce, luma, channel, a package name or a path to a module
  --dims <n,...>       dims of the prediction and the target (required)
  --out <file>         where to write the .onnx file (required)
  --reduction <name>   none | sum | mean | weighted_mean | sum_by_nonzero_weights (default mean)
  --weights <n,...>    add a "weights" input with these dims (broadcast over the loss)
  --gradient           also output "gradient", d loss / d prediction
  --options <json>     plugin options, e.g. '{"fromLogits":true}'; a nested plugin is
                       {"plugin":"mse","options":{}}`;

function parseDims(flag: string, value: string | undefined): number[] {
  const dims = (value ?? '').split(',').map((d) => Number(d.trim()));
  if (!value || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new InvalidOptionError(flag, 'comma-separated positive integers like 8,3,32,32', describeValue(value));
  }
  return dims;
}

/** Parses `losskit export` arguments (after the word `export`). */
export function parseExportArguments(argv: readonly string[]): ExportArguments {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'gradient') flags.set(name, true);
    else flags.set(name, inline ?? argv[++i] ?? '');
  }
  const known = ['dims', 'out', 'reduction', 'weights', 'gradient', 'options'];
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
    gradient: flags.get('gradient') === true,
    options,
  };
}

/** Runs `losskit export`; returns the message to print. */
export async function runExport(args: ExportArguments, importer?: ModuleImporter): Promise<string> {
  const plugin = await loadLossPlugin(args.plugin, args.options, importer);
  const bytes = buildLossModel(plugin, {
    dims: args.dims,
    reduction: args.reduction,
    gradient: args.gradient,
    ...(args.weights ? { weights: args.weights } : {}),
  });
  await writeFile(args.out, bytes);
  const outputs = args.gradient ? 'loss, gradient' : 'loss';
  return `Wrote ${args.out} (${bytes.length} bytes): ${plugin.name}, dims [${args.dims.join(', ')}], reduction ${args.reduction}, outputs ${outputs}`;
}
