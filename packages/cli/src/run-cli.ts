import { LossKitError } from '@losskit/core';
import { EXPORT_USAGE, parseExportArguments, runExport } from './export-command';

const USAGE = `losskit — loss functions as ONNX graphs

Commands:
  losskit export <plugin> --dims 8,3,32,32 --out loss.onnx   write a standalone .onnx loss model

Run "losskit export --help" for the export options.`;

/**
 * Runs the `losskit` command with `argv` (the arguments after the command name) and resolves
 * with its exit code. The `losskit` bin calls it; tests can too.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command !== 'export') {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(EXPORT_USAGE);
    return 0;
  }
  try {
    console.log(await runExport(parseExportArguments(rest)));
    return 0;
  } catch (error) {
    if (error instanceof LossKitError) {
      console.error(`losskit export: ${error.message}\n\n${EXPORT_USAGE}`);
      return 2;
    }
    throw error;
  }
}

