import { ShapeError } from '../errors';
import { formatDims } from '../host-tensor';
import { type ShapeInference, type TensorType, input, intAttr, stringAttr } from './context';

/** Gates per cell: the rows of W and R are this many blocks of `hidden_size`. */
const GATES: Readonly<Record<string, number>> = { LSTM: 4, GRU: 3, RNN: 1 };

/**
 * LSTM, GRU and RNN (opset 14): X `[seq, batch, input]` (layout 1: `[batch, seq, input]`) gives
 * Y `[seq, directions, batch, hidden]` (layout 1: `[batch, seq, directions, hidden]`), then Y_h
 * (and LSTM's Y_c) `[directions, batch, hidden]` (layout 1: `[batch, directions, hidden]`).
 */
const recurrent: ShapeInference = (ctx) => {
  const [x, w, r] = [input(ctx, 0), input(ctx, 1), input(ctx, 2)];
  const directions = stringAttr(ctx, 'direction', 'forward') === 'bidirectional' ? 2 : 1;
  const hidden = intAttr(ctx, 'hidden_size', r.shape[2] ?? 0);
  const gates = GATES[ctx.op]!;
  const layout = intAttr(ctx, 'layout', 0);
  if (x.shape.length !== 3) throw new ShapeError(ctx.op, `X must have rank 3, received ${formatDims(x.shape)}`);
  const wShape = [directions, gates * hidden, x.shape[2]!];
  const rShape = [directions, gates * hidden, hidden];
  if (w.shape.join() !== wShape.join() || r.shape.join() !== rShape.join()) {
    throw new ShapeError(
      ctx.op,
      `W must be ${formatDims(wShape)} and R ${formatDims(rShape)} (direction, hidden_size ${hidden}), received ${formatDims(w.shape)} and ${formatDims(r.shape)}`,
    );
  }
  const [seq, batch] = layout === 1 ? [x.shape[1]!, x.shape[0]!] : [x.shape[0]!, x.shape[1]!];
  const y: TensorType = { dtype: x.dtype, shape: layout === 1 ? [batch, seq, directions, hidden] : [seq, directions, batch, hidden] };
  const state: TensorType = { dtype: x.dtype, shape: layout === 1 ? [batch, directions, hidden] : [directions, batch, hidden] };
  return ctx.op === 'LSTM' ? [y, state, state] : [y, state];
};

export const RECURRENT_OPS: Record<string, ShapeInference> = { LSTM: recurrent, GRU: recurrent, RNN: recurrent };
