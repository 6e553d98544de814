#!/usr/bin/env node
// @ts-check
// Type-checks workspace packages in one process: each package's own files (its tsconfig.json's
// `include`) under its own compiler options, reporting what `tsc -p .` reports for those files.
// Two things make it cheaper than one `tsc -p .` per package, with the same coverage:
// - a package imports the others' TypeScript sources (`@losskit/source`), so `tsc -p .` checks
//   every dependency's sources again in every dependent; here each file is checked once, in its own
//   package, and dependents only read the declarations they use;
// - parsed files (the DOM and Node typings above all) are shared between the packages' programs,
//   as an editor's language service shares them, instead of parsed again by every `tsc`.
// Usage: losskit-typecheck [package folder ...]; default: every workspace package with a
// `typecheck` script. Exit code 1 when any package has an error.
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { ROOT, workspacePackages } from './workspace.js';

const require = createRequire(import.meta.url);
/** @type {typeof import('typescript')} */
const ts = require('typescript');


/** @type {Map<string, import('typescript').SourceFile>} */
const parsed = new Map();

/**
 * A compiler host that shares parsed files between programs whose options parse alike.
 * @param {import('typescript').CompilerOptions} options
 */
function sharingHost(options) {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  const bucket = JSON.stringify([options.target, options.module, options.jsx, options.moduleDetection]);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${bucket}|${JSON.stringify(languageVersion)}|${fileName}`;
    let file = parsed.get(key);
    if (!file) {
      file = parse(fileName, languageVersion, onError, shouldCreate);
      if (file) parsed.set(key, file);
    }
    return file;
  };
  return host;
}

/**
 * The diagnostics `tsc -p <dir>` gives for the package's own files, in tsc's order: an earlier
 * kind that has errors hides the later ones, as in tsc.
 * @param {string} dir
 * @returns {{ files: number, diagnostics: readonly import('typescript').Diagnostic[] }}
 */
function checkPackage(dir) {
  /** @type {import('typescript').Diagnostic[]} */
  const configErrors = [];
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic),
  });
  if (!config) return { files: 0, diagnostics: configErrors };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    host: sharingHost(config.options),
    configFileParsingDiagnostics: config.errors,
  });
  const own = config.fileNames.flatMap((name) => program.getSourceFile(name) ?? []);
  const each = (/** @type {(file: import('typescript').SourceFile) => readonly import('typescript').Diagnostic[]} */ get) => own.flatMap((file) => get(file));
  const steps = [
    () => [...program.getConfigFileParsingDiagnostics()],
    () => each((file) => program.getSyntacticDiagnostics(file)),
    () => [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()],
    () => each((file) => program.getSemanticDiagnostics(file)),
    // Under noEmit, tsc still reports declaration errors (isolatedDeclarations) when declarations are on.
    () => (config.options.declaration || config.options.composite ? each((file) => program.getDeclarationDiagnostics(file)) : []),
  ];
  for (const step of steps) {
    const diagnostics = step();
    if (diagnostics.length > 0) return { files: own.length, diagnostics };
  }
  return { files: own.length, diagnostics: [] };
}

const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : workspacePackages('typecheck').map((p) => p.dir);
const started = Date.now();
let failed = 0;
for (const dir of dirs) {
  const { files, diagnostics } = checkPackage(dir);
  const name = relative(ROOT, dir) || '.';
  if (diagnostics.length === 0) {
    console.log(`${name}: ${files} files, no errors`);
    continue;
  }
  failed += 1;
  console.log(`${name}: ${diagnostics.length} errors`);
  // As tsc does: colours and source context on a terminal, one plain line per error in a log.
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  console.log(format(diagnostics, { getCanonicalFileName: (fileName) => fileName, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }));
}
console.log(`Type-checked ${dirs.length} packages in ${((Date.now() - started) / 1000).toFixed(1)} s${failed ? `: ${failed} with errors` : ''}.`);
process.exitCode = failed > 0 ? 1 : 0;
