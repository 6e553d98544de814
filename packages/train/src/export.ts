import { type Model, encodeModel } from '@losskit/graph';
import { inferenceNodes } from './lower';
import type { PreparedModel } from './model';

/**
 * The prepared model, in its own opset, with `values` in place of its parameters' (and running
 * statistics') initial data, and training-mode BatchNormalization and Dropout in inference form.
 */
export function modelWithParameters(prepared: PreparedModel, values: Readonly<Record<string, Float32Array>>): Model {
  const graph = prepared.model.graph;
  return {
    ...prepared.model,
    graph: {
      ...graph,
      nodes: inferenceNodes(graph),
      initializers: graph.initializers.map((t) => (values[t.name] ? { ...t, data: values[t.name]! } : t)),
    },
  };
}

/**
 * A plain inference model with trained weights: the original graph (batch dim still symbolic),
 * nothing losskit-specific in it, so any ONNX runtime can run it.
 */
export function exportTrainedModel(
  prepared: PreparedModel,
  values: Readonly<Record<string, Float32Array>>,
  about: { loss: string; steps: number },
): Uint8Array {
  const model = modelWithParameters(prepared, values);
  return encodeModel({
    ...model,
    metadata: { ...model.metadata, 'losskit.loss': about.loss, 'losskit.steps': String(about.steps) },
  });
}
