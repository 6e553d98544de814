// The tester passes on a correct plugin, on every provider present.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { LossTester } from '../src/index';
import { l1 } from './support/plugins';

new LossTester({ describe, it, beforeAll, afterAll }).run('l1 (test copy)', l1, {
  valid: [
    {
      name: 'hand computed mean: (1 + 2 + 3 + 1) / 4',
      prediction: { data: [1, 2, 3, 4], dims: [2, 2] },
      target: { data: [0, 0, 0, 5], dims: [2, 2] },
      expected: 1.75,
    },
  ],
  invalid: [
    { name: 'target dims differ', target: { data: [1, 2, 3, 4, 5, 6], dims: [2, 3] }, prediction: { data: [1, 2, 3, 4], dims: [2, 2] }, error: InvalidInputError, message: /target\.dims/ },
    { name: 'unknown option', options: { foo: 1 }, error: InvalidOptionError, message: /l1\.foo/ },
  ],
  random: { dims: [[2, 3, 4, 5], [7]], seed: 1 },
});
