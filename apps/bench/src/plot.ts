import { lossCurves } from '@losskit/node-demo/figures';
import { type Bandwidth, FLOOR_BYTES_PER_ELEMENT } from './bandwidth';
import type { LossResult } from './loss-bench';

/**
 * Throughput (elements per second, median) against size for the l1 loss, one line per
 * contestant plus the bandwidth floor, drawn like the demo's figures (no browser, no fonts).
 */
export function plotThroughput(results: readonly LossResult[], bandwidth: Bandwidth, loss: string = 'l1'): Uint8Array {
  const rows = results.filter((r) => r.loss === loss).toSorted((a, b) => a.log2 - b.log2);
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.timings)))];
  const x = rows.map((r) => r.log2);
  const series = names.map((name) => ({
    label: name,
    x,
    values: rows.map((r) => {
      const t = r.timings[name];
      return t ? r.elements / (t.median / 1000) : Number.NaN;
    }),
  }));
  const floor = bandwidth.bytesPerSecond / FLOOR_BYTES_PER_ELEMENT;
  series.push({ label: 'bandwidth floor', x, values: x.map(() => floor) });
  return lossCurves({
    series,
    logScale: true,
    title: `${loss} value + gradient: throughput`,
    xLabel: 'log2 elements',
    yLabel: 'elements/s (median)',
    width: 900,
    height: 520,
  });
}
