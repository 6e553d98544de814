// The public API of each published package, read from its TypeScript sources: the names every
// entry point of its exports map exports, values and types alike (a type is API as much as a
// function is).
import { join } from 'node:path';
import ts from 'typescript';
import { type WorkspacePackage, ROOT, publicPackages } from './workspace';

/** One entry point of a package: its subpath and, where conditions pick different sources, the condition. */
export interface EntryPoint {
  readonly pkg: WorkspacePackage;
  /** `'.'`, `'./node'`, or `'. (browser)'` where a condition picks another source file. */
  readonly label: string;
  readonly file: string;
}

/** An exported name, and whether it is a type only. */
export interface ExportedName {
  readonly name: string;
  readonly typeOnly: boolean;
}

/** The source files of one exports-map entry, by the condition path that leads to each under `@losskit/source`. */
function sourceFiles(condition: unknown, path: string[] = []): [string[], string][] {
  if (typeof condition === 'string') return condition.startsWith('./src/') ? [[path, condition]] : [];
  if (!condition || typeof condition !== 'object') return [];
  const record = condition as Record<string, unknown>;
  if ('@losskit/source' in record) return sourceFiles(record['@losskit/source'], path);
  return Object.entries(record).flatMap(([key, value]) => sourceFiles(value, key === 'default' ? path : [...path, key]));
}

/** Every entry point of every published package. */
export function publicEntryPoints(): EntryPoint[] {
  return publicPackages().flatMap((pkg) =>
    Object.entries(pkg.manifest.exports ?? {})
      .filter(([subpath]) => subpath !== './package.json')
      .flatMap(([subpath, condition]) =>
        sourceFiles(condition).map(([path, file]) => ({
          pkg,
          label: path.length === 0 ? subpath : `${subpath} (${path.join(', ')})`,
          file: join(pkg.dir, file),
        })),
      ),
  );
}

let cached: { program: ts.Program; files: string[] } | undefined;

/** One TypeScript program over every public entry point, built once (a few seconds). */
function apiProgram(): ts.Program {
  const files = publicEntryPoints().map((e) => e.file);
  if (cached?.files.join() !== files.join()) {
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      customConditions: ['@losskit/source'],
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'tooling/repo-checks/node_modules/@types')],
    });
    cached = { program, files };
  }
  return cached.program;
}

function moduleExports(file: string): ts.Symbol[] {
  const program = apiProgram();
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`TypeScript could not read ${file}`);
  return checker.getExportsOfModule(module);
}

/** The names each entry point exports, sorted. */
export function exportedNames(entries: readonly EntryPoint[]): Map<EntryPoint, ExportedName[]> {
  const checker = apiProgram().getTypeChecker();
  const out = new Map<EntryPoint, ExportedName[]>();
  for (const entry of entries) {
    const names = moduleExports(entry.file).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return { name: symbol.name, typeOnly: (target.flags & ts.SymbolFlags.Value) === 0 };
    });
    out.set(entry, names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  }
  return out;
}

/** The doc comment of each property of the type `typeName` exported by the entry file `file` (inherited ones included). */
export function propertyDocs(file: string, typeName: string): Map<string, string> {
  const checker = apiProgram().getTypeChecker();
  const symbol = moduleExports(file).find((s) => s.name === typeName);
  if (!symbol) throw new Error(`${file} exports no ${typeName}`);
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const type = checker.getDeclaredTypeOfSymbol(target);
  return new Map(type.getProperties().map((p) => [p.name, ts.displayPartsToString(p.getDocumentationComment(checker))]));
}
