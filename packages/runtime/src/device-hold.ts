import type { InferenceSession } from 'onnxruntime-common';
import type { Backend } from './backend';
import { providerCapabilities } from './capabilities';
import { withAsyncDispose } from './dispose';
import { getProbeModel, resolveProvider, sessionOptionsFor } from './providers';
import type { ProviderName } from './types';

/** A provider's device kept open by `holdDevice` until `release()`. */
export interface DeviceHold {
  /** The provider whose device is held (`auto` resolved). */
  readonly provider: ProviderName;
  /**
   * Whether the hold keeps a session open: only where ONNX Runtime would close the device with
   * its last session (`closesDeviceWithLastSession`, WebGPU). Elsewhere the device lives as
   * long as the process and the hold does nothing.
   */
  readonly holding: boolean;
  /** Lets the device close with its last session again. Calling it twice is harmless. */
  release(): Promise<void>;
  /** `release()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Holds `request`'s device open with a one-node session, so that sessions created and released
 * one after another (tests, parameter sweeps) do not each close the device, open it again and
 * compile their shaders anew.
 */
export async function holdDeviceWith(backend: Backend, request: unknown, onNotice: unknown): Promise<DeviceHold> {
  const provider = await resolveProvider(backend, request, onNotice);
  let session: InferenceSession | undefined;
  if (providerCapabilities(provider).closesDeviceWithLastSession) {
    session = await backend.ort.InferenceSession.create(getProbeModel(), sessionOptionsFor(provider));
  }
  return withAsyncDispose({
    provider,
    holding: session !== undefined,
    async release() {
      const held = session;
      session = undefined;
      await held?.release();
    },
  });
}
