import { type GraphBuilder, GraphBuilder as Builder, LossKitError, type Node, type OnnxFunction, type Value, attr } from '@losskit/graph';

/**
 * The ONNX domain of gradient overrides. An override of value `y` is the model-local function
 * `losskit.gradient::y`: its inputs are `losskit/dOutput` (the gradient of `y`) and every other
 * value the closed form reads, its outputs `d:<x>` the gradient of each covered input `x`. Being
 * part of the model, it survives `encodeModel`/`decodeModel`; ONNX Runtime ignores it (nothing
 * calls it).
 */
export const GRADIENT_DOMAIN = 'losskit.gradient';
const D_OUTPUT = 'losskit/dOutput';
const GRADIENT_PREFIX = 'd:';

/** A closed-form vector-Jacobian product: the gradient of each input, given the output's. */
export type VectorJacobianProduct = (g: GraphBuilder, dOutput: Value) => readonly (Value | undefined)[];

/** A gradient rule or override returned the wrong number of gradients. */
export class GradientRuleError extends LossKitError<'ERR_GRADIENT_RULE'> {
  /** The operator whose rule is at fault; `undefined` for a gradient override. */
  readonly op: string | undefined;

  constructor(message: string, op?: string) {
    super('ERR_GRADIENT_RULE', message);
    this.op = op;
  }
}

/**
 * Gives `output` (computed from `inputs`) a closed-form vector-Jacobian product: `gradients`
 * then uses `vjp` instead of differentiating the nodes between (for stability, or for a
 * cheaper form). `vjp` is run once here, into an ONNX function stored with the graph (see
 * {@link GRADIENT_DOMAIN}), so the override travels with the model's bytes.
 */
export function defineGradient(g: GraphBuilder, output: Value, inputs: readonly Value[], vjp: VectorJacobianProduct): void {
  const body = new Builder(`${GRADIENT_DOMAIN}:${output.name}`, { outer: g });
  const dOutput = body.input(D_OUTPUT, output.dtype, output.shape);
  const grads = vjp(body, dOutput);
  if (grads.length !== inputs.length) {
    throw new GradientRuleError(
      `The gradient override of "${output.name}" returned ${grads.length} gradients for ${inputs.length} inputs (${inputs.map((x) => x.name).join(', ')})`,
    );
  }
  const outputs: string[] = [];
  grads.forEach((grad, i) => {
    if (grad) outputs.push(body.output(grad, `${GRADIENT_PREFIX}${inputs[i]!.name}`).name);
  });
  // Function bodies have no initializers: the body's constants become Constant nodes.
  const constants: Node[] = body.initializers.map((t) => ({
    op: 'Constant',
    domain: '',
    name: `${t.name}/Constant`,
    inputs: [],
    outputs: [t.name],
    attributes: { value: attr.tensor(t) },
  }));
  const initializerNames = new Set(body.initializers.map((t) => t.name));
  g.addFunction({
    name: output.name,
    domain: GRADIENT_DOMAIN,
    inputs: body.inputs.filter((v) => !initializerNames.has(v.name)).map((v) => v.name),
    outputs,
    attributes: [],
    nodes: [...constants, ...body.nodes],
    opsetImports: [{ domain: '', version: 18 }],
    docString: `losskit gradient override of ${output.name} w.r.t. ${inputs.map((x) => x.name).join(', ')}`,
  });
}

/** An override of one value: the inputs it covers and the function computing their gradients. */
export interface GradientOverride {
  readonly inputs: readonly string[];
  readonly fn: OnnxFunction;
}

/** The gradient overrides stored in `g`, by the name of the value they cover. */
export function gradientOverrides(g: GraphBuilder): Map<string, GradientOverride> {
  const out = new Map<string, GradientOverride>();
  for (const fn of g.functions) {
    if (fn.domain !== GRADIENT_DOMAIN) continue;
    out.set(fn.name, { inputs: fn.outputs.map((name) => name.slice(GRADIENT_PREFIX.length)), fn });
  }
  return out;
}

/** Emits an override's gradients into `g` for `dOutput`: one value per covered input, in order. */
export function applyOverride(g: GraphBuilder, override: GradientOverride, dOutput: Value): Value[] {
  const names = new Map<string, Value>();
  for (const input of override.fn.inputs) names.set(input, input === D_OUTPUT ? dOutput : g.value(input));
  for (const node of override.fn.nodes) {
    const value = node.attributes.value;
    if (node.op === 'Constant' && value?.type === 'tensor') {
      // Back to a builder constant, whose data shape inference can read (e.g. ReduceSum's axes).
      names.set(node.outputs[0]!, g.constant(value.value.data as Parameters<GraphBuilder['constant']>[0], value.value.dtype, value.value.dims));
      continue;
    }
    const inputs = node.inputs.map((name) => (name === '' ? undefined : names.get(name)));
    const outputs = g.addNode(node.op, inputs, node.attributes, { domain: node.domain });
    node.outputs.forEach((name, i) => names.set(name, outputs[i]!));
  }
  return override.fn.outputs.map((name) => names.get(name)!);
}
