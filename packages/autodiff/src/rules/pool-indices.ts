import { attr, attributeValue, numel } from '@losskit/graph';
import type { GradientRule } from '../types';
import { poolRules } from './pool';

/**
 * MaxPool's gradient from the Indices that ONNX Runtime's MaxPool returns (the flat position,
 * row-major over the whole input, of each window's first maximum, as PyTorch picks it): the
 * output gradient is added into zeros of the input's size at those positions, one
 * ScatterElements with reduction 'add', so overlapping windows sum. The default rule finds the
 * maxima tap by tap (eight nodes per tap, a Concat and a ConvTranspose); on squeezenet1_1's three
 * 3x3 pools that form was about a quarter of the training step's kernel time at batch 16.
 *
 * The Indices come from the node itself where it returns them, else from a second MaxPool with
 * the node's attributes: one more forward pass over the input, far cheaper than the taps. Not a
 * default rule: ONNX Runtime's WebGPU provider has no MaxPool with Indices. Use
 * `{ ...defaultGradientRules, ...indexMaxPoolRules }` on CPU and WASM (trainers there do).
 * Column-major Indices (`storage_order = 1`) keep the default rule.
 */
export const indexMaxPoolRules: Readonly<Record<string, GradientRule>> = Object.freeze({
  MaxPool: (ctx) => {
    const { g, node } = ctx;
    if (attributeValue(node.attributes, 'storage_order', 'int') === 1) return poolRules.MaxPool!(ctx);
    const x = ctx.inputs[0]!;
    const dy = ctx.dOutputs[0]!;
    const indices = ctx.outputs[1] ?? g.addNode('MaxPool', [x], node.attributes, { outputCount: 2 })[1]!;
    const zeros = g.expand(g.constant(0, dy.dtype), [numel(x.shape)]);
    const spread = g.addNode('ScatterElements', [zeros, g.reshape(indices, [-1]), g.reshape(dy, [-1])], { axis: attr.int(0), reduction: attr.string('add') })[0]!;
    return [g.reshape(spread, x.shape)];
  },
});
