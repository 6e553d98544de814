import {
  INPUT_CHECK_OUTPUT,
  type LossFeeds,
  type LossPlugin,
  ReleasedError,
  buildLossModel,
  confirmLossInputs,
  type LossTensor,
  defaultGradientRules,
  differentiableInputs,
  gradientOutputName,
  hasGraphInputCheck,
  inputSpecsOf,
  ieeeAbsRules,
  isLossPlugin,
  resolveOptions,
  validateLossInputs,
  validateLossLayout,
} from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import type { Backend } from './backend';
import { withAsyncDispose } from './dispose';
import { type ModelSession, createModelSessionWith } from './model-session';
import { LOSS_SESSION_OPTIONS } from './options';
import { resolveProvider } from './providers';
import type { LossResult, LossSession, LossSessionOptions } from './types';

/**
 * `tensor` with integers in the graph's integer type (ONNX Runtime converts none itself). The
 * values are checked already, so int64 to int32 loses nothing: class indices and lengths are
 * within the range of the dims.
 */
function toIntegerType(tensor: LossTensor, type: 'int64' | 'int32'): LossTensor {
  const { data, dims } = tensor;
  if (type === 'int64' && data instanceof Int32Array) return { data: BigInt64Array.from(data, BigInt), dims };
  if (type === 'int32' && data instanceof BigInt64Array) return { data: Int32Array.from(data, Number), dims };
  return tensor;
}

/** Creates a loss session on a backend (platform entries wrap this as `createLossSession`). */
export async function createLossSessionWith(
  backend: Backend,
  plugin: LossPlugin<unknown>,
  options: LossSessionOptions = {},
): Promise<LossSession> {
  if (!isLossPlugin(plugin)) {
    throw new InvalidInputError('plugin', 'a loss plugin such as l1() (did you pass the factory l1 instead of l1()?)', plugin);
  }
  const { reduction, gradient, onNotice, provider: request, session: tuning } = resolveOptions('createLossSession', LOSS_SESSION_OPTIONS, options);
  const provider = await resolveProvider(backend, request, onNotice);
  // Input values are checked inside the model on CPU and WASM (see inputCheckGraph in
  // @losskit/core): a finite-sum check costs a read of each input at memory bandwidth where a
  // JavaScript scan cost as much as the loss. WGSL lets GPU shaders assume no infinities or NaNs,
  // so a sum there proves nothing: GPU providers keep the JavaScript scan, as do plugins whose
  // value checks have no graph form.
  const hostProvider = provider === 'cpu' || provider === 'wasm';
  const checkInGraph = hostProvider && hasGraphInputCheck(plugin);
  // CPU and WASM have IEEE subnormals (WGSL may flush them): Abs's gradient in fewer passes.
  const gradientRules = hostProvider ? { ...defaultGradientRules, ...ieeeAbsRules } : undefined;
  const declared = Object.keys(inputSpecsOf(plugin));
  // WebGPU has no 64-bit integers (ONNX Runtime's WebGPU provider has no int64 Cast).
  const integerType = provider === 'webgpu' ? 'int32' : 'int64';
  const gradientNames = gradient ? differentiableInputs(inputSpecsOf(plugin)) : [];
  const feedNames = ['prediction', ...declared, 'weights'];
  const sessions = new Map<string, Promise<ModelSession>>();
  let released = false;

  const sessionFor = (feeds: LossFeeds): Promise<ModelSession> => {
    const key = feedNames.map((name) => feeds[name]?.dims.join('x') ?? '-').join('|');
    let session = sessions.get(key);
    if (!session) {
      // Building validates that the weights broadcast to the loss before ONNX Runtime sees them.
      const model = buildLossModel(plugin, {
        dims: feeds.prediction.dims,
        inputDims: Object.fromEntries(declared.map((name) => [name, feeds[name]!.dims])),
        reduction,
        gradient,
        inputCheck: checkInGraph,
        integerType,
        ...(gradientRules ? { gradientRules } : {}),
        ...(feeds.weights ? { weights: feeds.weights.dims } : {}),
      });
      // The values are checked by the JavaScript scan or by the model's input check: the model
      // session checks dims only.
      session = createModelSessionWith(backend, model, { provider, onNotice, session: tuning, checkedInputs: feedNames });
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
      return {
        loss: loss.data as Float32Array,
        lossDims: loss.dims,
        ...(gradient ? { gradient: gradients.prediction!, gradients } : {}),
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
