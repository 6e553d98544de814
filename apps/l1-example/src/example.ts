import { referenceLoss } from '@losskit/core';
import { l1 } from '@losskit/loss-l1';
import { type ProviderInfo, type ProviderName, createLossSession, listProviders } from '@losskit/runtime';

/** One provider's result for the example. */
export interface ExampleRow {
  readonly provider: ProviderName;
  readonly loss: number;
  readonly reference: number;
  readonly gradientNorm: number;
  readonly milliseconds: number;
}

/** Two deterministic 2x3x32x32 "images" in [0, 1]: a horizontal and a vertical gradient. */
export function exampleImages(): { prediction: Float32Array; target: Float32Array; dims: number[] } {
  const dims = [2, 3, 32, 32];
  const prediction = new Float32Array(2 * 3 * 32 * 32);
  const target = new Float32Array(prediction.length);
  for (let i = 0; i < prediction.length; i++) {
    const x = i % 32;
    const y = Math.floor(i / 32) % 32;
    prediction[i] = x / 31;
    target[i] = y / 31;
  }
  return { prediction, target, dims };
}

/** Runs l1() with its gradient on each available provider (or only `only`). */
export async function runExample(only?: ProviderName): Promise<{ rows: ExampleRow[]; providers: ProviderInfo[] }> {
  const providers = await listProviders();
  const { prediction, target, dims } = exampleImages();
  const inputs = { prediction: { data: prediction, dims }, target: { data: target, dims } };
  const reference = referenceLoss(l1(), inputs, 'mean').data[0]!;
  const rows: ExampleRow[] = [];
  for (const info of providers) {
    if (!info.available || (only && info.name !== only)) continue;
    const session = await createLossSession(l1(), { provider: info.name, reduction: 'mean', gradient: true });
    const start = performance.now();
    const result = await session.run(inputs);
    const milliseconds = performance.now() - start;
    await session.release();
    let squares = 0;
    for (const g of result.gradient!) squares += g * g;
    rows.push({ provider: result.provider, loss: result.loss[0]!, reference, gradientNorm: Math.sqrt(squares), milliseconds });
  }
  return { rows, providers };
}
