import { dilatedConvRules, im2colConvRules } from '@losskit/autodiff';
import type { LossPlugin } from '@losskit/core';
import type { HostTensor, Model } from '@losskit/graph';
import { type ModelSession, type ProviderName, type RuntimeTensor, type SessionTuning, createModelSession, providerCapabilities } from '@losskit/runtime';
import { type CompileOptions, NAMES, type Optimizer, compileTrainingStep, prepareModel, trainerCompileOptions } from '@losskit/train';
import { advanceStepFeeds, initialStepFeeds } from './step-feeds';

/** One variant of losskit's training step, to measure what each design choice is worth. */
export interface Variant {
  readonly name: string;
  /** Compile options over the trainer's; `rules` replace only the provider's rules they name. */
  readonly compile?: CompileOptions;
  readonly session?: SessionTuning;
}

/** The variants every bench run measures beside losskit's defaults (same step, one choice changed). */
export function variants(threads: number): Variant[] {
  return [
    { name: 'ablation: per-parameter optimizer', compile: { flatten: false } },
    // The conv gradient forms before the bench chose today's: ConvTranspose input gradients, dilated-Conv weight gradients.
    { name: 'ablation: dilated-conv gradients', compile: { rules: dilatedConvRules } },
    { name: 'ablation: spinning thread pool', session: { intraOpThreads: threads, spinning: true } },
    ...(threads > 1 ? [{ name: 'ablation: 1 thread', session: { intraOpThreads: 1 } }] : []),
    // Not an ablation but the alternative weight-gradient form, measured against the default.
    { name: 'variant: im2col weight gradients', compile: { rules: im2colConvRules } },
  ];
}

/** What a variant's step reads besides the input: the target (default: the input, as an autoencoder). */
export interface VariantBatch {
  readonly input: HostTensor;
  readonly target?: HostTensor;
}

/**
 * A bare training loop over one compiled step graph (what `createTrainer` does, minus checks):
 * outputs of a step are fed back as the next step's parameters, state and BatchNorm running
 * statistics; a training-mode Dropout gets one fixed mask (keep every other cell), which times
 * the same work as a fresh draw.
 */
export async function variantStepper(
  model: Model,
  loss: LossPlugin<unknown>,
  optimizer: Optimizer,
  batch: HostTensor | VariantBatch,
  provider: ProviderName,
  base: SessionTuning,
  variant: Variant,
): Promise<{ step(): Promise<number>; release(): Promise<void> }> {
  const { input, target = input } = 'input' in batch ? batch : { input: batch };
  const prepared = prepareModel(model);
  // As the trainer compiles and opens its steps (trainerCompileOptions: the provider's gradient
  // rules, host-view forms where outputs return to the host (step-feeds.ts), its graph forms), at
  // the provider's optimisation level; a variant's rules replace only the rules it names.
  const forms = trainerCompileOptions(provider);
  const rules = { ...forms.rules, ...variant.compile?.rules };
  const compiled = compileTrainingStep(prepared, loss, 'mean', optimizer, input.dims, { ...forms, ...variant.compile, rules });
  const { trainingStepOptimization } = providerCapabilities(provider);
  const { bytes, maskDims } = compiled;
  const session: ModelSession = await createModelSession(bytes, { provider, session: { graphOptimization: trainingStepOptimization, ...base, ...variant.session }, checkedInputs: [prepared.input.name, NAMES.target] });
  const feeds: Record<string, HostTensor | RuntimeTensor> = {
    [prepared.input.name]: input,
    [NAMES.target]: target,
    ...initialStepFeeds(prepared, optimizer, compiled),
  };
  for (const [node, dims] of Object.entries(maskDims)) {
    feeds[NAMES.dropoutMask(node)] = { data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => i % 2), dims };
  }
  let steps = 0;
  return {
    async step() {
      steps += 1;
      feeds[NAMES.step] = { data: Float32Array.of(steps), dims: [] };
      feeds[NAMES.lr] = { data: Float32Array.of(optimizer.lr), dims: [] };
      const out = await session.run(feeds);
      advanceStepFeeds(feeds, out, prepared, optimizer, compiled);
      return (out[NAMES.loss]!.data as Float32Array)[0]!;
    },
    release: () => session.release(),
  };
}
