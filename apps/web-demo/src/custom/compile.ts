// A person's own loss, typed into the page as JavaScript, compiled into a plugin with
// defineLossPlugin: the same contract as the five packaged plugins, so it trains the same way.
import { type Float64Tensor, type GraphBuilder, type LossPlugin, type Value, defineLossPlugin } from '@losskit/core';
import type { CustomLossSource } from '../protocol';

/** A mistake in the person's code, with what they need to fix it. */
export class CustomLossError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CustomLossError';
  }
}

type LossFunction = (g: GraphBuilder, prediction: Value, target: Value) => Value;
type ReferenceFunction = (prediction: Float64Tensor, target: Float64Tensor) => Float64Tensor;

/** Evaluates the text of one arrow function. The page's own code never goes through here. */
function evaluateFunction(text: string, what: string): (...args: never[]) => unknown {
  let value: unknown;
  try {
    // oxlint-disable-next-line no-new-func -- running the person's own code is this feature; it runs in the training worker, only after they press Run
    value = new Function(`"use strict"; return (${text}\n);`)();
  } catch (error) {
    throw new CustomLossError(`${what} is not valid JavaScript: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof value !== 'function') throw new CustomLossError(`${what} must be a function such as (g, p, t) => ..., got ${typeof value}`);
  return value as (...args: never[]) => unknown;
}

function isValue(value: unknown): value is Value {
  return typeof value === 'object' && value !== null && 'name' in value && 'shape' in value && 'dtype' in value;
}

/** Whether the source carries a float64 reference. */
export function hasReference(source: CustomLossSource): boolean {
  return source.reference.trim() !== '';
}

/**
 * Compiles the person's loss into a plugin named `custom`. The graph function is called with the
 * graph builder, the prediction and the target; the reference, if given, with `{ data, dims }`
 * float64 tensors, and returns one.
 */
export function compileCustomLoss(source: CustomLossSource): LossPlugin<unknown> {
  if (source.code.trim() === '') throw new CustomLossError('The loss is empty: write a function (g, p, t) => ...');
  const lossFunction = evaluateFunction(source.code, 'The loss') as LossFunction;
  const referenceFunction = hasReference(source) ? (evaluateFunction(source.reference, 'The reference') as ReferenceFunction) : undefined;
  const factory = defineLossPlugin({
    name: 'custom',
    description: 'A loss written in the web demo.',
    options: {},
    create: () => ({
      elementwise: (g, p, t) => {
        const result = lossFunction(g, p, t);
        if (!isValue(result)) throw new CustomLossError(`The loss must return a graph value (the result of a g.* call), got ${typeof result}`);
        return result;
      },
      reference: (p, t) => {
        if (!referenceFunction) throw new CustomLossError('This loss has no float64 reference');
        const result = referenceFunction(p, t);
        if (typeof result !== 'object' || result === null || !('data' in result) || !('dims' in result)) {
          throw new CustomLossError('The reference must return { data, dims }');
        }
        return { data: Float64Array.from(result.data), dims: [...result.dims] };
      },
    }),
  });
  return factory();
}
