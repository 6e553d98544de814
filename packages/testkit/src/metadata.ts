import { type LossPlugin, PLUGIN_KEYWORD, pluginNameOfPackage, pluginPackageNameProblem } from '@losskit/core';
import { fail } from './compare';

/** The parts of a plugin factory {@link checkPluginMetadata} reads (any `defineLossPlugin` result). */
export interface PluginFactoryMetadata {
  (options?: any): LossPlugin<unknown>;
  readonly pluginName: string;
  readonly description: string;
  readonly docs: string | undefined;
}

/**
 * The meta-test of a plugin package (like typescript-eslint's rule meta-tests): the package
 * follows the naming convention of `@losskit/core` (`@losskit/loss-<name>`, or
 * `losskit-loss-<name>` with any scope) with the plugin's name, lists the `losskit-plugin`
 * keyword when it lists keywords,
 * it has a one-sentence description, and its docs link is an https URL. Throws an assertion
 * error naming what is wrong. `options` are passed to the factory to make the plugin checked
 * (default none): a plugin with required options (perceptual's `model`) needs them.
 */
export function checkPluginMetadata(
  factory: PluginFactoryMetadata,
  packageJson: { readonly name?: string; readonly keywords?: readonly string[] },
  options?: unknown,
): void {
  const packageName = packageJson.name ?? '';
  const problem = pluginPackageNameProblem(packageName);
  if (problem !== undefined) fail(`package name "${packageName}" does not follow the convention: ${problem}`);
  const declared = pluginNameOfPackage(packageName);
  if (factory.pluginName !== declared) fail(`the plugin is named "${factory.pluginName}" but its package "${packageName}" says "${declared}"`);
  if (packageJson.keywords !== undefined && !packageJson.keywords.includes(PLUGIN_KEYWORD)) {
    fail(`package.json keywords should include "${PLUGIN_KEYWORD}" so that npm search finds the plugin`);
  }
  const plugin = factory(options);
  if (plugin.name !== factory.pluginName) fail(`the factory says "${factory.pluginName}" but its plugins are named "${plugin.name}"`);
  const description = factory.description.trim();
  if (description.length < 10 || !/[.!?)]$/.test(description)) {
    fail(`the description should be a sentence ending with a period, received "${factory.description}"`);
  }
  if (plugin.description !== factory.description) fail('the plugin\'s description differs from its factory\'s');
  let url: URL | undefined;
  try {
    url = new URL(factory.docs ?? '');
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') fail(`docs should be an https link to the plugin's documentation, received ${JSON.stringify(factory.docs)}`);
}
