import { InvalidOptionError, PLUGIN_NAME_PATTERN, pluginNameOfPackage, pluginPackageCandidates, pluginPackageNameProblem } from '@losskit/core';

/** The names a new plugin package gets from the one the user typed. */
export interface PluginNames {
  /** `losskit-loss-huber` or `@acme/losskit-loss-huber`. */
  readonly packageName: string;
  /** The plugin's `name`: `huber`. */
  readonly pluginName: string;
  /** The exported factory: `huber`, `myLoss` for `my-loss`. */
  readonly factoryName: string;
  /** The prefix of exported types: `Huber`, `MyLoss`. */
  readonly typeName: string;
  /** The folder created by default: the short name typed, else the package name without its scope. */
  readonly folder: string;
}

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Names from what the user typed: a short plugin name (`huber` -> `losskit-loss-huber`) or a
 * package name under losskit's convention (`@acme/losskit-loss-huber`). Anything else is an
 * `InvalidOptionError` that says why and what would be accepted.
 */
export function pluginNames(input: string): PluginNames {
  let packageName: string;
  if (PLUGIN_NAME_PATTERN.test(input) && pluginNameOfPackage(input) === undefined) {
    // A short name; third parties publish under losskit-loss-<name> (@losskit/ is this repository's).
    packageName = pluginPackageCandidates(input)[1]!;
  } else {
    packageName = input;
  }
  const problem = pluginPackageNameProblem(packageName);
  if (problem !== undefined) {
    throw new InvalidOptionError(
      '<name>',
      `a plugin name like "huber" or a package name like "losskit-loss-huber" or "@you/losskit-loss-huber" (${problem})`,
      JSON.stringify(input),
    );
  }
  const pluginName = pluginNameOfPackage(packageName)!;
  const factoryName = camel(pluginName);
  const typeName = factoryName.charAt(0).toUpperCase() + factoryName.slice(1);
  const folder = packageName === input ? packageName.replace(/^@[^/]+\//, '') : input;
  return { packageName, pluginName, factoryName, typeName, folder };
}
