import { InvalidOptionError, formatDims } from '@losskit/graph';
import { type DimsRule, type IntegerRange, type LossInputSpec, type LossInputSpecs, samePredictionDims } from './inputs';
import { type LossPlugin, inputSpecsOf } from './plugin';

/** A part's plugin and where it sits in the parts list, for errors (`weightedSum.parts[1][1]`). */
interface Declarer {
  readonly plugin: LossPlugin<unknown>;
  readonly path: string;
  readonly spec: LossInputSpec;
}

function describeSpec(spec: LossInputSpec): string {
  const traits = [spec.type, ...(spec.differentiable ? ['differentiable'] : []), ...(spec.classAxis === undefined ? [] : [`class axis ${spec.classAxis}`])];
  return `${spec.description} (${traits.join(', ')})`;
}

/**
 * The inputs of a combination of losses: the union of the parts' declared inputs, in the order
 * they first appear. Parts that declare the same input must declare it alike: the same type,
 * differentiability and class axis (checked here, when the combination is created), the same
 * dims for the prediction's dims (checked when the dims are known). Integer ranges combine: a
 * value is accepted where every part accepts it.
 */
export function combineInputSpecs(parts: readonly { readonly plugin: LossPlugin<unknown>; readonly path: string }[]): LossInputSpecs {
  const declarers = new Map<string, Declarer[]>();
  for (const { plugin, path } of parts) {
    for (const [name, spec] of Object.entries(inputSpecsOf(plugin))) {
      const list = declarers.get(name) ?? [];
      const first = list[0];
      if (first && (first.spec.type !== spec.type || !first.spec.differentiable !== !spec.differentiable || first.spec.classAxis !== spec.classAxis)) {
        throw new InvalidOptionError(
          path,
          `a loss whose input "${name}" is declared like ${first.path}'s (${first.plugin.name}: ${describeSpec(first.spec)})`,
          `${plugin.name}(), whose "${name}" is ${describeSpec(spec)}`,
        );
      }
      list.push({ plugin, path, spec });
      declarers.set(name, list);
    }
  }
  const specs: Record<string, LossInputSpec> = {};
  for (const [name, list] of declarers) {
    const first = list[0]!.spec;
    // One declaration shared by every part (l1 and mse share contract v1's target): nothing to combine.
    if (list.every((d) => d.spec === first)) {
      specs[name] = first;
      continue;
    }
    const ranged = list.filter((d) => d.spec.range !== undefined);
    specs[name] = {
      ...first,
      dims: combinedDims(name, list),
      ...(ranged.length > 0 ? { range: (dims: readonly number[]) => intersectRanges(ranged.map((d) => d.spec.range!(dims))) } : {}),
    };
  }
  return specs;
}

function showDims(dims: readonly (number | undefined)[]): string {
  return formatDims(dims.map((d) => d ?? 'any'));
}

/** A dims rule that holds where every declarer's rule gives the same dims, and refuses the combination elsewhere. */
function combinedDims(name: string, list: readonly Declarer[]): DimsRule {
  return (predictionDims) => {
    const dimsOf = (d: Declarer) => (d.spec.dims ?? samePredictionDims)(predictionDims);
    const expected = dimsOf(list[0]!);
    for (const declarer of list.slice(1)) {
      const dims = dimsOf(declarer);
      if (dims.length !== expected.length || dims.some((d, i) => d !== expected[i])) {
        throw new InvalidOptionError(
          declarer.path,
          `a loss whose "${name}" has the dims ${list[0]!.path}'s has for prediction dims ${formatDims(predictionDims)}, ${showDims(expected)}`,
          `${declarer.plugin.name}(), whose "${name}" has dims ${showDims(dims)}`,
        );
      }
    }
    return expected;
  };
}

function accepts(range: IntegerRange, value: number): boolean {
  return (value >= range.min && value <= range.max) || value === range.except;
}

/**
 * The values every range accepts: the overlap of `[min, max]`, and an `except` value (an ignore
 * index) where every range accepts it. Where two such exceptions exist, only the first is kept:
 * a range has one, and accepting too little is safe where accepting too much is not.
 */
function intersectRanges(ranges: readonly IntegerRange[]): IntegerRange {
  const [first] = ranges as [IntegerRange, ...IntegerRange[]];
  if (ranges.every((r) => r.min === first.min && r.max === first.max && r.except === first.except)) return first;
  const min = Math.max(...ranges.map((r) => r.min));
  const max = Math.min(...ranges.map((r) => r.max));
  const except = ranges.map((r) => r.except).find((e) => e !== undefined && (e < min || e > max) && ranges.every((r) => accepts(r, e)));
  const descriptions = [...new Set(ranges.map((r) => r.description))];
  return { min, max, ...(except === undefined ? {} : { except }), description: descriptions.join(' and ') };
}
