import { type ProviderName, providerCapabilities } from '@losskit/runtime';
import type { PreparedModel } from './model';
import type { Optimizer } from './optimizers';
import type { FlatLayout } from './step-update';
import { createHostTrainingState } from './trainer-host-state';
import { type TrainingState, createTrainingState } from './trainer-state';

/**
 * The optimizer of a step graph whose update runs on the host: the graph's "new parameter" is the
 * gradient (so the parameter check tests the gradients), and it has no state slots.
 */
function gradientsOnly(optimizer: Optimizer): Optimizer {
  const { name, lr, hyperparameters, elementwise } = optimizer;
  return { name, lr, hyperparameters, stateSlots: [], elementwise, update: (_g, { grad }) => ({ param: grad, state: [] }) };
}

/**
 * Where a trainer's optimizer runs, decided once: in place on the host when asked (`hostOptimizer`),
 * the provider has the `hostOptimizer` capability, the optimizer has a host kernel (`adamKernel`)
 * and its memory fits one WebAssembly memory; otherwise in the step graph. Returns the trainer's
 * state and the optimizer its step graphs are compiled with.
 */
export function optimizerPlacement(
  prepared: PreparedModel,
  optimizer: Optimizer,
  provider: ProviderName,
  hostOptimizer: boolean,
  flat: FlatLayout | undefined,
): { readonly state: TrainingState; readonly stepOptimizer: Optimizer } {
  const adamKernel = optimizer.adamKernel;
  const onHost = hostOptimizer && adamKernel && providerCapabilities(provider).hostOptimizer;
  const state = onHost ? createHostTrainingState(prepared, { ...optimizer, adamKernel }, flat) : undefined;
  return state ? { state, stepOptimizer: gradientsOnly(optimizer) } : { state: createTrainingState(prepared, optimizer, flat), stepOptimizer: optimizer };
}
