import type { ProviderName } from '@losskit/runtime';

/** Session tuning passed to losskit sessions (see `SessionTuning` in @losskit/runtime). */
export type SessionOptions = Record<string, unknown>;

/** What a bench run measures and how often. */
export interface Settings {
  readonly quick: boolean;
  readonly provider: ProviderName;
  /** Threads for every contestant that takes a thread count (ORT intra-op, PyTorch). */
  readonly threads: number;
  readonly sessionOptions: SessionOptions;
  /** log2 of the loss sizes. */
  readonly lossSizes: readonly number[];
  /** tfjs-backend-cpu takes seconds per call beyond this size. */
  readonly tfjsCpuMaxLog2: number;
  /** Logits `[N, C]` of the cross-entropy section (class indices `[N]`). */
  readonly crossEntropyDims: readonly [number, number];
  /** Images `[N, C, H, W]` of the SSIM section. */
  readonly ssimDims: readonly [number, number, number, number];
  readonly repeats: number;
  readonly repeatsLarge: number;
  /** Per-contestant time budget of one measurement (ms). */
  readonly budgetMs: number;
  /** Training-step shapes: batch and image size. */
  readonly trainShapes: readonly { readonly batch: number; readonly size: number }[];
  readonly trainRepeats: number;
  /** The torchvision models of the zoo section (exported by python/torch_zoo.py). */
  readonly zooModels: readonly string[];
  /** Batch sizes of the zoo section (3x64x64 images). */
  readonly zooBatches: readonly number[];
  /** Batch sizes at which the zoo section also times its ablations. */
  readonly zooAblations: readonly number[];
  readonly zooRepeats: number;
  /** Per-contestant time budget of one zoo measurement (ms). */
  readonly zooBudgetMs: number;
  /** Steps of the zoo section's memory measurement (resnet18, batch 16); 0: none. */
  readonly zooMemorySteps: number;
  readonly sections: readonly Section[];
}

export type Section = 'loss' | 'cross-entropy' | 'ssim' | 'train' | 'zoo' | 'browser' | 'demo';
export const SECTIONS: readonly Section[] = ['loss', 'cross-entropy', 'ssim', 'train', 'zoo', 'browser', 'demo'];

/** Defaults of a full and a quick run. */
export function defaultSettings(quick: boolean, provider: ProviderName, threads: number): Settings {
  return {
    quick,
    provider,
    threads,
    sessionOptions: { intraOpThreads: threads },
    lossSizes: [12, 16, 20, 24],
    tfjsCpuMaxLog2: quick ? 20 : 24,
    crossEntropyDims: [4096, 1000],
    ssimDims: [8, 3, 256, 256],
    repeats: quick ? 7 : 15,
    repeatsLarge: quick ? 3 : 5,
    budgetMs: quick ? 2_000 : 6_000,
    trainShapes: [
      { batch: 32, size: 32 },
      { batch: 128, size: 32 },
      { batch: 32, size: 64 },
      ...(quick ? [] : [{ batch: 128, size: 64 }]),
    ],
    trainRepeats: quick ? 7 : 15,
    zooModels: ['resnet18', 'mobilenet_v2', 'squeezenet1_1', 'shufflenet_v2_x0_5', 'efficientnet_b0'],
    zooBatches: [4, 16],
    zooAblations: [16],
    // 21 rounds: with 9, shufflenet_v2_x0_5 read 0.66x PyTorch at batch 4 and 1.38x at 16 in one run
    // (medians of 9 steps follow the VM's drift).
    zooRepeats: 21,
    zooBudgetMs: 15_000,
    zooMemorySteps: 500,
    // The zoo (about 11 minutes) and the demo only in full runs, or with --only.
    sections: quick ? SECTIONS.filter((s) => s !== 'demo' && s !== 'zoo') : SECTIONS,
  };
}

/** The zoo variant with losskit's defaults (a bare step), which the ablations' ratios are taken against. */
export const ZOO_BASELINE = 'bare step, defaults';

/**
 * The zoo's one ablation timed as a whole trainer step, at every batch size: Adam in the step
 * graph (`hostOptimizer: false`) against the trainer's default, Adam in place in WebAssembly on cpu.
 * Its ratio is taken against losskit's trainer step, not the bare step.
 */
export const ZOO_GRAPH_ADAM = 'ablation (trainer): Adam in the step graph';
