// The torchvision-zoo fixtures (fixtures/zoo, written by export.py) and the comparison the issue
// asks for: losskit's first-step gradients against PyTorch's float64 ones, within 3x the distance
// of PyTorch's own float32 gradients, with a floor of 1e-3 x the model's largest |gradient|.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { allowedGradientDistance } from './pytorch-fixtures';
import type { ZooRun } from './zoo-run';
import type { GradientSummary } from './zoo-weights';

export const ZOO_DIR: string = join(import.meta.dirname, '..', 'fixtures', 'zoo');

/** The five torchvision models of the fixtures, num_classes 3. */
export const ZOO_MODELS = ['resnet18', 'mobilenet_v2', 'squeezenet1_1', 'shufflenet_v2_x0_5', 'efficientnet_b0'] as const;
/** `train`: exported in training mode (BatchNorm, Dropout as nodes); `eval`: PyTorch's default export (BatchNorm folded). */
export const ZOO_MODES = ['train', 'eval'] as const;

export type ZooModel = (typeof ZOO_MODELS)[number];
export type ZooMode = (typeof ZOO_MODES)[number];

/**
 * The exports each test file runs. CI time is tight (the full matrix takes about 40 s of CPU on
 * node:cpu and minutes in Chromium), so by default each runs the two cheapest models, one per
 * export mode and both modes in Node; `LOSSKIT_ZOO=all` (`pnpm --filter @losskit/train test:zoo`)
 * runs all five models in both modes everywhere.
 */
export function zooCases(where: 'node' | 'chromium', env: Readonly<Record<string, string | undefined>> = process.env): [ZooModel, ZooMode][] {
  if (env.LOSSKIT_ZOO === 'all') return ZOO_MODELS.flatMap((m) => ZOO_MODES.map((mode): [ZooModel, ZooMode] => [m, mode]));
  const quick: [ZooModel, ZooMode][] = [
    ['squeezenet1_1', 'train'],
    ['mobilenet_v2', 'eval'],
  ];
  return where === 'node' ? [...quick, ['squeezenet1_1', 'eval']] : quick;
}

/** What export.py stores of one parameter's first-step gradient. */
export interface ZooParameter {
  /** max |gradient| over the tensor, PyTorch float64. */
  readonly m64: number;
  /** The float64 gradient at the sampled entries (`sampleIndices`). */
  readonly s64: readonly number[];
  /**
   * max |float32 - float64| over the whole tensor, the worst of PyTorch's float32 code paths
   * (threads, oneDNN, memory format; see export.py): PyTorch's own float noise, the yardstick.
   */
  readonly d32: number;
}

export interface ZooFixture {
  readonly model: ZooModel;
  readonly mode: ZooMode;
  readonly batch: number;
  readonly size: number;
  readonly classes: number;
  /** BCE on logits (mean) of the first batch, PyTorch float64. */
  readonly loss64: number;
  /** |float32 - float64| of the loss, the worst of PyTorch's float32 code paths. */
  readonly dloss32: number;
  /** The largest |gradient| of the model (float64): the floor of every tolerance is 1e-3 of it. */
  readonly g: number;
  readonly parameters: Readonly<Record<string, ZooParameter>>;
}

export function readZooFixture(model: ZooModel, mode: ZooMode): { fixture: ZooFixture; bytes: Uint8Array } {
  const stem = join(ZOO_DIR, `${model}-${mode}`);
  return { fixture: JSON.parse(readFileSync(`${stem}.json`, 'utf8')) as ZooFixture, bytes: new Uint8Array(readFileSync(`${stem}.onnx`)) };
}

/** The fixture restricted to some parameters (a run that trains only those). */
export function onlyParameters(f: ZooFixture, names: readonly string[]): ZooFixture {
  return { ...f, parameters: Object.fromEntries(names.map((p) => [p, f.parameters[p]!])) };
}

/** The loss may be 3x PyTorch float32's distance from float64, at least 1e-5 relative. */
const LOSS_FACTOR = 3;
const LOSS_FLOOR = 1e-5;

/** How losskit's first step compares with PyTorch float64. */
export interface ZooComparison {
  /** |loss - float64| / allowed (<= 1 passes). */
  readonly loss: number;
  /** The worst ratio of distance to allowed distance over every parameter's samples and max |g| (<= 1 passes). */
  readonly worst: number;
  /** The parameter of `worst`. */
  readonly worstParameter: string;
  /** losskit's largest distance from float64 (samples and max |g|) over the model's largest |gradient|. */
  readonly distance: number;
  /** PyTorch float32's largest distance from float64 over the model's largest |gradient|. */
  readonly pytorchDistance: number;
  /** One line per parameter over its tolerance. */
  readonly failures: readonly string[];
}

/**
 * Per parameter, against PyTorch float32's max-abs distance from float64 over the tensor: losskit's
 * max-abs distance over the sampled entries, and the distance of its max |gradient| over the whole
 * tensor from float64's (which is at most its max-abs distance over the tensor).
 */
export function compareWithPyTorch(f: ZooFixture, loss: number, gradients: Readonly<Record<string, GradientSummary>>): ZooComparison {
  const failures: string[] = [];
  let worst = 0;
  let worstParameter = '';
  let largest = 0;
  const check = (name: string, what: string, distance: number, yardstick: number) => {
    largest = Math.max(largest, distance);
    const allowed = allowedGradientDistance(yardstick, f.g);
    const ratio = distance / allowed;
    if (ratio > worst) [worst, worstParameter] = [ratio, `${name} (${what})`];
    if (!(ratio <= 1)) failures.push(`${name} ${what}: distance ${distance.toExponential(3)} > allowed ${allowed.toExponential(3)}`);
  };
  for (const [name, e] of Object.entries(f.parameters)) {
    const a = gradients[name];
    if (!a) {
      failures.push(`${name}: losskit has no gradient`);
      continue;
    }
    let distance = 0;
    e.s64.forEach((v, k) => (distance = Math.max(distance, Math.abs(a.samples[k]! - v))));
    if (a.samples.length !== e.s64.length) failures.push(`${name}: ${a.samples.length} samples, expected ${e.s64.length}`);
    check(name, 'sampled entries', distance, e.d32);
    check(name, 'max |g|', Math.abs(a.maxAbs - e.m64), e.d32);
  }
  const lossAllowed = Math.max(LOSS_FACTOR * f.dloss32, LOSS_FLOOR * Math.abs(f.loss64));
  const pytorch = Math.max(...Object.values(f.parameters).map((e) => e.d32));
  return { loss: Math.abs(loss - f.loss64) / lossAllowed, worst, worstParameter, distance: largest / f.g, pytorchDistance: pytorch / f.g, failures };
}

/** Appends one JSON line per model run to $ZOO_MATCH_LOG (how the guide's figures were measured). */
export function recordZooMatch(entry: Readonly<Record<string, unknown>>): void {
  const path = process.env.ZOO_MATCH_LOG;
  if (path) appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/**
 * The checks of one zoo run (zoo.test.ts in Node, browser-pytorch.test.ts in Chromium): it ran on
 * `provider`, trained exactly PyTorch's parameters, matched PyTorch's first step, and its Adam step
 * lowered the loss with every parameter finite. Logged to $ZOO_MATCH_LOG.
 */
export function expectZooRunMatches(run: ZooRun, f: ZooFixture, provider: 'cpu' | 'wasm', label: string): void {
  expect(run.provider).toBe(provider);
  expect(run.parameterNames.toSorted()).toEqual(Object.keys(f.parameters).toSorted());
  const result = compareWithPyTorch(f, run.loss, run.gradients);
  recordZooMatch({ model: f.model, mode: f.mode, provider: label, ...result, failures: result.failures.length });
  expect(result.failures).toEqual([]);
  expect(result.loss).toBeLessThanOrEqual(1);
  expect(run.adamLosses![1]).toBeLessThan(run.adamLosses![0]);
  expect(run.finite).toBe(true);
}
