// A person's own loss, typed into the page as JavaScript, compiled into a plugin with
// defineLossPlugin: the same contract as the packaged plugins, so it trains the same way. Two
// forms: a function `(g, p, t) => ...` (a prediction and a float target of its dims, contract
// v1), or a definition `({ inputs, elementwise, reference })` that declares its inputs as
// contract v2 does: none (a regularizer), an integer target, other named inputs.
import { type Float64Tensor, type GraphBuilder, type LossInputSpecs, type LossPlugin, type Value, defineLossPlugin } from '@losskit/core';
import type { CustomLossSource } from '../protocol';

/** A mistake in the person's code, with what they need to fix it. */
export class CustomLossError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CustomLossError';
  }
}

type Inputs<T> = Readonly<Record<string, T>>;
type LossFunction = (g: GraphBuilder, prediction: Value, target: Value, inputs: Inputs<Value>) => Value;
type ReferenceFunction = (prediction: Float64Tensor, target: Float64Tensor, inputs: Inputs<Float64Tensor>) => Float64Tensor;

/** The keys a definition may have. */
const DEFINITION_KEYS = ['inputs', 'elementwise', 'reference'];

/** The person's loss as a plugin, and whether it has a float64 reference to be checked against. */
export interface CompiledLoss {
  readonly plugin: LossPlugin<unknown>;
  readonly withReference: boolean;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Evaluates the text of one expression. The page's own code never goes through here. */
function evaluate(text: string, what: string): unknown {
  try {
    // oxlint-disable-next-line no-new-func -- running the person's own code is this feature; it runs in the training worker, only after they press Run
    return new Function(`"use strict"; return (${text}\n);`)();
  } catch (error) {
    throw new CustomLossError(`${what} is not valid JavaScript: ${describeError(error)}`, { cause: error });
  }
}

function isValue(value: unknown): value is Value {
  return typeof value === 'object' && value !== null && 'name' in value && 'shape' in value && 'dtype' in value;
}

/** The loss text as its parts: a function is the elementwise loss of a v1 loss; an object, a definition. */
function parts(code: string): { elementwise: LossFunction; inputs?: LossInputSpecs; reference?: ReferenceFunction } {
  const value = evaluate(code, 'The loss');
  if (typeof value === 'function') return { elementwise: value as LossFunction };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CustomLossError(
      `The loss must be a function such as (g, p, t) => ..., got ${value === null ? 'null' : typeof value}. ` +
        'A loss with other inputs is a definition: ({ inputs: { ... }, elementwise: (g, p, t, inputs) => ... })',
    );
  }
  const definition = value as Record<string, unknown>;
  const unknown = Object.keys(definition).filter((key) => !DEFINITION_KEYS.includes(key));
  if (unknown.length > 0) throw new CustomLossError(`A definition has the keys ${DEFINITION_KEYS.join(', ')}; this one also has ${unknown.join(', ')}`);
  if (typeof definition.elementwise !== 'function') {
    throw new CustomLossError(`A definition's elementwise must be a function such as (g, p, t, inputs) => ..., got ${typeof definition.elementwise}`);
  }
  if (definition.reference !== undefined && typeof definition.reference !== 'function') {
    throw new CustomLossError(`A definition's reference must be a function such as (p, t, inputs) => ({ data, dims }), got ${typeof definition.reference}`);
  }
  return {
    elementwise: definition.elementwise as LossFunction,
    ...(definition.inputs === undefined ? {} : { inputs: definition.inputs as LossInputSpecs }),
    ...(definition.reference === undefined ? {} : { reference: definition.reference as ReferenceFunction }),
  };
}

/**
 * Compiles the person's loss into a plugin named `custom`. The graph function is called with the
 * graph builder, the prediction, the target (`undefined` for a loss without one) and every input
 * by name; the reference, if given (in the definition or the reference box, which wins), with
 * `{ data, dims }` float64 tensors, and returns one. A definition's `inputs` are checked as
 * defineLossPlugin checks a plugin's.
 */
export function compileCustomLoss(source: CustomLossSource): CompiledLoss {
  if (source.code.trim() === '') throw new CustomLossError('The loss is empty: write a function (g, p, t) => ... or a definition ({ inputs, elementwise })');
  const { elementwise, inputs, reference: ownReference } = parts(source.code);
  const boxed = source.reference.trim() === '' ? undefined : evaluate(source.reference, 'The reference');
  if (boxed !== undefined && typeof boxed !== 'function') throw new CustomLossError(`The reference must be a function such as (p, t) => ({ data, dims }), got ${typeof boxed}`);
  const referenceFunction = (boxed as ReferenceFunction | undefined) ?? ownReference;
  const factory = defineLossPlugin({
    name: 'custom',
    description: 'A loss written in the web demo.',
    options: {},
    create: () => ({
      ...(inputs === undefined ? {} : { inputs }),
      elementwise: (g, p, t, all) => {
        const result = elementwise(g, p, t, all);
        if (!isValue(result)) throw new CustomLossError(`The loss must return a graph value (the result of a g.* call), got ${typeof result}`);
        return result;
      },
      reference: (p, t, all) => {
        if (!referenceFunction) throw new CustomLossError('This loss has no float64 reference');
        const result = referenceFunction(p, t, all);
        if (typeof result !== 'object' || result === null || !('data' in result) || !('dims' in result)) {
          throw new CustomLossError('The reference must return { data, dims }');
        }
        return { data: Float64Array.from(result.data), dims: [...result.dims] };
      },
    }),
  });
  try {
    return { plugin: factory(), withReference: referenceFunction !== undefined };
  } catch (error) {
    // A declaration defineLossPlugin refuses (an unknown type, a reserved name): its own words.
    throw new CustomLossError(`The inputs are not a valid declaration: ${describeError(error)}`, { cause: error });
  }
}
