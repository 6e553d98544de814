import type { HostTensor } from '@losskit/graph';
/** A deterministic NCHW batch of 3-channel images in [0, 1): the same in Node and in the page. */
export function batchData(batch: number, size: number): HostTensor {
  const data = new Float32Array(batch * 3 * size * size);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296;
  }
  return { data, dims: [batch, 3, size, size] };
}

/** Multi-label targets in {0, 1} `[batch, classes]` for a BCE-on-logits classifier: the same in every framework. */
export function zooTargets(batch: number, classes: number): HostTensor {
  return { data: Float32Array.from({ length: batch * classes }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)), dims: [batch, classes] };
}
