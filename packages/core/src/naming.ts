/**
 * The one naming convention of loss plugin packages, shared by the test kit's metadata check,
 * the CLI's `loadLossPlugin`, the demos' `--losses` and `create-losskit-plugin`:
 *
 * - `@losskit/loss-<name>` for the plugins of this repository;
 * - `losskit-loss-<name>` or `@scope/losskit-loss-<name>` for everyone else;
 *
 * where `<name>` is the plugin's own `name` (kebab-case), and the package carries the keyword
 * {@link PLUGIN_KEYWORD} so that `npm search keywords:losskit-plugin` finds it.
 */

/** The npm keyword every plugin package carries. */
export const PLUGIN_KEYWORD = 'losskit-plugin';

/** The convention in words, for error messages and docs. */
export const PLUGIN_PACKAGE_CONVENTION = '"@losskit/loss-<name>", "losskit-loss-<name>" or "@scope/losskit-loss-<name>"';

/** A plugin name: kebab-case, starting with a letter (`l1`, `my-loss`). */
export const PLUGIN_NAME_PATTERN: RegExp = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const PACKAGE_PATTERN = /^(?:@losskit\/loss-|(?:@[a-z0-9][a-z0-9._~-]*\/)?losskit-loss-)(.+)$/;

/**
 * The plugin name a package name declares under the convention (`'huber'` for
 * `@me/losskit-loss-huber`), or `undefined` when the package name does not follow it.
 */
export function pluginNameOfPackage(packageName: string): string | undefined {
  if (packageName.length > 214) return undefined;
  const name = PACKAGE_PATTERN.exec(packageName)?.[1];
  return name !== undefined && PLUGIN_NAME_PATTERN.test(name) ? name : undefined;
}

/**
 * Why `packageName` is not a valid plugin package name, or `undefined` when it is. Checks npm's
 * own rules that matter here (lower case, at most 214 characters, URL-safe) and the convention.
 */
export function pluginPackageNameProblem(packageName: string): string | undefined {
  if (packageName.length === 0) return 'a package name cannot be empty';
  if (packageName.length > 214) return `npm package names have at most 214 characters, this one has ${packageName.length}`;
  if (packageName !== packageName.toLowerCase()) return 'npm package names are lower case';
  if (!/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(packageName)) {
    return 'npm package names hold only a-z, 0-9, "-", ".", "_" and "~", with an optional "@scope/" in front';
  }
  if (pluginNameOfPackage(packageName) === undefined) {
    return `plugin packages are named ${PLUGIN_PACKAGE_CONVENTION}, with <name> the plugin's kebab-case name`;
  }
  return undefined;
}

/**
 * The packages a short plugin name may refer to, in lookup order: `'huber'` ->
 * `['@losskit/loss-huber', 'losskit-loss-huber']`. A name that already is a package name or a
 * path is returned alone.
 */
export function pluginPackageCandidates(name: string): string[] {
  if (!PLUGIN_NAME_PATTERN.test(name) || pluginNameOfPackage(name) !== undefined) return [name];
  return [`@losskit/loss-${name}`, `losskit-loss-${name}`];
}
