export type { ModuleImporter } from './plugins';
export { importFrom, loadLossPlugin } from './plugins';
export type { ExportArguments } from './export-command';
export { EXPORT_USAGE, parseExportArguments, runExport } from './export-command';
export { runCli } from './run-cli';
