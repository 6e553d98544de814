import { type DType, dtypeFromCode } from '../dtype';
import { ShapeError } from '../errors';
import { broadcastShapes } from './broadcast';
import { type ShapeInference, type TensorType, input, intAttr } from './context';

const sameAsFirst: ShapeInference = (ctx) => [input(ctx, 0)];

function requireSameDtype(op: string, types: readonly TensorType[]): DType {
  const dtype = types[0]!.dtype;
  for (const t of types) {
    if (t.dtype !== dtype) throw new ShapeError(op, `operands must share one dtype, received ${types.map((x) => x.dtype).join(' and ')}`);
  }
  return dtype;
}

const broadcasting: ShapeInference = (ctx) => {
  const types = ctx.inputs.filter((t): t is TensorType => t !== undefined);
  if (types.length === 0) throw new ShapeError(ctx.op, 'needs at least one input');
  const dtype = requireSameDtype(ctx.op, types);
  return [{ dtype, shape: broadcastShapes(ctx.op, ...types.map((t) => t.shape)) }];
};

const comparison: ShapeInference = (ctx) => {
  const [a, b] = [input(ctx, 0), input(ctx, 1)];
  requireSameDtype(ctx.op, [a, b]);
  return [{ dtype: 'bool', shape: broadcastShapes(ctx.op, a.shape, b.shape) }];
};

const UNARY = [
  'Abs', 'Neg', 'Sqrt', 'Exp', 'Log', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign', 'Erf',
  'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softplus', 'Softsign', 'Elu', 'Selu', 'HardSigmoid',
  'Identity', 'Not', 'Sin', 'Cos', 'Clip', 'Softmax', 'LogSoftmax', 'Hardmax', 'HardSwish', 'Gelu', 'Mish',
  'Celu', 'ThresholdedRelu',
] as const;

/** IsNaN and IsInf: a bool per element. */
const elementTest: ShapeInference = (ctx) => [{ dtype: 'bool', shape: input(ctx, 0).shape }];

export const ELEMENTWISE_OPS: Record<string, ShapeInference> = {
  ...Object.fromEntries(UNARY.map((op) => [op, sameAsFirst])),
  IsNaN: elementTest,
  IsInf: elementTest,
  Add: broadcasting,
  Sub: broadcasting,
  Mul: broadcasting,
  Div: broadcasting,
  Max: broadcasting,
  Min: broadcasting,
  Sum: broadcasting,
  Mean: broadcasting,
  Mod: broadcasting,
  And: broadcasting,
  Or: broadcasting,
  Xor: broadcasting,
  // Pow's exponent may have its own dtype; the result has the base's.
  Pow: (ctx) => {
    const [base, exponent] = [input(ctx, 0), input(ctx, 1)];
    return [{ dtype: base.dtype, shape: broadcastShapes(ctx.op, base.shape, exponent.shape) }];
  },
  Greater: comparison,
  Less: comparison,
  Equal: comparison,
  GreaterOrEqual: comparison,
  LessOrEqual: comparison,
  Where: (ctx) => {
    const [condition, a, b] = [input(ctx, 0), input(ctx, 1), input(ctx, 2)];
    if (condition.dtype !== 'bool') throw new ShapeError(ctx.op, `condition must be bool, received ${condition.dtype}`);
    const dtype = requireSameDtype(ctx.op, [a, b]);
    return [{ dtype, shape: broadcastShapes(ctx.op, condition.shape, a.shape, b.shape) }];
  },
  Cast: (ctx) => {
    const to = dtypeFromCode(intAttr(ctx, 'to', 0));
    if (!to) throw new ShapeError(ctx.op, `unsupported target type ${intAttr(ctx, 'to', 0)}`);
    return [{ dtype: to, shape: input(ctx, 0).shape }];
  },
  Dropout: (ctx) => {
    const x = input(ctx, 0);
    return [x, { dtype: 'bool', shape: x.shape }];
  },
};
