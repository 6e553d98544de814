// The digits page: settings (kept in the URL), the worker's reports drawn as they come. All ONNX
// Runtime work happens in the worker (worker.ts).
import '../style.css';
import type { ProviderChoice } from '../protocol';
import { LossChart } from '../ui/chart';
import { drawImage } from '../ui/images';
import { showProvider } from '../ui/provider-badge';
import { confusionTable } from './confusion-table';
import { type ClassifySettings, type ClassifyStatus, DIGIT_MODELS, type EpochRecord, type FromClassifyWorker, type Mistake, type ToClassifyWorker } from './protocol';
import { readClassifySettings, writeClassifySettings } from './settings';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

let settings: ClassifySettings = readClassifySettings(location.search);
const chart = new LossChart($<HTMLCanvasElement>('chart'));
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'losskit-digits' });
// A worker has no origin to name: postMessage's second argument is the transfer list.
// oxlint-disable-next-line unicorn/require-post-message-target-origin
const send = (message: ToClassifyWorker) => worker.postMessage(message);
let stepsPerEpoch = 0;

function writeForm(): void {
  for (const model of DIGIT_MODELS) $<HTMLInputElement>(`choose-${model}`).checked = settings.models.includes(model);
  $<HTMLInputElement>('epochs').value = String(settings.epochs);
  $<HTMLInputElement>('batch').value = String(settings.batch);
  $<HTMLInputElement>('lr').value = String(settings.lr);
  $<HTMLInputElement>('seed').value = String(settings.seed);
  $<HTMLSelectElement>('provider-choice').value = settings.provider;
}

function readForm(): ClassifySettings {
  // Round-trip through the URL parser: one place decides what is valid.
  const value = (id: string) => $<HTMLInputElement>(id).value;
  const q = new URLSearchParams({
    models: DIGIT_MODELS.filter((m) => $<HTMLInputElement>(`choose-${m}`).checked).join(','),
    epochs: value('epochs'),
    batch: value('batch'),
    lr: value('lr'),
    seed: value('seed'),
    provider: $<HTMLSelectElement>('provider-choice').value as ProviderChoice,
  });
  return readClassifySettings(`?${q}`);
}

function setStatus(status: ClassifyStatus, detail?: string): void {
  $('status').textContent = status;
  $('status').title = detail ?? '';
  if (detail && status === 'error') $('provider-reason').textContent = detail;
  $<HTMLButtonElement>('start').disabled = status === 'loading' || status === 'training';
}

function addEpoch(model: string, r: EpochRecord): void {
  const row = $<HTMLTableElement>('epoch-table').tBodies[0]!.insertRow();
  row.dataset.testid = `epoch-${model}-${r.epoch}`;
  for (const text of [model, String(r.epoch), r.trainLoss.toFixed(4), percent(r.trainAccuracy), r.heldOutLoss.toFixed(4), percent(r.heldOutAccuracy)]) row.insertCell().textContent = text;
  $('progress').textContent = `${model}: epoch ${r.epoch}/${settings.epochs}, held-out accuracy ${percent(r.heldOutAccuracy)}`;
}

function showConfusion(model: string, matrix: number[][], mistakes: readonly Mistake[]): void {
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  const right = matrix.reduce((sum, row, t) => sum + row[t]!, 0);
  const section = document.createElement('section');
  section.className = 'model-result';
  const heading = Object.assign(document.createElement('h2'), { textContent: `${model.toUpperCase()}: held-out accuracy ` });
  const accuracy = Object.assign(document.createElement('span'), { textContent: `${percent(right / total)} (${right}/${total})` });
  accuracy.dataset.testid = `accuracy-${model}`;
  heading.append(accuracy);
  const strip = Object.assign(document.createElement('div'), { className: 'mistakes' });
  strip.dataset.testid = `mistakes-${model}`;
  for (const m of mistakes) {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    drawImage(canvas, { data: m.pixels, dims: [1, 1, 8, 8] }, 0);
    figure.append(canvas, Object.assign(document.createElement('figcaption'), { textContent: `${m.label} → ${m.predicted}` }));
    strip.append(figure);
  }
  const caption = Object.assign(document.createElement('p'), {
    className: 'note',
    textContent: mistakes.length === 0 ? 'No held-out digit wrong.' : `Held-out digits it got wrong (true → predicted)${mistakes.length < total - right ? `, the first ${mistakes.length}` : ''}:`,
  });
  section.append(heading, confusionTable(matrix, `confusion-${model}`), caption, strip);
  $('models').append(section);
}

function clearResults(): void {
  $<HTMLTableElement>('epoch-table').tBodies[0]!.replaceChildren();
  $('models').replaceChildren();
  $('progress').textContent = '';
}

worker.addEventListener('message', (event: MessageEvent<FromClassifyWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'status':
      return setStatus(message.status, message.message);
    case 'provider':
      return showProvider(message);
    case 'data':
      $('data-description').textContent = `${message.train} digits to train on, ${message.heldOut} held out (a quarter of each digit).`;
      stepsPerEpoch = Math.floor(message.train / settings.batch);
      chart.reset(settings.models, settings.epochs * stepsPerEpoch);
      return;
    case 'model':
      $('progress').textContent = `${message.model}: ${message.parameters.toLocaleString('en-US')} parameters`;
      return;
    case 'progress':
      chart.add({ [message.model]: message.points });
      return;
    case 'epoch':
      return addEpoch(message.model, message.record);
    case 'confusion':
      return showConfusion(message.model, message.matrix, message.mistakes);
  }
});
worker.addEventListener('error', (event) => setStatus('error', event.message));

function start(): void {
  settings = readForm();
  writeForm();
  history.replaceState(null, '', `${location.pathname}${writeClassifySettings(settings)}`);
  clearResults();
  send({ type: 'start', settings });
}

writeForm();
$('start').addEventListener('click', start);
$('reset').addEventListener('click', () => {
  clearResults();
  send({ type: 'reset' });
});
if (new URLSearchParams(location.search).has('autostart')) start();
