import { type GradientRules, InvalidInputError, defaultGradientRules, describeValue, ieeeAbsRules, indexMaxPoolRules } from '@losskit/core';
import type { ProviderName } from './types';
import { padWrongWebGpuConvsInBytes } from './webgpu-conv';

/** The builds of `@losskit/runtime`: Node.js (onnxruntime-node) and browsers (onnxruntime-web). */
export type Platform = 'node' | 'browser';

/** A rewrite of a model's bytes, applied before ONNX Runtime sees them, that avoids a provider's bug. */
export interface ModelWorkaround {
  /** A short name, e.g. `'webgpu-conv-channel-padding'`. */
  readonly name: string;
  /** What goes wrong without it. */
  readonly reason: string;
  /** The rewritten bytes; the same bytes when the model has nothing to rewrite. */
  readonly apply: (model: Uint8Array) => Uint8Array;
}

/**
 * What one execution provider can do, and so how losskit builds and runs graphs on it. Every
 * provider-dependent decision of the runtime, the trainer and the test kit reads this record.
 */
export interface ProviderCapabilities {
  readonly name: ProviderName;
  /** Where its kernels run: a GPU, or the host's CPU. */
  readonly device: 'gpu' | 'host';
  /** The runtime builds that offer it. */
  readonly platforms: readonly Platform[];
  /** The builds whose `provider: 'auto'` may pick it (GPUs before the host, see {@link autoOrder}). */
  readonly auto: readonly Platform[];
  /**
   * Whether arithmetic keeps IEEE subnormals, NaN and infinities. WGSL lets shaders flush
   * subnormals and assume no NaN or infinity; CUDA is treated like WebGPU until it is measured.
   */
  readonly ieee: boolean;
  /** The gradient rules graphs are differentiated with (`ieeeAbsRules` where {@link ieee}, `indexMaxPoolRules` on the host). */
  readonly gradientRules: GradientRules;
  /**
   * Whether loss sessions check input values inside the model (`losskit/input-check`) instead of
   * scanning them in JavaScript: a finite sum proves something only with IEEE semantics.
   */
  readonly inGraphValueChecks: boolean;
  /** Whether sessions set `disable_cpu_ep_fallback`, so a node the provider cannot run is an error. */
  readonly disableCpuFallback: boolean;
  /** Whether ONNX Runtime's intra-op thread pool (`intraOpThreads`, `spinning`) applies. */
  readonly threadPool: boolean;
  /** Whether outputs can stay on the device (`keepOnDevice`) and be fed back as inputs. */
  readonly deviceOutputs: boolean;
  /**
   * The builds where reading an output kept on the device costs no more than ONNX Runtime's own
   * copy of a host output (in Node it is an extra session run), so small outputs may stay there.
   */
  readonly cheapDeviceReads: readonly Platform[];
  /**
   * The graph type of integer loss inputs (class indices, lengths): `int64`, ONNX's index type,
   * or `int32` where the provider has no 64-bit integers (WebGPU: WGSL has none, and ONNX
   * Runtime's WebGPU provider has no int64 Cast).
   */
  readonly integerType: 'int64' | 'int32';
  /**
   * The graph optimisation level of training-step sessions unless the caller sets
   * `session.graphOptimization`. cpu and wasm: `'disabled'`. A step graph's Convs feed their
   * gradients too, so ONNX Runtime's fusions rarely apply, and losskit folds constants and
   * merges duplicates itself. Measured on the torchvision zoo (2-core machine): in Node
   * (`pnpm bench --only zoo`) steady steps within the run-to-run noise of `'all'`, and session
   * creation 3–5x faster (mobilenet_v2's step graph: 0.2 s instead of 1.0 s); in Chromium on
   * wasm at batch 4 (the zoo section's Chromium table), steady steps within 2 % and
   * `createTrainer` plus the first step 0.18–1.06 s instead of 0.26–1.64 s. GPU providers keep
   * `'all'`: unmeasured, and they rely on ONNX Runtime's layout transforms.
   */
  readonly trainingStepOptimization: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * Whether training and evaluation graphs turn Convs on small images (at most 8x8 outputs, at
   * least as many output channels as input pixels; depthwise ones up to 4x4) into MatMuls over
   * the whole batch (`CompileOptions.smallImageConv` of @losskit/train): ONNX Runtime's CPU Conv
   * runs one Gemm per image (resnet18's step at batch 16 on the 2-core machine: 221 instead of
   * 321 ms), a depthwise one a Gemm per image and channel. Host providers only: a GPU Conv covers
   * the batch in one dispatch, and on WebGPU ONNX Runtime's optimiser moves the product's
   * Transpose onto a bool mask, which has no WebGPU kernel.
   */
  readonly smallImageConv: boolean;
  /**
   * Whether training-step graphs widen operands that broadcast over short runs of trailing cells
   * (`CompileOptions.widenNarrowBroadcasts` of @losskit/train): ONNX Runtime's CPU kernels
   * broadcast a per-channel scale over `[N, C, 2, 2]` activations one call per 4 cells
   * (mobilenet_v2's step at batch 16 on the 2-core machine: 140 instead of 173 ms). Host
   * providers only: a GPU kernel computes each element's index alike whatever the broadcast.
   */
  readonly widenNarrowBroadcasts: boolean;
  /**
   * Whether trainers run an optimizer that has a host kernel (Adam's, `Optimizer.adamKernel` of
   * @losskit/train) in place in WebAssembly, with a step graph that returns only the gradients.
   * onnxruntime-node 1.30 copies every output of a run into a new buffer that the garbage
   * collector then frees; with Adam on the host a step returns a third of the bytes. Measured on
   * the 2-core machine (`pnpm bench --only zoo`, two runs, trainers interleaved): with Adam in the
   * graph instead, resnet18's step took 1.27–1.52 times as long at batch 4 and 1.06–1.16 at 16,
   * efficientnet_b0's 1.22–1.30 and 1.18–1.19 times, mobilenet_v2's 1.02–1.15 times; resnet18's
   * peak memory at batch 16 673 instead of 836 MiB, half as many collections. cpu only: on wasm in
   * Chromium the trainers' steps at batch 4 were within 0–5 % of Adam in the graph (resnet18
   * 208.9 against 204.7 ms, efficientnet_b0 114.0 against 117.0), and GPU providers keep the
   * state on the device.
   */
  readonly hostOptimizer: boolean;
  /** Standard operators it has no kernel for; losskit's default gradient rules avoid them. */
  readonly missingKernels: readonly string[];
  /** Rewrites applied to every model before a session on this provider is created. */
  readonly workarounds: readonly ModelWorkaround[];
  /**
   * Whether ONNX Runtime closes the device when the last session on it is released, so that the
   * next session opens it again and compiles every shader anew. WebGPU (onnxruntime-node and
   * -web 1.30, measured on SwiftShader): releasing the last session takes about 100 ms, and a
   * small loss session's first run 25–600 ms instead of 2–40 ms. `holdDevice` keeps it open.
   */
  readonly closesDeviceWithLastSession: boolean;
}

/** Every provider, in the order `listProviders` reports them. */
export const PROVIDERS: readonly ProviderName[] = Object.freeze(['cpu', 'cuda', 'webgpu', 'wasm'] as const);

/**
 * The gradient rules of a provider: Abs's in fewer passes needs IEEE subnormals (`ieeeAbsRules`
 * in @losskit/autodiff), MaxPool's from Indices a MaxPool kernel that returns them, which ONNX
 * Runtime's CPU kernels (and so WASM) have and its WebGPU provider has not (`indexMaxPoolRules`).
 */
function gradientRulesFor(facts: Pick<Facts, 'ieee' | 'device'>): GradientRules {
  const host = facts.device === 'host';
  if (!facts.ieee && !host) return defaultGradientRules;
  return Object.freeze({ ...defaultGradientRules, ...(facts.ieee ? ieeeAbsRules : {}), ...(host ? indexMaxPoolRules : {}) });
}

const WEBGPU_CONV_PADDING: ModelWorkaround = Object.freeze({
  name: 'webgpu-conv-channel-padding',
  reason:
    'ONNX Runtime WebGPU (1.30) miscomputes a group-1 2-D Conv with 6, 9, 18, ... input channels, a multiple of 4 output ' +
    'channels and a kernel above 1x1; such Convs get zero channels up to a multiple of 4',
  apply: padWrongWebGpuConvsInBytes,
});

type Optional = 'cheapDeviceReads' | 'workarounds' | 'integerType' | 'closesDeviceWithLastSession' | 'trainingStepOptimization' | 'hostOptimizer';
type Facts = Omit<ProviderCapabilities, 'name' | 'gradientRules' | 'inGraphValueChecks' | 'disableCpuFallback' | 'smallImageConv' | 'widenNarrowBroadcasts' | Optional> &
  Partial<Pick<ProviderCapabilities, Optional>>;

const frozen = <T>(list: readonly T[] | undefined): readonly T[] => Object.freeze([...(list ?? [])]);

/** The record of one provider, in the interface's field order; fields that follow from others are derived here, once. */
function capabilities(name: ProviderName, facts: Facts): ProviderCapabilities {
  return Object.freeze({
    name,
    device: facts.device,
    platforms: frozen(facts.platforms),
    auto: frozen(facts.auto),
    ieee: facts.ieee,
    gradientRules: gradientRulesFor(facts),
    inGraphValueChecks: facts.ieee,
    // A GPU provider that cannot run a node must say so: never a silent CPU run.
    disableCpuFallback: facts.device === 'gpu',
    threadPool: facts.threadPool,
    deviceOutputs: facts.deviceOutputs,
    cheapDeviceReads: frozen(facts.cheapDeviceReads),
    integerType: facts.integerType ?? 'int64',
    trainingStepOptimization: facts.trainingStepOptimization ?? 'all',
    smallImageConv: facts.device === 'host',
    widenNarrowBroadcasts: facts.device === 'host',
    hostOptimizer: facts.hostOptimizer ?? false,
    missingKernels: frozen(facts.missingKernels),
    workarounds: frozen(facts.workarounds),
    closesDeviceWithLastSession: facts.closesDeviceWithLastSession ?? false,
  });
}

/** What each provider can do (frozen). */
export const PROVIDER_CAPABILITIES: Readonly<Record<ProviderName, ProviderCapabilities>> = Object.freeze({
  cpu: capabilities('cpu', {
    device: 'host',
    platforms: ['node'],
    auto: ['node'],
    ieee: true,
    threadPool: true,
    deviceOutputs: false,
    trainingStepOptimization: 'disabled',
    hostOptimizer: true,
    missingKernels: [],
  }),
  cuda: capabilities('cuda', { device: 'gpu', platforms: ['node'], auto: ['node'], ieee: false, threadPool: true, deviceOutputs: false, missingKernels: [] }),
  // Node's WebGPU provider (Dawn) runs only when asked for: `auto` keeps Node on CUDA or the CPU.
  webgpu: capabilities('webgpu', {
    device: 'gpu',
    platforms: ['node', 'browser'],
    auto: ['browser'],
    ieee: false,
    threadPool: false,
    deviceOutputs: true,
    cheapDeviceReads: ['browser'],
    integerType: 'int32',
    missingKernels: ['Sign', 'LogSoftmax'],
    workarounds: [WEBGPU_CONV_PADDING],
    closesDeviceWithLastSession: true,
  }),
  wasm: capabilities('wasm', {
    device: 'host',
    platforms: ['browser'],
    auto: ['browser'],
    ieee: true,
    threadPool: false,
    deviceOutputs: false,
    trainingStepOptimization: 'disabled',
    missingKernels: [],
  }),
});

/** The capabilities of `provider`; anything but a provider name is an `InvalidInputError`. */
export function providerCapabilities(provider: ProviderName): ProviderCapabilities {
  if (!Object.hasOwn(PROVIDER_CAPABILITIES, provider)) {
    throw new InvalidInputError('provider', `one of ${PROVIDERS.map((p) => `"${p}"`).join(', ')}`, describeValue(provider));
  }
  return PROVIDER_CAPABILITIES[provider];
}

const byDevice = (providers: readonly ProviderName[], device: ProviderCapabilities['device']) =>
  providers.filter((p) => PROVIDER_CAPABILITIES[p].device === device);

/** The providers a runtime build offers: those that run on the host first, then GPUs. */
export function providersOn(platform: Platform): ProviderName[] {
  const offered = PROVIDERS.filter((p) => PROVIDER_CAPABILITIES[p].platforms.includes(platform));
  return [...byDevice(offered, 'host'), ...byDevice(offered, 'gpu')];
}

/** The providers `auto` tries on a build, best first: GPUs, then the host. */
export function autoOrder(platform: Platform): ProviderName[] {
  const candidates = PROVIDERS.filter((p) => PROVIDER_CAPABILITIES[p].auto.includes(platform));
  return [...byDevice(candidates, 'gpu'), ...byDevice(candidates, 'host')];
}
