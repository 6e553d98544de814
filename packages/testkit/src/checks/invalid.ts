import { type LossFeeds, type LossPlugin, type Reduction, buildLossModel, checkReduction, inputSpecsOf, validateLossInputs } from '@losskit/core';
import type { InvalidCase, TensorCase } from '../cases';
import { fail } from '../compare';
import type { TargetId } from '../targets/ids';
import { providerOf } from '../targets/ids';
import { asGiven } from './inputs';

/** Inputs used where an invalid case gives none (drawn from the random generators). */
export interface DefaultInputs {
  readonly prediction: TensorCase;
  /** The declared inputs by name (`target`, extras). */
  readonly inputs: Readonly<Record<string, TensorCase>>;
}

/** The case's tensors as given, the defaults filling in what it leaves out. */
function feedsOf(c: InvalidCase, defaults: DefaultInputs): LossFeeds {
  const given: Record<string, TensorCase | undefined> = { ...defaults.inputs, ...c.inputs, ...(c.target ? { target: c.target } : {}) };
  const feeds: Record<string, unknown> = { prediction: asGiven(c.prediction ?? defaults.prediction) };
  for (const [name, tensor] of Object.entries(given)) if (tensor !== undefined) feeds[name] = asGiven(tensor);
  if (c.weights) feeds.weights = asGiven(c.weights);
  return feeds as unknown as LossFeeds;
}

async function captureError(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/**
 * The error losskit's own checks raise for a case without any runtime: the factory's option
 * checks, the reduction check, `validateLossInputs` and the graph build (weights broadcasting).
 */
function errorBeforeRuntime(factory: (options?: any) => LossPlugin<unknown>, c: InvalidCase, defaults: DefaultInputs): unknown {
  try {
    const plugin = factory(c.options);
    const reduction = checkReduction(c.reduction ?? 'mean', 'createLossSession.reduction');
    const feeds = feedsOf(c, defaults);
    validateLossInputs(plugin, feeds);
    const inputDims = Object.fromEntries(Object.keys(inputSpecsOf(plugin)).map((name) => [name, feeds[name]!.dims]));
    buildLossModel(plugin, { dims: feeds.prediction.dims, inputDims, reduction: reduction as Reduction, ...(feeds.weights ? { weights: feeds.weights.dims } : {}) });
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Runs an invalid case on a Node target the way a user would (factory, `createLossSession`,
 * `session.run`) and checks the error's class and message. Then checks that the same error is
 * raised by losskit's checks alone, without ONNX Runtime: an error that only ONNX Runtime
 * raises means the inputs reached the runtime before anything refused them.
 */
export async function checkInvalidCase(
  target: TargetId,
  factory: (options?: any) => LossPlugin<unknown>,
  c: InvalidCase,
  defaults: DefaultInputs,
): Promise<void> {
  const provider = providerOf(target);
  // Loaded on first use: onnxruntime-node, which it imports, is an optional peer.
  const { createLossSession } = await import('@losskit/runtime');
  const received = await captureError(async () => {
    const plugin = factory(c.options);
    const session = await createLossSession(plugin, { provider, reduction: c.reduction as Reduction | undefined });
    try {
      await session.run(feedsOf(c, defaults));
    } finally {
      await session.release();
    }
  });
  if (received === undefined) fail(`${target}: expected ${c.error.name}, but the loss ran without error`);
  if (!(received instanceof c.error)) fail(`${target}: expected an instance of ${c.error.name}, received ${describeError(received)}`);
  if (c.message && !c.message.test(received.message)) {
    fail(`${target}: expected the message to match ${c.message}, received "${received.message}"`);
  }
  const early = errorBeforeRuntime(factory, c, defaults);
  if (!(early instanceof Error) || early.message !== received.message) {
    fail(
      `${target}: "${received.message}" was not raised by losskit's checks before ONNX Runtime ran ` +
        `(without a runtime: ${early === undefined ? 'no error' : describeError(early)})`,
    );
  }
}
