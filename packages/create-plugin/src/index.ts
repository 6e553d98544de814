/**
 * create-losskit-plugin: scaffolds a losskit loss plugin package (`npm create losskit-plugin`).
 * @module
 */
export type { PluginNames } from './names';
export { pluginNames } from './names';
export type { ScaffoldOptions, ScaffoldResult, TemplateName } from './scaffold';
export { TEMPLATES, scaffoldPlugin } from './scaffold';
export { USAGE, runCreate } from './run';
