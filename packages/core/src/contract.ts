import { PLUGIN_NAME_PATTERN } from './naming';

const FIELDS = [
  ['name', 'string'],
  ['description', 'string'],
  ['elementwise', 'function'],
  ['reference', 'function'],
] as const;

const OPTIONAL_METHODS = ['gradient', 'validate', 'inputCheck'] as const;

/**
 * The first way `value` breaks the loss-plugin contract, in words (`"elementwise" is not a
 * function (received undefined)`), or `undefined` when it keeps it. Loaders of third-party
 * plugins (the CLI, the demos) use it to say which check failed, where {@link isLossPlugin}
 * only says yes or no.
 */
export function pluginContractProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `a plugin is an object, received ${value === null ? 'null' : typeof value}`;
  const plugin = value as Record<string, unknown>;
  for (const [field, type] of FIELDS) {
    if (typeof plugin[field] !== type) return `"${field}" is not a ${type} (received ${typeof plugin[field]})`;
  }
  if (!PLUGIN_NAME_PATTERN.test(plugin.name as string)) return `"name" is not kebab-case (received "${String(plugin.name)}")`;
  for (const method of OPTIONAL_METHODS) {
    if (plugin[method] !== undefined && typeof plugin[method] !== 'function') {
      return `"${method}" is given but not a function (received ${typeof plugin[method]})`;
    }
  }
  if (typeof plugin.options !== 'object' || plugin.options === null) return `"options" is not an object (received ${String(plugin.options)})`;
  return undefined;
}
