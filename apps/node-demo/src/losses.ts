import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ModuleImporter, importFrom, loadLossPlugin } from '@losskit/cli';
import { InvalidOptionError, type LossPlugin, type WeightedPart, weightedSum } from '@losskit/core';

/**
 * The losses of the seed experiment, by the names the demo accepts, then SSIM's idea of "equal"
 * (structure) alone and added to pixel L1.
 */
export const DEFAULT_LOSSES: readonly string[] = ['l1', 'luma', 'red', 'green', 'blue', 'mse', 'bce', 'ssim', 'l1+ssim'];

/** One term of a sum of losses: `ssim`, or with a weight, `0.84*ssim`. */
const TERM = /^(?:(\d+(?:\.\d*)?|\.\d+)\*)?(.+)$/;

/**
 * Paths (`./my-loss.js`, `../losskit-loss-huber`) resolve from the working directory; package
 * names from the working directory's `node_modules` first (a plugin the user installed), then
 * from the demo's own dependencies (the losskit plugins).
 */
function demoImporter(): ModuleImporter {
  const fromDemo = importFrom(fileURLToPath(new URL('..', import.meta.url)));
  const fromCwd = importFrom(process.cwd());
  return async (specifier) => {
    if (specifier.startsWith('.') || isAbsolute(specifier)) return fromCwd(specifier);
    try {
      return await fromCwd(specifier);
    } catch (error) {
      // Only "not installed here" falls through; a plugin that fails to load says why.
      if (!(error as Error).message.startsWith('not installed')) throw error;
      return fromDemo(specifier);
    }
  };
}

/**
 * A loss by demo name: `red`, `green` and `blue` are `channel({ channel })`; any other name or
 * package (`l1`, `luma`, `@losskit/loss-bce`, `my-loss`) is loaded as a plugin. Names joined by
 * `+` are their sum, `weightedSum` of core, each term weighted 1 unless it says otherwise:
 * `l1+ssim`, `0.16*l1+0.84*ssim` (Zhao et al.'s mix).
 */
export async function lossByName(name: string, importer: ModuleImporter = demoImporter()): Promise<LossPlugin<unknown>> {
  if (name.includes('+')) {
    const parts = await Promise.all(
      name.split('+').map(async (term): Promise<WeightedPart> => {
        const [, weight, loss] = TERM.exec(term.trim())!;
        if (loss!.includes('*')) throw new InvalidOptionError('--losses', 'terms such as ssim or 0.84*ssim, joined by +', JSON.stringify(term));
        return [weight === undefined ? 1 : Number(weight), await lossByName(loss!, importer)];
      }),
    );
    return weightedSum(parts);
  }
  if (name === 'red' || name === 'green' || name === 'blue') return loadLossPlugin('channel', { channel: name }, importer);
  return loadLossPlugin(name, {}, importer);
}
