// The error taxonomy in @losskit/core's README must stay true: every LossKitError class the
// packages export has a row with its code, and each row's example message is exactly what the
// example mistake produces today.
import { readFileSync } from 'node:fs';
import * as autodiff from '@losskit/autodiff';
import { type GradientRule, defaultGradientRules, gradients } from '@losskit/autodiff';
import * as core from '@losskit/core';
import { LossKitError, validateLossInputs } from '@losskit/core';
import * as graph from '@losskit/graph';
import { GraphBuilder, attr, decodeModel, encodeModel } from '@losskit/graph';
import { bce } from '@losskit/loss-bce';
import { l1 } from '@losskit/loss-l1';
import * as runtime from '@losskit/runtime';
import { createLossSession } from '@losskit/runtime';
import * as train from '@losskit/train/node';
import { NonFiniteLossError } from '@losskit/train';
import { describe, expect, it } from 'vitest';

interface Row {
  readonly code: string;
  readonly className: string;
  readonly example: string;
}

function taxonomy(): Row[] {
  const readme = readFileSync(new URL('../../../packages/core/README.md', import.meta.url), 'utf8');
  const section = readme.split('### Errors')[1]!.split(/^## /m)[0]!;
  return [...section.matchAll(/^\| `(ERR_[A-Z_]+)` \| `(\w+)` .*\| `([^`]+)` \|$/gm)].map((m) => ({ code: m[1]!, className: m[2]!, example: m[3]! }));
}

const tensor = (dims: number[]) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)), dims });

/** The mistake behind each README example. */
const EXAMPLES: Record<string, () => unknown> = {
  InvalidInputError: () => validateLossInputs(l1(), { prediction: tensor([8, 3, 32, 32]), target: tensor([8, 3, 32, 31]) }),
  InvalidOptionError: () => bce({ labelSmoothing: 1.5 }),
  UnavailableProviderError: () => createLossSession(l1(), { provider: 'wasm' }),
  UnsupportedOperatorError: () => {
    const g = new GraphBuilder();
    const a = g.input('a', 'float32', [2]);
    return gradients(g, g.output(g.addNode('ReduceProd', [a], { keepdims: attr.int(0) })[0]!, 'y'), [a]);
  },
  GradientRuleError: () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 3]);
    const y = g.reduceSum(g.addNode('Erf', [x])[0]!);
    // A rule that forgets to keep the reduced axis.
    const wrongShape: GradientRule = ({ g: builder, dOutputs }) => [builder.reduceSum(dOutputs[0]!, { axes: [1] })];
    return gradients(g, y, [x], { rules: { ...defaultGradientRules, Erf: wrongShape } });
  },
  ShapeError: () => {
    const g = new GraphBuilder();
    return g.add(g.input('a', 'float32', [2, 3]), g.input('b', 'float32', [4]));
  },
  ModelFormatError: () => {
    const g = new GraphBuilder('m');
    g.output(g.add(g.input('x', 'float32', [3, 4]), g.initializer('w', 'float32', [3, 4], new Float32Array(12))), 'y');
    const model = g.toModel();
    // A file whose tensor holds 11 values where its dims say 12 (losskit's encoder writes what it is given).
    const lying = { ...model, graph: { ...model.graph, initializers: model.graph.initializers.map((t) => ({ ...t, data: new Float32Array(11) })) } };
    return decodeModel(encodeModel(lying));
  },
  NonFiniteLossError: () => {
    throw new NonFiniteLossError(7, Number.NaN);
  },
  ReleasedError: async () => {
    const session = await createLossSession(l1(), { provider: 'cpu' });
    await session.release();
    return session.run({ prediction: tensor([1]), target: tensor([1]) });
  },
};

/** Every exported class that extends LossKitError, by name. */
function exportedErrorClasses(): Set<string> {
  const names = new Set<string>();
  for (const module of [graph, autodiff, core, runtime, train]) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === 'function' && value.prototype instanceof LossKitError) names.add(name);
    }
  }
  return names;
}

describe('the error taxonomy in @losskit/core README', () => {
  const rows = taxonomy();

  it('documents every exported error class, each code once', () => {
    expect(rows.map((r) => r.className).toSorted()).toEqual([...exportedErrorClasses()].toSorted());
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [r.className, r] as const))('%s: the example message is what the example mistake produces', async (_, row) => {
    let thrown: unknown;
    try {
      await EXAMPLES[row.className]!();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LossKitError);
    expect((thrown as Error).name).toBe(row.className);
    expect((thrown as LossKitError).code).toBe(row.code);
    expect((thrown as Error).message).toBe(row.example);
  });
});
