import { type GemmOptions, type GraphBuilder, type Value, attributeValue } from '@losskit/graph';
import { unbroadcast } from '../broadcast';
import type { GradientContext, GradientRule } from '../types';

/** Swaps the last two axes. */
function transposeLast(g: GraphBuilder, x: Value): Value {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return g.transpose(x, perm);
}

function reshapeTo(g: GraphBuilder, x: Value, shape: readonly number[]): Value {
  return x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : g.reshape(x, shape);
}

/**
 * MatMul with numpy semantics: 1-D operands are promoted to matrices (and the added axis removed
 * from the result), batch axes broadcast. dA = dY·Bᵀ and dB = Aᵀ·dY, each summed back over the
 * batch axes its operand was broadcast along.
 */
const matMul: GradientRule = (ctx: GradientContext) => {
  const { g } = ctx;
  const [a, b] = ctx.inputs as [Value, Value];
  const a2 = a.shape.length === 1 ? g.reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.shape.length === 1 ? g.reshape(b, [b.shape[0]!, 1]) : b;
  // The result with the promoted axes put back, so every operand is at least a matrix.
  const dyShape = [...ctx.dOutputs[0]!.shape];
  if (b.shape.length === 1) dyShape.push(1);
  if (a.shape.length === 1) dyShape.splice(dyShape.length - 1, 0, 1);
  const dy = reshapeTo(g, ctx.dOutputs[0]!, dyShape);
  if (a2.shape.length === 2 && b2.shape.length === 2) {
    // Matrices: Gemm's transpose flags instead of a Transpose node (ONNX Runtime's CPU Transpose
    // of resnet18's [512, 4608] kernel took 3 ms; Gemm reads the operand transposed in place).
    return [
      ctx.needsGradient(0) ? reshapeTo(g, g.gemm(dy, b2, undefined, { transB: true }), a.shape) : undefined,
      ctx.needsGradient(1) ? reshapeTo(g, g.gemm(a2, dy, undefined, { transA: true }), b.shape) : undefined,
    ];
  }
  return [
    ctx.needsGradient(0) ? reshapeTo(g, unbroadcast(g, g.matMul(dy, transposeLast(g, b2)), a2.shape), a.shape) : undefined,
    ctx.needsGradient(1) ? reshapeTo(g, unbroadcast(g, g.matMul(transposeLast(g, a2), dy), b2.shape), b.shape) : undefined,
  ];
};

function flag(ctx: GradientContext, name: string): boolean {
  return attributeValue(ctx.node.attributes, name, 'int') === 1;
}

function scale(ctx: GradientContext, name: string): number {
  return attributeValue(ctx.node.attributes, name, 'float') ?? 1;
}

/**
 * Gemm: Y = alpha·A'·B' + beta·C with A' = transA ? Aᵀ : A (likewise B'). Each operand's gradient
 * is itself one Gemm whose transpose flags absorb the transposes, so no Transpose node is emitted.
 */
const gemm: GradientRule = (ctx: GradientContext) => {
  const { g } = ctx;
  const [a, b, c] = ctx.inputs as [Value, Value, Value | undefined];
  const dy = ctx.dOutputs[0]!;
  const transA = flag(ctx, 'transA');
  const transB = flag(ctx, 'transB');
  const alpha = scale(ctx, 'alpha');
  const beta = scale(ctx, 'beta');
  const options = (tA: boolean, tB: boolean): GemmOptions => ({
    ...(alpha !== 1 ? { alpha } : {}),
    ...(tA ? { transA: true } : {}),
    ...(tB ? { transB: true } : {}),
  });
  // dA' = alpha·dY·B'ᵀ, so dA = transA ? alpha·B'·dYᵀ : alpha·dY·B'ᵀ.
  const dA = () => (transA ? g.gemm(b, dy, undefined, options(transB, true)) : g.gemm(dy, b, undefined, options(false, !transB)));
  // dB' = alpha·A'ᵀ·dY, so dB = transB ? alpha·dYᵀ·A' : alpha·A'ᵀ·dY.
  const dB = () => (transB ? g.gemm(dy, a, undefined, options(true, transA)) : g.gemm(a, dy, undefined, options(!transA, false)));
  const dC = () => {
    const summed = unbroadcast(g, dy, c!.shape);
    return beta === 1 ? summed : g.mul(summed, beta);
  };
  return [
    ctx.needsGradient(0) ? dA() : undefined,
    ctx.needsGradient(1) ? dB() : undefined,
    c && ctx.needsGradient(2) ? dC() : undefined,
  ];
};

/** Matrix products. */
export const nnRules: Record<string, GradientRule> = {
  MatMul: matMul,
  Gemm: gemm,
};
