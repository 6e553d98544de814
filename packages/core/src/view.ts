import { type GraphBuilder, InvalidInputError, type Value } from '@losskit/graph';
import { checkDistance, validateNested } from './composite';
import type { OptionSpec, OptionsSchema, ResolvedOptions } from './options';
import { type LossPlugin, type LossPluginFactory, applyLoss, defineLossPlugin } from './plugin';
import type { Float64Tensor } from './tensor';

/**
 * How a view loss maps a tensor (prediction or target alike) into the space its distance
 * compares: as ONNX ops and, identically, in float64 JavaScript.
 */
export interface LossView {
  /**
   * Emits the view of `x` (the prediction, then the target). Differentiated by autodiff, so
   * standard ops are enough. Throws `InvalidInputError` on `prediction.dims` for shapes the
   * view cannot take.
   */
  graph(g: GraphBuilder, x: Value): Value;
  /** The same view in float64: the reference and the nested input checks use it. */
  values(data: ArrayLike<number>, dims: readonly number[]): Float64Tensor;
  /** Checks that the view can take `dims` (as `graph` would), without computing anything. */
  checkDims(dims: readonly number[]): void;
  /**
   * What the distance is applied to, completing "luma applies bce() to ...", e.g.
   * `'Y = r R + g G + b B, the channel axis removed'`. Errors of the distance's input checks
   * carry it, so a user learns which view of their data was out of range.
   */
  readonly explanation: string;
}

/** The option every view loss has: the loss applied in the view (made with `pluginOption`). */
export type DistanceOption = { readonly distance: OptionSpec<LossPlugin<unknown>> };

/** What {@link defineViewLoss} takes. */
export interface ViewLossDefinition<S extends OptionsSchema & DistanceOption> {
  readonly name: string;
  readonly description: string;
  readonly docs?: string;
  /** The options, `distance` (a `pluginOption`) among them, in the order the docs list them. */
  readonly options: S;
  /** The view for one set of resolved options. */
  view(options: ResolvedOptions<S>): LossView;
}

/**
 * Defines a view loss (a composite plugin like `luma` or `channel`): prediction and target are
 * mapped by the same view and handed to the `distance` option, any loss plugin. Core supplies
 * the rest: the elementwise graph (the distance's closed-form gradient kept, through
 * `applyLoss`), the float64 reference (the distance's reference on the viewed values), and
 * nested input checks (the distance's `validate` runs on the viewed values, errors naming the
 * view, e.g. `luma(target).data[5]`).
 */
export function defineViewLoss<S extends OptionsSchema & DistanceOption>(definition: ViewLossDefinition<S>): LossPluginFactory<S> {
  return defineLossPlugin({
    name: definition.name,
    description: definition.description,
    ...(definition.docs === undefined ? {} : { docs: definition.docs }),
    options: definition.options,
    create: (options) => {
      const view = definition.view(options);
      const distance = (options as ResolvedOptions<DistanceOption>).distance;
      checkDistance(definition.name, distance);
      return {
        elementwise: (g, prediction, target) => applyLoss(g, distance, view.graph(g, prediction), view.graph(g, target)),
        reference: (prediction, target) => {
          const [p, t] = [view.values(prediction.data, prediction.dims), view.values(target.data, target.dims)];
          return distance.reference(p, t, { prediction: p, target: t });
        },
        validate: ({ prediction, target }) => {
          view.checkDims(prediction.dims);
          if (!distance.validate) return;
          const p = view.values(prediction.data, prediction.dims);
          const t = view.values(target.data, target.dims);
          validateNested(
            distance,
            { prediction: { data: Float32Array.from(p.data), dims: p.dims }, target: { data: Float32Array.from(t.data), dims: t.dims } },
            definition.name,
            `${definition.name} applies ${distance.name} to ${view.explanation}`,
          );
        },
        // A graph form of validate exists when the distance has one (or checks no values); the
        // view's dims are checked here, when the graph is built.
        ...(distance.validate && !distance.inputCheck
          ? {}
          : {
              inputCheck: (g: GraphBuilder, prediction: Value, target: Value): Value => {
                view.checkDims(prediction.shape);
                const check = distance.inputCheck;
                if (!check) return g.constant(0);
                const [p, t] = [view.graph(g, prediction), view.graph(g, target)];
                return check(g, p, t, { prediction: p, target: t });
              },
            }),
      };
    },
  });
}

/**
 * The non-negative axis `channelAxis` names in `dims` (negative values count from the end),
 * checked with `accepts(size)`. Throws `InvalidInputError` on `argument` saying `expected` and
 * whether the axis is missing or has the wrong size.
 */
export function resolveChannelAxis(
  dims: readonly number[],
  channelAxis: number,
  expected: string,
  accepts: (size: number) => boolean,
  argument = 'prediction.dims',
): number {
  const axis = channelAxis < 0 ? channelAxis + dims.length : channelAxis;
  const shown = `[${dims.join(', ')}]`;
  if (axis < 0 || axis >= dims.length) throw new InvalidInputError(argument, expected, `${shown}, which has no axis ${channelAxis}`);
  if (!accepts(dims[axis]!)) throw new InvalidInputError(argument, expected, `${shown}, with ${dims[axis]} on axis ${channelAxis}`);
  return axis;
}

/**
 * Combines the channels along `axis` into one value per position, in float64: `combine(get)`
 * reads channel `c` of the current position with `get(c)`. The result has `axis` removed.
 * Luma is `get => r * get(0) + g * get(1) + b * get(2)`, one channel `get => get(index)`.
 */
export function combineChannels(
  data: ArrayLike<number>,
  dims: readonly number[],
  axis: number,
  combine: (get: (channel: number) => number) => number,
): Float64Tensor {
  const outer = dims.slice(0, axis).reduce((n, d) => n * d, 1);
  const inner = dims.slice(axis + 1).reduce((n, d) => n * d, 1);
  const channels = dims[axis]!;
  const values = new Float64Array(outer * inner);
  let base = 0;
  const get = (channel: number): number => data[base + channel * inner]!;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      base = o * channels * inner + i;
      values[o * inner + i] = combine(get);
    }
  }
  return { data: values, dims: dims.filter((_, k) => k !== axis) };
}
