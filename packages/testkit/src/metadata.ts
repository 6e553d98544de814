import type { LossPlugin } from '@losskit/core';
import { fail } from './compare';

/** The parts of a plugin factory {@link checkPluginMetadata} reads (any `defineLossPlugin` result). */
export interface PluginFactoryMetadata {
  (options?: any): LossPlugin<unknown>;
  readonly pluginName: string;
  readonly description: string;
  readonly docs: string | undefined;
}

/**
 * The meta-test of a plugin package (like typescript-eslint's rule meta-tests): the plugin's
 * name matches the package's (`@losskit/loss-<name>`, or `losskit-loss-<name>` with any scope),
 * it has a one-sentence description, and its docs link is an https URL. Throws an assertion
 * error naming what is wrong.
 */
export function checkPluginMetadata(factory: PluginFactoryMetadata, packageJson: { readonly name?: string }): void {
  const packageName = packageJson.name ?? '';
  const match = /^(?:@losskit\/loss-|(?:@[^/]+\/)?losskit-loss-)([a-z0-9-]+)$/.exec(packageName);
  if (!match) fail(`package name "${packageName}" is not "@losskit/loss-<name>" or "[@scope/]losskit-loss-<name>"`);
  if (factory.pluginName !== match[1]) fail(`the plugin is named "${factory.pluginName}" but its package "${packageName}"`);
  const plugin = factory();
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
