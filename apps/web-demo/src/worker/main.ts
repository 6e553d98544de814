// The training worker: it owns ONNX Runtime (WebGPU device or WASM threads) so the page never
// waits on a step. It takes one message at a time from the page (see protocol.ts).
import { CUSTOM_ROW, isLossToken, pluginFor, rowId } from '../loss-catalog';
import { CustomLossError, compileCustomLoss } from '../custom/compile';
import { checkCustomLoss } from '../custom/check';
import type { CustomLossSource, FromWorker, ToWorker } from '../protocol';
import { prepareData } from './data';
import { chooseProvider } from './provider';
import { Run, type RowSpec } from './run';
import { trainingLoss } from './training-loss';

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let run: Run | undefined;
// Messages are handled in order: a reset waits for the start before it.
let queue: Promise<unknown> = Promise.resolve();

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function checkCustom(custom: CustomLossSource, provider: 'webgpu' | 'wasm', size: number) {
  const { plugin, withReference } = compileCustomLoss(custom);
  const summary = await checkCustomLoss(plugin, provider, size, withReference);
  return { plugin, summary };
}

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  await run?.cancel();
  run = undefined;
  post({ type: 'status', status: 'loading' });
  const { settings } = message;
  const chosen = await chooseProvider(settings.provider);
  post({ type: 'provider', ...chosen });
  const data = prepareData(message.photos, settings.size, settings.seed, settings.images);
  post({ type: 'data', originals: { data: data.shown.data.slice(), dims: data.shown.dims }, captions: data.captions, description: data.description });
  const dims = [settings.batch, 3, settings.size, settings.size] as const;
  const specs: RowSpec[] = settings.losses.filter(isLossToken).map((token) => ({ id: rowId(token), ...trainingLoss(pluginFor(token), dims) }));
  // A loss that failed its checks, or passed them but cannot train on photos (training-loss.ts).
  let customError: { error: unknown; checked: boolean } | undefined;
  if (message.custom) {
    let checked = false;
    try {
      const { plugin, summary } = await checkCustom(message.custom, chosen.provider, settings.size);
      post({ type: 'custom-check', ok: true, message: summary });
      checked = true;
      specs.push({ id: CUSTOM_ROW, ...trainingLoss(plugin, dims) });
    } catch (error) {
      // The row keeps its error and never trains; the others go on.
      customError = { error, checked };
      specs.push({ id: CUSTOM_ROW });
    }
  }
  post({ type: 'rows', rows: specs.map((s) => s.id) });
  const current = new Run(post, settings, data, specs, chosen.provider);
  run = current;
  if (customError) {
    current.fail(CUSTOM_ROW, customError.error);
    if (!customError.checked) post({ type: 'custom-check', ok: false, message: describe(customError.error) });
  }
  // Not awaited: pause, reset and export must get through while it trains.
  current.start().catch((error: unknown) => post({ type: 'status', status: 'error', message: describe(error) }));
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'start':
      return start(message);
    case 'probe':
      post({ type: 'provider', ...(await chooseProvider(message.provider)) });
      return;
    case 'check-custom': {
      try {
        const chosen = await chooseProvider('auto');
        const { summary } = await checkCustom(message.custom, chosen.provider, message.size);
        post({ type: 'custom-check', ok: true, message: summary });
      } catch (error) {
        post({ type: 'custom-check', ok: false, message: error instanceof CustomLossError ? error.message : describe(error) });
      }
      return;
    }
    case 'pause':
      return run?.pause();
    case 'resume':
      return run?.continue();
    case 'reset':
      await run?.cancel();
      run = undefined;
      post({ type: 'status', status: 'idle' });
      return;
    case 'export': {
      try {
        if (!run) throw new Error('nothing trained yet');
        const bytes = await run.exportRow(message.row);
        post({ type: 'exported', row: message.row, bytes }, [bytes.buffer]);
      } catch (error) {
        post({ type: 'export-failed', row: message.row, message: describe(error) });
      }
    }
  }
}

scope.addEventListener('message', (event) => {
  queue = queue
    .then(() => handle(event.data))
    .catch((error: unknown) => post({ type: 'status', status: 'error', message: describe(error) }));
});
