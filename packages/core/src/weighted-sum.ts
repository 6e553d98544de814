import { type GraphBuilder, type Value, describeValue } from '@losskit/graph';
import { reduceLoss } from './build';
import { combineInputSpecs } from './combined-inputs';
import { pluginOption, validateNested } from './composite';
import { InvalidOptionError } from './errors';
import { hasGraphInputCheck } from './input-check';
import { type OptionSpec, option } from './options';
import { recordParts } from './parts';
import { type LossImplementation, type LossPlugin, type LossValues, applyLoss, defineLossPlugin, inputSpecsOf } from './plugin';
import { referenceLoss } from './reference';

/** One part of a combined loss: a positive weight and a loss plugin, e.g. `[0.16, l1()]`. */
export type WeightedPart = readonly [weight: number, loss: LossPlugin<unknown>];

/** The options of a `weightedSum` plugin: its parts, checked, in the order given. */
export interface WeightedSumOptions {
  readonly parts: readonly WeightedPart[];
}

const WEIGHT = option.number({ description: 'The weight of a part.', default: 1, min: 0, exclusiveMin: true });
const PART = pluginOption({ description: 'A loss in the sum.' });
const PAIRS = 'a non-empty array of [weight, loss] pairs such as [[0.84, msSsim()], [0.16, l1()]]';

/** Checks the parts, naming the one at fault: `weightedSum.parts[1][0]` for the second weight. */
function parseParts(value: unknown, path: string): readonly WeightedPart[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidOptionError(path, PAIRS, describeValue(value));
  return Object.freeze(
    value.map((pair: unknown, i): WeightedPart => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidOptionError(`${path}[${i}]`, 'a [weight, loss] pair such as [0.5, l1()]', describeValue(pair));
      return Object.freeze([WEIGHT.parse(pair[0] as number, `${path}[${i}][0]`), PART.parse(pair[1] as LossPlugin<unknown>, `${path}[${i}][1]`)] as const);
    }),
  );
}

const PARTS: OptionSpec<readonly WeightedPart[]> = {
  type: PAIRS.replace(/^a /, 'A '),
  description: 'The losses to add, each with its weight.',
  default: () => [],
  required: true,
  parse: parseParts,
};

/**
 * The key each part's value is reported under: the plugin's name, and `name#2`, `name#3` for
 * later parts of the same name (`[[0.5, l1()], [0.5, l1()]]` reports `l1` and `l1#2`).
 */
export function partKeys(parts: readonly WeightedPart[]): string[] {
  const seen = new Map<string, number>();
  return parts.map(([, plugin]) => {
    const count = (seen.get(plugin.name) ?? 0) + 1;
    seen.set(plugin.name, count);
    return count === 1 ? plugin.name : `${plugin.name}#${count}`;
  });
}

/** A part's declared inputs other than the target, as `applyLoss` takes them. */
function extrasOf(plugin: LossPlugin<unknown>, inputs: LossValues): LossValues {
  return Object.fromEntries(Object.keys(inputSpecsOf(plugin)).filter((name) => name !== 'target').map((name) => [name, inputs[name]!]));
}

function combination(parts: readonly WeightedPart[]): LossImplementation {
  const keys = partKeys(parts);
  const plugins = parts.map(([, plugin]) => plugin);
  const implementation: LossImplementation = {
    inputs: combineInputSpecs(plugins.map((plugin, k) => ({ plugin, path: `weightedSum.parts[${k}][1]` }))),
    elementwise: (g, prediction, target, inputs) => {
      const values: Record<string, Value> = {};
      const terms = parts.map(([weight, plugin], k) => {
        // applyLoss keeps the part's closed-form gradient; reduceLoss its own 'mean'.
        const elementwise = applyLoss(g, plugin, prediction, target, extrasOf(plugin, inputs));
        const value = reduceLoss(g, plugin, { inputs, elementwise }, undefined, 'mean');
        values[keys[k]!] = value;
        return g.mul(value, weight);
      });
      // One value: the sum is reduced already, and every reduction of one value gives it back.
      const loss = g.reshape(
        terms.reduce((sum, term) => g.add(sum, term)),
        [1],
      );
      recordParts(loss, values);
      return loss;
    },
    reference: (prediction, _target, inputs) => {
      let total = 0;
      for (const [weight, plugin] of parts) total += weight * referenceLoss(plugin, { ...inputs, prediction }, 'mean').data[0]!;
      return { data: Float64Array.of(total), dims: [1] };
    },
  };
  if (!plugins.some((plugin) => plugin.validate)) return implementation;
  return {
    ...implementation,
    // Each part checks the inputs it is given, which are the user's own: errors keep their
    // argument (`target.data[3]`) and say which part refused it.
    validate: (inputs) => {
      plugins.forEach((plugin, k) => validateNested(plugin, inputs, undefined, `Part ${keys[k]} of the weighted sum (weightedSum.parts[${k}]) checks this`));
    },
    // A graph form exists when every part's checks have one; otherwise sessions run validate.
    ...(plugins.every(hasGraphInputCheck)
      ? {
          inputCheck: (g: GraphBuilder, prediction: Value, target: Value, inputs: LossValues): Value =>
            plugins
              .filter((plugin) => plugin.inputCheck)
              .map((plugin) => plugin.inputCheck!(g, prediction, target, inputs))
              .reduce((sum, term) => g.add(sum, term)),
        }
      : {}),
  };
}

const factory = defineLossPlugin({
  name: 'weighted-sum',
  description: 'A weighted sum of losses, each reduced by its own mean: Σ w_k · mean_k(l_k).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/core#combined-losses',
  options: { parts: PARTS },
  create: ({ parts }) => combination(parts),
});

/**
 * A combined loss: `Σ w_k · mean_k(l_k)`, each part reduced by its own `'mean'` (PyTorch's, a
 * plugin's `mean` where it has one), as Zhao et al. mix MS-SSIM and L1 in "Loss Functions for
 * Image Restoration with Neural Networks": `weightedSum([[0.84, msSsim()], [0.16, l1()]])`.
 *
 * The parts may have different elementwise shapes, so the sum is reduced already: its
 * elementwise loss is one value (dims `[1]`), every reduction gives that value (`'none'` as
 * `[1]`), and `weights` can only scale it (dims `[]` or `[1]`). One graph, one gradient: the
 * parts' graphs are emitted into it, each with its closed-form gradient. Sessions and trainers
 * also report each part's value, unweighted, under its key (see {@link partKeys}): `parts:
 * { 'ms-ssim': 0.12, l1: 0.05 }`. Inputs are the union of the parts'; parts that declare an input
 * differently are refused. Bad parts are an `InvalidOptionError` naming `weightedSum.parts[i]`,
 * `weightedSum.parts[i][0]` (the weight, a finite number > 0) or `weightedSum.parts[i][1]`.
 */
export function weightedSum(parts: readonly WeightedPart[]): LossPlugin<WeightedSumOptions> {
  // Checked here to name the argument as written (`weightedSum.parts`); the factory's own check
  // of the same value then passes.
  return factory({ parts: parseParts(parts, 'weightedSum.parts') });
}
