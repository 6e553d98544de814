import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { InvalidOptionError, LossKitError } from '@losskit/core';
import { TEMPLATES, type TemplateName, scaffoldPlugin } from './scaffold';

export const USAGE = `Usage: npm create losskit-plugin <name> [-- --template basic|view] [--dir <folder>]
       pnpm create losskit-plugin <name> [--template basic|view] [--dir <folder>]

Creates a standalone losskit loss plugin package in a new folder.

  <name>             a plugin name ("huber" -> package losskit-loss-huber) or a package name
                     under the convention: "losskit-loss-huber", "@you/losskit-loss-huber"
  --template <name>  basic: a loss written with defineLossPlugin (Huber, with a delta option)
                     view:  a view loss written with defineViewLoss (channel mean + any distance)
                     (default basic)
  --dir <folder>     where to create it (default: the name typed, without a scope)`;

/**
 * Runs `create-losskit-plugin` with `argv` (the arguments after the command) and resolves with
 * its exit code; messages go to `log` and `error`.
 */
export async function runCreate(
  argv: readonly string[],
  io: { log(message: string): void; error(message: string): void; cwd?: string } = { log: console.log, error: console.error },
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { template: { type: 'string', short: 't' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: false,
    });
    if (values.help) {
      io.log(USAGE);
      return 0;
    }
    const unknown = Object.keys(values).filter((k) => !['template', 'dir', 'help'].includes(k));
    if (unknown.length > 0) throw new InvalidOptionError(`--${unknown[0]}`, 'one of --template, --dir, --help', `unknown flag --${unknown[0]}`);
    if (positionals.length !== 1) throw new InvalidOptionError('<name>', 'one plugin or package name, e.g. huber', JSON.stringify(positionals));
    const template = (values.template ?? 'basic') as TemplateName;
    if (!TEMPLATES.includes(template)) throw new InvalidOptionError('--template', `one of ${TEMPLATES.join(', ')}`, JSON.stringify(values.template));
    const cwd = io.cwd ?? process.cwd();
    const result = scaffoldPlugin({
      name: positionals[0]!,
      template,
      cwd,
      ...(typeof values.dir === 'string' ? { directory: values.dir } : {}),
    });
    const where = relative(cwd, result.directory) || '.';
    io.log(`Created ${result.packageName} (plugin "${result.pluginName}", template ${template}) in ${where}:
${result.files.map((f) => `  ${f}`).join('\n')}

Next:
  cd ${where}
  npm install
  npm test          # LossTester on every provider installed
  npm run build     # dist/ with tsc; npm pack and npm publish build first`);
    return 0;
  } catch (error) {
    if (error instanceof LossKitError) {
      io.error(`create-losskit-plugin: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
