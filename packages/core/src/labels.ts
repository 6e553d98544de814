import type { GraphBuilder, Value } from '@losskit/graph';

/**
 * Signed labels for margin losses (hinge, squared hinge), by Keras's rule
 * (`convert_binary_labels_to_hinge`): when every label of the tensor is 0 or 1, the labels
 * become `2y - 1`, so 0/1 labels read as -1/1; otherwise they are used as given. The rule looks
 * at the whole tensor: labels of -1, 0 and 1 together keep their 0s.
 */
export function signedLabels(g: GraphBuilder, target: Value): Value {
  const binary = g.add(g.cast(g.equal(target, 0), 'float32'), g.cast(g.equal(target, 1), 'float32'));
  // 1 when every label is 0 or 1, else 0; y + allBinary (y - 1) is then 2y - 1 or y.
  const allBinary = g.reduceMin(binary, { keepdims: false });
  return g.add(target, g.mul(allBinary, g.sub(target, 1)));
}

/** {@link signedLabels} in float64. */
export function referenceSignedLabels(labels: Float64Array): Float64Array {
  const allBinary = labels.every((y) => y === 0 || y === 1);
  return allBinary ? labels.map((y) => 2 * y - 1) : Float64Array.from(labels);
}
