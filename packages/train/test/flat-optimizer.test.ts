// The flat optimizer update (all parameters concatenated, updated once, split back) against the
// per-parameter update it replaces: one step of the conv autoencoder from the same non-zero
// optimizer state, on every Node provider here. Elementwise float32 arithmetic is the same per
// element either way, so the two graphs must agree to rounding.
import { convAutoencoder } from '@losskit/models';
import { decodeModel } from '@losskit/graph';
import { createModelSession, providerCapabilities } from '@losskit/runtime';
import { expect, it } from 'vitest';
import { NAMES, type Optimizer, adam, adamw, compileTrainingStep, prepareModel, sgd } from '../src/index';
import { mse, seeded } from './support/models';
import { describeProviders } from './support/providers';

// Small (8 parameters of 4 kinds: conv, dense, transposed conv, biases) so that WebGPU compiles it quickly.
const prepared = prepareModel(convAutoencoder({ size: 8, widths: [4], bottleneck: 4 }));
const dims = [2, 3, 8, 8];
const image = seeded(2 * 3 * 8 * 8, 7);

function feeds(optimizer: Optimizer): Record<string, { data: Float32Array; dims: readonly number[] }> {
  const out: Record<string, { data: Float32Array; dims: readonly number[] }> = {
    [prepared.input.name]: { data: image, dims },
    [NAMES.target]: { data: image, dims },
    [NAMES.step]: { data: Float32Array.of(3), dims: [] },
    [NAMES.lr]: { data: Float32Array.of(0.01), dims: [] },
  };
  prepared.params.forEach((p, i) => {
    out[p.name] = { data: p.data as Float32Array, dims: p.dims };
    optimizer.stateSlots.forEach((slot, k) => {
      // Non-zero state as after a few steps (v must be >= 0).
      out[NAMES.state(slot, p.name)] = { data: seeded(p.data.length, 100 + 10 * i + k, slot === 'v' ? 0 : -0.01, 0.01), dims: p.dims };
    });
  });
  return out;
}

const optimizers: [string, () => Optimizer][] = [
  ['adam with L2 decay', () => adam({ lr: 0.01, weightDecay: 0.01 })],
  ['adamw', () => adamw({ lr: 0.01 })],
  ['sgd with momentum', () => sgd({ lr: 0.1, momentum: 0.9, weightDecay: 0.001 })],
];

// WebGPU (SwiftShader) compiles shaders for a minute per optimizer: one optimizer there is enough
// to show that the Concat/Slice form runs whole on it.
// Without an adapter the WebGPU suite is listed as skipped, with the reason in its title.
describeProviders('flat optimizer update', (provider) => {
  it.each(provider === 'cpu' ? optimizers : optimizers.slice(0, 1))('%s: the flat graph equals the per-parameter graph', async (_, make) => {
    const optimizer = make();
    const run = async (flatten: boolean, flattenBelow?: number) => {
      const { smallImageConv } = providerCapabilities(provider);
      const { bytes } = compileTrainingStep(prepared, mse(), 'mean', optimizer, dims, { flatten, smallImageConv, ...(flattenBelow === undefined ? {} : { flattenBelow }) });
      const session = await createModelSession(bytes, { provider });
      const out = await session.run(feeds(optimizer));
      const values = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float32Array.from(v.data as Float32Array)]));
      await session.release();
      // Reshapes and constants are views and data, not kernels: count the nodes that compute.
      const nodes = decodeModel(bytes).graph.nodes.filter((n) => n.op !== 'Reshape' && n.op !== 'Constant').length;
      return { values, nodes };
    };
    const each = await run(false);
    // Every parameter flat, and (cpu) the mixed form: parameters of 64 elements or more alone
    // (the conv and dense weights here), the biases flat.
    const forms = provider === 'cpu' ? [await run(true, Number.POSITIVE_INFINITY), await run(true, 64)] : [await run(true, Number.POSITIVE_INFINITY)];
    expect(prepared.params.filter((p) => p.data.length >= 64).length).toBeGreaterThan(1);
    expect(prepared.params.filter((p) => p.data.length < 64).length).toBeGreaterThan(1);
    for (const flat of forms) {
      expect(Object.keys(flat.values).toSorted()).toEqual(Object.keys(each.values).toSorted());
      expect(flat.nodes).toBeLessThan(each.nodes);
      for (const [name, expected] of Object.entries(each.values)) {
        const actual = flat.values[name]!;
        const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
        const worst = Math.max(...Array.from(actual, (a, i) => Math.abs(a - expected[i]!)));
        expect(worst / scale, name).toBeLessThanOrEqual(1e-6);
      }
    }
  });
});

it('adam and sgd declare themselves elementwise, so the trainer flattens them by default', () => {
  expect(adam().elementwise).toBe(true);
  expect(sgd({ momentum: 0.5 }).elementwise).toBe(true);
});

it('hostViews: the flat update reads and writes one tensor each, the others leave 1-D, with the values of the per-name graph', async () => {
  const optimizer = adam({ lr: 0.01 });
  const run = async (hostViews: boolean) => {
    const compiled = compileTrainingStep(prepared, mse(), 'mean', optimizer, dims, { flattenBelow: 64, hostViews });
    const named = feeds(optimizer);
    const input = { ...named };
    // The flat inputs: the members' parameters and state slots back to back, as the trainer keeps them.
    for (const [flatName, key] of [[NAMES.flatParams, (p: string) => p], ...optimizer.stateSlots.map((slot) => [NAMES.flatState(slot), (p: string) => NAMES.state(slot, p)] as const)] as const) {
      if (!compiled.flat) break;
      const data = new Float32Array(compiled.flat.size);
      for (const m of compiled.flat.members) {
        data.set(named[key(m.name)]!.data, m.offset);
        delete input[key(m.name)];
      }
      input[flatName] = { data, dims: [compiled.flat.size] };
    }
    const session = await createModelSession(compiled.bytes, { provider: 'cpu' });
    const out = await session.run(input);
    await session.release();
    return { out, flat: compiled.flat };
  };
  const [shaped, views] = [await run(false), await run(true)];
  expect(shaped.flat).toBeUndefined();
  const flat = views.flat!;
  // The biases (under 64 elements) are the members; the conv and dense weights are updated alone.
  expect(flat.members.map((m) => m.name)).toEqual(prepared.params.filter((p) => p.data.length < 64).map((p) => p.name));
  expect(prepared.params.some((p) => p.data.length >= 64 && p.dims.length > 1)).toBe(true);
  const outputs = [[NAMES.newParam, NAMES.newFlatParams], ...optimizer.stateSlots.map((slot) => [(p: string) => NAMES.newState(slot, p), NAMES.newFlatState(slot)] as const)] as const;
  for (const [name, flatName] of outputs) {
    expect(views.out[flatName]!.dims).toEqual([flat.size]);
    for (const p of prepared.params) {
      const expected = Array.from(shaped.out[name(p.name)]!.data as Float32Array);
      expect(shaped.out[name(p.name)]!.dims, name(p.name)).toEqual(p.dims);
      const member = flat.members.find((m) => m.name === p.name);
      if (member) {
        expect(views.out[name(p.name)], name(p.name)).toBeUndefined();
        expect(Array.from((views.out[flatName]!.data as Float32Array).subarray(member.offset, member.offset + member.size)), name(p.name)).toEqual(expected);
      } else {
        expect(views.out[name(p.name)]!.dims, name(p.name)).toEqual([p.data.length]);
        expect(Array.from(views.out[name(p.name)]!.data as Float32Array), name(p.name)).toEqual(expected);
      }
    }
  }
});
