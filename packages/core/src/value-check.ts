import { type GraphBuilder, InvalidInputError, type Value } from '@losskit/graph';

/**
 * Which values one float input of a loss accepts (a target in [0, 1], labels -1 or 1), checked
 * the two ways a plugin needs: in JavaScript for `validate`'s precise error, and in graph form
 * for `inputCheck`, so sessions need not scan the values.
 */
export interface ValueCheck {
  /** Throws an `InvalidInputError` naming `<argument>.data[i]` at the first value that fails. */
  validate(argument: string, data: Float32Array): void;
  /**
   * A scalar: 0 when every value of `x` passes, +Infinity otherwise. (NaN passes here: core's
   * finite check of every float input catches it.)
   */
  graph(g: GraphBuilder, x: Value): Value;
}

/** What {@link valueCheck} accepts: values (or their magnitudes) in `[min, max]`. */
export interface ValueCheckSpec {
  /** Smallest accepted value; default no bound. */
  readonly min?: number;
  /** Largest accepted value; default no bound. */
  readonly max?: number;
  /** Check `|v|` instead of `v`: `{ absolute: true, min: 1, max: 1 }` accepts -1 and 1 only. */
  readonly absolute?: boolean;
  /** The expectation in words, for errors: `a target in [0, 1]`. */
  readonly expected: string;
}

/** A {@link ValueCheck} of values in a range; the graph form costs one or two reductions. */
export function valueCheck(spec: ValueCheckSpec): ValueCheck {
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  return {
    validate: (argument, data) => {
      for (let i = 0; i < data.length; i++) {
        const v = spec.absolute ? Math.abs(data[i]!) : data[i]!;
        if (!(v >= min && v <= max)) throw new InvalidInputError(`${argument}.data[${i}]`, spec.expected, data[i]);
      }
    },
    graph: (g, x) => {
      const values = spec.absolute ? g.abs(x) : x;
      const bounds: Value[] = [];
      if (min > -Infinity) bounds.push(g.greaterOrEqual(g.reduceMin(values, { keepdims: false }), min));
      if (max < Infinity) bounds.push(g.lessOrEqual(g.reduceMax(values, { keepdims: false }), max));
      if (bounds.length === 0) return g.constant(0);
      const inside = bounds.reduce((all, bound) => g.and(all, bound));
      return g.where(inside, g.constant(0), Number.POSITIVE_INFINITY);
    },
  };
}
