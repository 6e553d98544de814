// Small plugins that the weightedSum tests combine: l1 and mse as the catalog defines them, and
// one with an input check (in JavaScript, and optionally in graph form).
import { InvalidInputError, type LossPluginFactory, type OptionSpec, defineLossPlugin, option } from '../../src/index';

export const l1: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'l1',
  description: '|p - t|',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.abs(g.sub(p, t)),
    reference: (p, t) => ({ data: p.data.map((v, i) => Math.abs(v - t.data[i]!)), dims: p.dims }),
  }),
});

export const mse: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'mse',
  description: '(p - t)^2',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.pow(g.sub(p, t), 2),
    reference: (p, t) => ({ data: p.data.map((v, i) => (v - t.data[i]!) ** 2), dims: p.dims }),
  }),
});

const graphCheckOption: OptionSpec<boolean> = option.boolean({ description: 'Also give the check in graph form.', default: false });

/** p - t for targets >= 0: `validate`, and with `graphCheck` its graph form (finite only when it passes). */
export const nonNegative: LossPluginFactory<{ graphCheck: typeof graphCheckOption }> = defineLossPlugin({
  name: 'non-negative',
  description: 'p - t, targets >= 0',
  options: { graphCheck: graphCheckOption },
  create: ({ graphCheck }) => ({
    elementwise: (g, p, t) => g.sub(p, t),
    reference: (p, t) => ({ data: p.data.map((v, i) => v - t.data[i]!), dims: p.dims }),
    validate: ({ target }) => {
      const bad = target.data.findIndex((v) => v < 0);
      if (bad >= 0) throw new InvalidInputError(`target.data[${bad}]`, 'a value >= 0', target.data[bad]);
    },
    ...(graphCheck ? { inputCheck: (g, _p, t) => g.where(g.less(g.reduceMin(t, { keepdims: false }), 0), g.constant(Number.POSITIVE_INFINITY), 0) } : {}),
  }),
});
