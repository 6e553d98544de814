import { type GraphBuilder, type Value, numel } from '@losskit/graph';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';

/** The default of `CompileOptions.flattenBelow`. */
export const FLATTEN_BELOW = 65536;

/** One parameter's place in the flat tensor. */
export interface FlatMember {
  readonly name: string;
  readonly dims: readonly number[];
  readonly offset: number;
  readonly size: number;
}

/**
 * The parameters a training step updates as one flat tensor (in graph order, back to back), and
 * its length. The trainer and the compiled step both read it from {@link flatLayout}.
 */
export interface FlatLayout {
  readonly members: readonly FlatMember[];
  readonly size: number;
}

/** What decides the flat layout (the matching fields of `CompileOptions`). */
export interface FlatOptions {
  readonly flatten?: boolean;
  readonly flattenBelow?: number;
}

/**
 * The parameters below `flattenBelow` elements, when the optimizer is elementwise (or `flatten`
 * says so) and there are at least two of them; otherwise none (every parameter its own update).
 */
export function flatLayout(params: readonly { readonly name: string; readonly dims: readonly number[] }[], optimizer: Optimizer, options: FlatOptions = {}): FlatLayout | undefined {
  if (!(options.flatten ?? optimizer.elementwise === true) || params.length < 2) return undefined;
  const threshold = options.flattenBelow ?? FLATTEN_BELOW;
  const small = params.filter((p) => numel(p.dims) < threshold);
  if (small.length < 2) return undefined;
  let offset = 0;
  const members = small.map((p) => {
    const member = { name: p.name, dims: p.dims, offset, size: numel(p.dims) };
    offset += member.size;
    return member;
  });
  return { members, size: offset };
}

/**
 * `v` as a 1-D view: a Reshape, except for what is 1-D already (most small parameters are
 * biases and BatchNorm scales; ONNX Runtime's session creation time grows with the node count).
 */
function asLine(g: GraphBuilder, v: Value): Value {
  return v.shape.length === 1 ? v : g.reshape(v, [-1]);
}

/** What the update of a step reads: each parameter and its gradient, the step and the learning rate. */
export interface UpdateInputs {
  readonly params: readonly Value[];
  readonly grads: readonly Value[];
  readonly step: Value;
  readonly lr: Value;
}

/**
 * Emits the optimizer's update of every parameter, with the state inputs and the outputs it
 * names (see `compileTrainingStep`), and returns the new parameter values whose finiteness the
 * parameter check tests.
 *
 * The members of `layout` are updated as one flat tensor. With `hostViews`, that tensor and its
 * state slots are graph inputs and outputs themselves (`losskit/flat/...`; the forward pass
 * slices the members from it) and the parameters updated alone leave 1-D; otherwise the members'
 * parameters and state are concatenated and the results split back, every value under its own
 * name and in its own shape.
 */
export function emitParameterUpdates(g: GraphBuilder, optimizer: Optimizer, inputs: UpdateInputs, layout: FlatLayout | undefined, hostViews: boolean): Value[] {
  const { params, grads, step, lr } = inputs;
  const slots = optimizer.stateSlots;
  const inFlat = new Set(layout?.members.map((m) => m.name) ?? []);
  const stateInputs = (param: Value) => slots.map((slot) => g.input(NAMES.state(slot, param.name), 'float32', param.shape));
  const results: { param: Value; state: readonly Value[] }[] = [];
  const newValues: Value[] = [];
  if (layout) {
    const index = params.map((p, i) => (inFlat.has(p.name) ? i : -1)).filter((i) => i >= 0);
    // Reshape to 1-D is a view in ONNX Runtime; Concat and the Slices are the only copies.
    const join = (values: readonly Value[]) => g.concat(values.map((v) => asLine(g, v)), 0);
    const flatState = hostViews ? slots.map((slot) => g.input(NAMES.flatState(slot), 'float32', [layout.size])) : undefined;
    const memberStates = flatState ? [] : index.map((i) => stateInputs(params[i]!));
    const updated = optimizer.update(g, {
      param: hostViews ? g.value(NAMES.flatParams) : join(index.map((i) => params[i]!)),
      grad: join(index.map((i) => grads[i]!)),
      state: flatState ?? slots.map((_, k) => join(memberStates.map((s) => s[k]!))),
      step,
      lr,
    });
    newValues.push(updated.param);
    if (hostViews) {
      g.output(updated.param, NAMES.newFlatParams);
      updated.state.forEach((s, k) => g.output(s, NAMES.newFlatState(slots[k]!)));
    } else {
      // Slices, not one Split: WebGPU shaders bind at most 12 buffers, and a Split binds one per output.
      const cut = (value: Value, m: FlatMember) => {
        const part = g.slice(value, { starts: [m.offset], ends: [m.offset + m.size], axes: [0] });
        return m.dims.length === 1 ? part : g.reshape(part, m.dims);
      };
      layout.members.forEach((m, k) => (results[index[k]!] = { param: cut(updated.param, m), state: updated.state.map((s) => cut(s, m)) }));
    }
  }
  params.forEach((param, i) => {
    if (inFlat.has(param.name)) return;
    const state = stateInputs(param);
    if (!layout) {
      const update = optimizer.update(g, { param, grad: grads[i]!, state, step, lr });
      results[i] = update;
      newValues.push(update.param);
      return;
    }
    // On 1-D views: ONNX Runtime broadcasts a scalar over `[1280, 320, 1, 1]` one trailing
    // 1-cell span at a time, ten times slower per element than over `[409600]`. With
    // `hostViews` the results stay 1-D: ONNX Runtime copies a Reshape that is a graph output.
    const update = optimizer.update(g, { param: asLine(g, param), grad: asLine(g, grads[i]!), state: state.map((v) => asLine(g, v)), step, lr });
    const back = (v: Value) => (hostViews || param.shape.length === 1 ? v : g.reshape(v, param.shape));
    results[i] = { param: back(update.param), state: update.state.map(back) };
    newValues.push(update.param);
  });
  params.forEach((param, i) => {
    const result = results[i];
    if (!result) return;
    g.output(result.param, NAMES.newParam(param.name));
    result.state.forEach((s, k) => g.output(s, NAMES.newState(slots[k]!, param.name)));
  });
  return newValues;
}
