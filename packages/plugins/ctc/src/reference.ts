import type { Float64Tensor } from '@losskit/core';
import type { CtcSettings } from './forward';
import { checkBlank, ctcDims } from './inputs';

/** `log Σ exp(x)` in float64, -Infinity when every term is. */
function logSumExp(terms: readonly number[]): number {
  const max = Math.max(...terms);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const x of terms) sum += Math.exp(x - max);
  return max + Math.log(sum);
}

/**
 * CTC in float64 from its definition, one sample at a time: the extended labels
 * `(blank, y_1, blank, ..., y_len, blank)`, the alpha recursion over the sample's frames with
 * true -Infinity for log 0, and `-logsumexp` of the last two states (+Infinity when no
 * alignment exists, 0 with `zeroInfinity`).
 */
export function ctcReference(
  logProbs: Float64Tensor,
  target: Float64Tensor,
  inputLengths: Float64Tensor,
  targetLengths: Float64Tensor,
  settings: CtcSettings,
): Float64Tensor {
  const { N, C } = ctcDims(logProbs.dims);
  checkBlank(C, settings.blank);
  const S = target.dims[1]!;
  const out = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const extended = [settings.blank];
    for (let i = 0; i < targetLengths.data[n]!; i++) extended.push(target.data[n * S + i]!, settings.blank);
    const logP = (t: number, s: number) => logProbs.data[(t * N + n) * C + extended[s]!]!;
    const skips = (s: number) => s >= 2 && extended[s] !== settings.blank && extended[s] !== extended[s - 2];
    let alpha = extended.map((_, s) => (s < 2 ? logP(0, s) : Number.NEGATIVE_INFINITY));
    for (let t = 1; t < inputLengths.data[n]!; t++) {
      const previous = alpha;
      alpha = extended.map((_, s) => {
        const terms = [previous[s]!];
        if (s >= 1) terms.push(previous[s - 1]!);
        if (skips(s)) terms.push(previous[s - 2]!);
        return logP(t, s) + logSumExp(terms);
      });
    }
    const L = extended.length;
    const nll = -logSumExp(L > 1 ? [alpha[L - 1]!, alpha[L - 2]!] : [alpha[0]!]);
    out[n] = nll === Number.POSITIVE_INFINITY && settings.zeroInfinity ? 0 : nll;
  }
  return { data: out, dims: [N] };
}
