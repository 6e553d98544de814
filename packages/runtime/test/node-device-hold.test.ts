// holdDevice: a one-node session keeps WebGPU's device open between sessions (ONNX Runtime closes
// it with the last one); elsewhere the hold does nothing. Requests are checked like sessions'.
import { InvalidOptionError, UnavailableProviderError } from '@losskit/core';
import { PROVIDER_CAPABILITIES, createLossSession, holdDevice } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { l1 } from './support/l1-plugin';
import { nodeWebGpu } from './support/providers';

const prediction = { data: Float32Array.of(1, -2, 3), dims: [3] };
const target = { data: Float32Array.of(0, 0, 1), dims: [3] };

describe('holdDevice (node)', () => {
  it('holds only where ONNX Runtime closes the device with its last session', () => {
    expect(Object.entries(PROVIDER_CAPABILITIES).filter(([, c]) => c.closesDeviceWithLastSession).map(([name]) => name)).toEqual(['webgpu']);
  });

  it('does nothing on cpu, and releasing twice is harmless', async () => {
    const hold = await holdDevice('cpu');
    expect(hold).toMatchObject({ provider: 'cpu', holding: false });
    await hold.release();
    await hold.release();
  });

  it('holds the WebGPU device while sessions come and go, and lets it close after', async (context) => {
    const webgpu = await nodeWebGpu();
    if (!webgpu.available) return context.skip(webgpu.reason);
    const hold = await holdDevice('webgpu');
    expect(hold).toMatchObject({ provider: 'webgpu', holding: true });
    // |1| + |-2| + |2| = 5 in each of several sessions opened and released under the hold...
    for (const reduction of ['sum', 'mean'] as const) {
      const session = await createLossSession(l1(), { provider: 'webgpu', reduction });
      const { loss } = await session.run({ prediction, target });
      expect(loss[0]).toBeCloseTo(reduction === 'sum' ? 5 : 5 / 3, 6);
      await session.release();
    }
    await hold.release();
    await hold.release();
    // ...and after the hold, the device opens again for the next session.
    const session = await createLossSession(l1(), { provider: 'webgpu', reduction: 'sum' });
    expect((await session.run({ prediction, target })).loss[0]).toBeCloseTo(5, 6);
    await session.release();
  });

  it('checks the request like a session does', async () => {
    await expect(holdDevice('tpu' as never)).rejects.toThrowError(InvalidOptionError);
    await expect(holdDevice('tpu' as never)).rejects.toThrowError(/^Invalid option provider: expected one of "auto", "cpu"/);
    await expect(holdDevice('wasm')).rejects.toThrowError(UnavailableProviderError);
  });
});
