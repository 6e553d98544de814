import { type GraphBuilder, InvalidOptionError, type Value, describeValue } from '@losskit/graph';

/** What an optimizer emits for one parameter: its new value and its new state slots. */
export interface ParameterUpdate {
  readonly param: Value;
  readonly state: readonly Value[];
}

/** The values an optimizer's update of one parameter may use. */
export interface UpdateContext {
  readonly param: Value;
  readonly grad: Value;
  /** Current state slots, in the order of {@link Optimizer.stateSlots}. */
  readonly state: readonly Value[];
  /** 1-based step count (float32 scalar), for bias corrections. */
  readonly step: Value;
  /** Learning rate (float32 scalar input, so schedules need no recompilation). */
  readonly lr: Value;
}

/** An optimizer, compiled into the training-step graph as ONNX ops. */
export interface Optimizer {
  readonly name: string;
  readonly lr: number;
  /** Hyperparameters other than the learning rate, for checkpoints and display. */
  readonly hyperparameters: Readonly<Record<string, number | readonly number[]>>;
  /** Per-parameter state slots (zero-initialised), e.g. `['m', 'v']` for Adam. */
  readonly stateSlots: readonly string[];
  update(g: GraphBuilder, ctx: UpdateContext): ParameterUpdate;
}

function checkNumber(option: string, value: unknown, test: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) {
    throw new InvalidOptionError(option, expected, describeValue(value));
  }
  return value;
}

function checkKeys(name: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(`${name}.${key}`, `a known option (one of ${known.join(', ')})`, `unknown option "${key}"`);
    }
  }
}

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Learning rate. Default 0.01. */
  readonly lr?: number;
  /** Momentum factor (PyTorch semantics, no dampening). Default 0. */
  readonly momentum?: number;
  /** L2 penalty added to the gradient. Default 0. */
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent, as `torch.optim.SGD`: `g += weightDecay * p`; with momentum,
 * `buf = momentum * buf + g` and `p -= lr * buf`; otherwise `p -= lr * g`.
 */
export function sgd(options: SgdOptions = {}): Optimizer {
  checkKeys('sgd', options, ['lr', 'momentum', 'weightDecay']);
  const lr = checkNumber('sgd.lr', options.lr ?? 0.01, (v) => v > 0, 'a finite number > 0');
  const momentum = checkNumber('sgd.momentum', options.momentum ?? 0, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  const weightDecay = checkNumber('sgd.weightDecay', options.weightDecay ?? 0, (v) => v >= 0, 'a finite number >= 0');
  return {
    name: 'sgd',
    lr,
    hyperparameters: { momentum, weightDecay },
    stateSlots: momentum > 0 ? ['momentum'] : [],
    update(g, { param, grad, state, lr: rate }) {
      const decayed = weightDecay > 0 ? g.add(grad, g.mul(param, weightDecay)) : grad;
      if (momentum === 0) return { param: g.sub(param, g.mul(decayed, rate)), state: [] };
      const buffer = g.add(g.mul(state[0]!, momentum), decayed);
      return { param: g.sub(param, g.mul(buffer, rate)), state: [buffer] };
    },
  };
}

/** Options of {@link adam}. */
export interface AdamOptions {
  /** Learning rate. Default 0.001. */
  readonly lr?: number;
  /** Decay rates of the first and second moment estimates. Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Added to the denominator for stability. Default 1e-8. */
  readonly eps?: number;
  /** Decoupled weight decay (AdamW). Default 0. */
  readonly weightDecay?: number;
}

/**
 * Adam with decoupled weight decay, as `torch.optim.AdamW` (plain Adam when `weightDecay` is 0):
 * `p *= 1 - lr * weightDecay`; `m = b1 m + (1 - b1) g`; `v = b2 v + (1 - b2) g^2`;
 * `p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)`.
 */
export function adam(options: AdamOptions = {}): Optimizer {
  checkKeys('adam', options, ['lr', 'betas', 'eps', 'weightDecay']);
  const lr = checkNumber('adam.lr', options.lr ?? 1e-3, (v) => v > 0, 'a finite number > 0');
  const betas = options.betas ?? [0.9, 0.999];
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new InvalidOptionError('adam.betas', 'two numbers in [0, 1)', describeValue(betas));
  }
  const [beta1, beta2] = betas.map((b, i) => checkNumber(`adam.betas[${i}]`, b, (v) => v >= 0 && v < 1, 'a number in [0, 1)')) as [number, number];
  const eps = checkNumber('adam.eps', options.eps ?? 1e-8, (v) => v > 0, 'a finite number > 0');
  const weightDecay = checkNumber('adam.weightDecay', options.weightDecay ?? 0, (v) => v >= 0, 'a finite number >= 0');
  return {
    name: 'adam',
    lr,
    hyperparameters: { betas: [beta1, beta2], eps, weightDecay },
    stateSlots: ['m', 'v'],
    update(g, { param, grad, state, step, lr: rate }) {
      const m = g.add(g.mul(state[0]!, beta1), g.mul(grad, 1 - beta1));
      const v = g.add(g.mul(state[1]!, beta2), g.mul(g.mul(grad, grad), 1 - beta2));
      const correction1 = g.sub(1, g.pow(g.constant(beta1), step));
      const correction2 = g.sub(1, g.pow(g.constant(beta2), step));
      const denominator = g.add(g.sqrt(g.div(v, correction2)), eps);
      const direction = g.div(g.div(m, correction1), denominator);
      const decayed = weightDecay > 0 ? g.mul(param, g.sub(1, g.mul(rate, weightDecay))) : param;
      return { param: g.sub(decayed, g.mul(direction, rate)), state: [m, v] };
    },
  };
}
