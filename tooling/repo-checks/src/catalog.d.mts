export declare const ROOT: string;
export interface CatalogEntry {
  readonly folder: string;
  readonly name: string;
  readonly factory: string;
  readonly formula: string;
  readonly matches: string;
}
export declare function catalogEntries(root?: string): CatalogEntry[];
export declare function catalogTable(root?: string): string;
export declare function withCatalog(readme: string, root?: string): string;
