import {
  INPUT_CHECK_OUTPUT,
  PART_OUTPUT_PREFIX,
  type LossFeeds,
  type LossPlugin,
  ReleasedError,
  type LossTensor,
  type ResolvedOptions,
  confirmLossInputs,
  differentiableInputs,
  gradientOutputName,
  inputSpecsOf,
  toIntegerType,
  isLossPlugin,
  resolveOptions,
  validateLossInputs,
  validateLossLayout,
} from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import type { Backend } from './backend';
import { withAsyncDispose } from './dispose';
import { providerCapabilities } from './capabilities';
import { checksInputsInGraph, lossModelFor } from './loss-model';
import { type ModelSession, openModelSession } from './model-session';
import { LOSS_SESSION_OPTIONS, type LossSessionOptionsSchema } from './options';
import { pickProvider } from './providers';
import type { LossResult, LossSession, LossSessionOptions } from './types';

/** `createLossSession`'s options after `resolveOptions`: what {@link openLossSession} takes. */
export type ResolvedLossSessionOptions = ResolvedOptions<LossSessionOptionsSchema>;

/** Throws `InvalidInputError` unless `plugin` is a loss plugin (a factory is the usual slip). */
export function checkLossPlugin(plugin: unknown): asserts plugin is LossPlugin<unknown> {
  if (!isLossPlugin(plugin)) {
    throw new InvalidInputError('plugin', 'a loss plugin such as l1() (did you pass the factory l1 instead of l1()?)', plugin);
  }
}

/** Creates a loss session on a backend (platform entries wrap this as `createLossSession`). */
export async function createLossSessionWith(
  backend: Backend,
  plugin: LossPlugin<unknown>,
  options: LossSessionOptions = {},
): Promise<LossSession> {
  checkLossPlugin(plugin);
  return openLossSession(backend, plugin, resolveOptions('createLossSession', LOSS_SESSION_OPTIONS, options));
}

/**
 * A loss session from a checked plugin and resolved options (`computeLoss` opens its sessions
 * with this). The provider is resolved here, once; what differs between providers (gradient
 * rules, where input values are checked) comes from `lossModelFor` and the capabilities record.
 */
export async function openLossSession(backend: Backend, plugin: LossPlugin<unknown>, options: ResolvedLossSessionOptions): Promise<LossSession> {
  const { reduction, gradient, session: tuning } = options;
  const provider = await pickProvider(backend, options.provider, options.onNotice);
  // Where the provider has IEEE semantics, input values are checked inside the model (a read of
  // each input at memory bandwidth, where a JavaScript scan cost as much as the loss); elsewhere,
  // and for plugins whose value checks have no graph form, JavaScript scans them first.
  const checkInGraph = checksInputsInGraph(plugin, provider);
  const { integerType } = providerCapabilities(provider);
  const declared = Object.keys(inputSpecsOf(plugin));
  const gradientNames = gradient ? differentiableInputs(inputSpecsOf(plugin)) : [];
  const feedNames = ['prediction', ...declared, 'weights'];
  const sessions = new Map<string, Promise<ModelSession>>();
  let released = false;

  const sessionFor = (feeds: LossFeeds): Promise<ModelSession> => {
    const key = feedNames.map((name) => feeds[name]?.dims.join('x') ?? '-').join('|');
    let session = sessions.get(key);
    if (!session) {
      // Building validates that the weights broadcast to the loss before ONNX Runtime sees them.
      const inputDims = Object.fromEntries(declared.map((name) => [name, feeds[name]!.dims]));
      const model = lossModelFor(plugin, provider, { dims: feeds.prediction.dims, inputDims, reduction, gradient, weights: feeds.weights?.dims });
      // The values are checked by the JavaScript scan or by the model's input check: the model
      // session checks dims only.
      session = openModelSession(backend, model, { provider, session: tuning, keepOnDevice: [], checkedInputs: feedNames });
      sessions.set(key, session);
      session.catch(() => sessions.delete(key));
    }
    return session;
  };

  return withAsyncDispose({
    plugin,
    reduction,
    provider,
    async run(feeds: LossFeeds): Promise<LossResult> {
      if (released) throw new ReleasedError('This loss session');
      if (!checkInGraph) validateLossInputs(plugin, feeds);
      else validateLossLayout(plugin, feeds);
      let session: ModelSession;
      try {
        session = await sessionFor(feeds);
      } catch (error) {
        // validateLossInputs ran before building: a bad value wins over, e.g., weights that do
        // not broadcast, as it always has.
        if (checkInGraph) validateLossInputs(plugin, feeds);
        throw error;
      }
      const modelFeeds: Record<string, LossTensor> = {};
      for (const name of feedNames) if (feeds[name] !== undefined) modelFeeds[name] = toIntegerType(feeds[name]!, integerType);
      const outputs = await session.run(modelFeeds);
      if (checkInGraph) confirmLossInputs(plugin, feeds, (outputs[INPUT_CHECK_OUTPUT]!.data as Float32Array)[0]!);
      const loss = outputs.loss!;
      const gradients = Object.fromEntries(gradientNames.map((name) => [name, outputs[gradientOutputName(name)]!.data as Float32Array]));
      // A combined loss's graph has one scalar output per part (weightedSum); other graphs none.
      const partOutputs = session.outputNames.filter((name) => name.startsWith(PART_OUTPUT_PREFIX));
      const parts = Object.fromEntries(partOutputs.map((name) => [name.slice(PART_OUTPUT_PREFIX.length), (outputs[name]!.data as Float32Array)[0]!]));
      return {
        loss: loss.data as Float32Array,
        lossDims: loss.dims,
        ...(gradient ? { gradient: gradients.prediction!, gradients } : {}),
        ...(partOutputs.length > 0 ? { parts } : {}),
        provider: session.provider,
      };
    },
    async release() {
      released = true;
      const pending = [...sessions.values()];
      sessions.clear();
      await Promise.all(pending.map(async (s) => (await s.catch(() => undefined))?.release()));
    },
  });
}
