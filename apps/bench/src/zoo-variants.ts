import { defaultGradientRules, flipAllConvRules, groupedDepthwiseConvRules } from '@losskit/autodiff';
import type { Variant } from './ablation';
import { ZOO_BASELINE } from './settings';

/**
 * The zoo section's ablations: losskit's step with one of the choices made for these models
 * undone, to measure what each bought.
 */
export function zooVariants(): Variant[] {
  return [
    // The ablations run as bare steps (no trainer around them): this one, with nothing undone, is
    // what their ratios are taken against.
    { name: ZOO_BASELINE },
    // Every parameter concatenated into the flat update (the default before: seven copies of
    // each large tensor per step, instead of its own update on 1-D views).
    { name: 'ablation: flat update of every parameter', compile: { flattenBelow: Number.POSITIVE_INFINITY } },
    // ONNX Runtime's graph optimisations on (trainers on cpu open step sessions without them).
    { name: 'ablation: ONNX Runtime graph optimisations', session: { graphOptimization: 'all' } },
    // Every parameter and state slot its own input and output in its own shape (the flat update
    // concatenates its members and slices them back; ONNX Runtime copies a Reshape that is a
    // graph output), not the host-view forms the trainer reshapes and slices as views.
    { name: 'ablation: a tensor per parameter in and out', compile: { hostViews: false } },
    // Wide stride-1 Convs' input gradients as flipped Convs, square layers' weight gradients shifting the filter.
    { name: 'ablation: flipped Conv for wide layers', compile: { rules: flipAllConvRules } },
    // MaxPool's gradient found tap by tap (the rule every provider has), not from ONNX Runtime's Indices.
    { name: 'ablation: MaxPool gradient tap by tap', compile: { rules: { MaxPool: defaultGradientRules.MaxPool! } } },
    // Training-mode BatchNormalization differentiated through its lowered nodes, not in closed form.
    { name: 'ablation: BatchNorm gradient through its nodes', compile: { closedFormBatchNorm: false } },
    // Convs with output images of at most 64 cells stay Convs (ONNX Runtime's, one Gemm per image).
    { name: 'ablation: Conv on small images per image', compile: { smallImageConv: false } },
    // Per-channel operands broadcast over 2x2 and 4x4 images as they are, not widened first.
    { name: 'ablation: narrow broadcasts', compile: { widenNarrowBroadcasts: false } },
    // Stride-1 depthwise Convs' input gradients as grouped ConvTransposes.
    { name: 'ablation: depthwise ConvTranspose', compile: { rules: groupedDepthwiseConvRules } },
  ];
}
