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
  readonly sections: readonly Section[];
}

export type Section = 'loss' | 'cross-entropy' | 'ssim' | 'train' | 'browser' | 'demo';
export const SECTIONS: readonly Section[] = ['loss', 'cross-entropy', 'ssim', 'train', 'browser', 'demo'];

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
    sections: quick ? SECTIONS.filter((s) => s !== 'demo') : SECTIONS,
  };
}
