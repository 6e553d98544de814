// Ready losses to start from in the editor. Three carry a float64 reference (checked against it);
// three are checked against finite differences of the graph itself; two are definitions that
// declare their inputs (no target; an integer target); the last one is broken on purpose, to
// show what a mistake looks like.
import type { CustomLossSource } from '../protocol';

export interface CustomExample extends CustomLossSource {
  readonly id: string;
  readonly title: string;
}

export const CUSTOM_EXAMPLES: readonly CustomExample[] = [
  {
    id: 'brightness',
    title: 'Only brightness matters (mean of the channels)',
    code: '(g, p, t) => g.abs(g.sub(g.reduceMean(p, { axes: [1] }), g.reduceMean(t, { axes: [1] })))',
    reference: `(p, t) => {
  const [n, c, h, w] = p.dims;
  const plane = h * w;
  const data = new Float64Array(n * plane);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < plane; i++) {
      let d = 0;
      for (let k = 0; k < c; k++) d += p.data[(b * c + k) * plane + i] - t.data[(b * c + k) * plane + i];
      data[b * plane + i] = Math.abs(d / c);
    }
  return { data, dims: [n, 1, h, w] };
}`,
  },
  {
    id: 'edges',
    title: 'Only edges matter (L1 on image gradients)',
    code: `(g, p, t) => {
  const [, , h, w] = p.shape;
  const dx = (x) => g.sub(g.slice(x, { starts: [1], ends: [w], axes: [3] }), g.slice(x, { starts: [0], ends: [w - 1], axes: [3] }));
  const dy = (x) => g.sub(g.slice(x, { starts: [1], ends: [h], axes: [2] }), g.slice(x, { starts: [0], ends: [h - 1], axes: [2] }));
  const mean = (x) => g.reduceMean(x, { axes: [2, 3] });
  return g.add(mean(g.abs(g.sub(dx(p), dx(t)))), mean(g.abs(g.sub(dy(p), dy(t)))));
}`,
    reference: '',
  },
  {
    id: 'hue',
    title: "Hue doesn't matter (L1 on the largest and smallest channel)",
    code: `(g, p, t) => {
  const channel = (x, c) => g.slice(x, { starts: [c], ends: [c + 1], axes: [1] });
  const high = (x) => g.max(channel(x, 0), channel(x, 1), channel(x, 2));
  const low = (x) => g.min(channel(x, 0), channel(x, 1), channel(x, 2));
  return g.add(g.abs(g.sub(high(p), high(t))), g.abs(g.sub(low(p), low(t))));
}`,
    reference: '',
  },
  {
    id: 'fastai',
    title: 'fastai: where(t == 1, 1 - p, p)',
    code: '(g, p, t) => g.where(g.equal(t, 1), g.sub(1, p), p)',
    reference: '(p, t) => ({ data: p.data.map((v, i) => (t.data[i] === 1 ? 1 - v : v)), dims: p.dims })',
  },
  {
    id: 'smooth',
    title: 'No target: a regularizer (only smoothness matters)',
    code: `({
  inputs: {},
  elementwise: (g, p) => {
    const [, , h, w] = p.shape;
    const dx = g.sub(g.slice(p, { starts: [1], ends: [w], axes: [3] }), g.slice(p, { starts: [0], ends: [w - 1], axes: [3] }));
    const dy = g.sub(g.slice(p, { starts: [1], ends: [h], axes: [2] }), g.slice(p, { starts: [0], ends: [h - 1], axes: [2] }));
    return g.add(g.reduceMean(g.abs(dx), { axes: [2, 3] }), g.reduceMean(g.abs(dy), { axes: [2, 3] }));
  },
})`,
    reference: '',
  },
  {
    id: 'levels',
    title: "An integer target: L1 on the photo's 8-bit levels",
    code: `({
  inputs: {
    target: { type: 'integer', range: () => ({ min: 0, max: 255, description: 'an 8-bit level' }), description: "the photo's levels, 0 to 255" },
  },
  elementwise: (g, p, t) => g.abs(g.sub(g.mul(p, 255), g.cast(t, 'float32'))),
  reference: (p, t) => ({ data: p.data.map((v, i) => Math.abs(255 * v - t.data[i])), dims: p.dims }),
})`,
    reference: '',
  },
  {
    id: 'broken',
    title: 'A mistake: shapes that do not match',
    code: '(g, p, t) => g.abs(g.sub(p, g.transpose(t, [0, 2, 3, 1])))',
    reference: '',
  },
];
