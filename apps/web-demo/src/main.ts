// The page: settings (kept in the URL), the training worker's reports drawn as they come, and
// the downloads. All ONNX Runtime work happens in the worker (src/worker/main.ts).
import './style.css';
import { CUSTOM_EXAMPLES } from './custom/examples';
import { CATALOG, CUSTOM_ROW, distances, rowId, rowLabel } from './loss-catalog';
import type { CustomLossSource, DemoSettings, FromWorker, Images, PhotoFile, RowResult, RunStatus, ToWorker } from './protocol';
import { defaultPhotos } from './photos';
import { SIZES, readSettings, writeSettings } from './settings';
import { LossChart } from './ui/chart';
import { download } from './ui/download';
import { imageStrip } from './ui/images';
import { showProvider } from './ui/provider-badge';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const initial = readSettings(location.search);
let settings: DemoSettings = initial.settings;
/** The custom loss the person accepted with Run (code from a link is not accepted until then). */
let accepted: CustomLossSource | undefined;
let photos: PhotoFile[] = [];
let status: RunStatus = 'idle';
let rows: string[] = [];
let originals: Images | undefined;
let captions: readonly string[] = [];
let description = '';
let provider = '';
const lossCurves = new Map<string, [number, number][]>();
const reconstructions = new Map<string, Images>();
let results: readonly RowResult[] = [];
const chart = new LossChart($<HTMLCanvasElement>('chart'));

const worker = new Worker(new URL('./worker/main.ts', import.meta.url), { type: 'module', name: 'losskit-training' });
// A worker has no origin to name: postMessage's second argument is the transfer list.
// oxlint-disable-next-line unicorn/require-post-message-target-origin
const send = (message: ToWorker) => worker.postMessage(message);

// ---- settings form ----------------------------------------------------------------------

function buildLossChoices(): void {
  const container = $('loss-choices');
  const chosen = new Map(settings.losses.map((token) => [token.split(':')[0]!, token.split(':')[1]]));
  const [fallback, ...others] = distances();
  for (const entry of CATALOG) {
    const wrapper = document.createElement('span');
    wrapper.className = 'loss-choice';
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = entry.token;
    box.checked = chosen.has(entry.token);
    box.dataset.testid = `choose-${rowId(entry.token)}`;
    label.append(box, ` ${entry.label ?? entry.token}`);
    wrapper.append(label);
    if (entry.kind === 'view') {
      // A view's distance: the first one (left out of the token) or another.
      const select = document.createElement('select');
      select.dataset.testid = `distance-${rowId(entry.token)}`;
      select.title = `the distance ${entry.token} compares with`;
      const current = chosen.get(entry.token) ?? fallback!.token;
      for (const d of [fallback!, ...others]) select.add(new Option(`with ${d.label ?? d.token}`, d.token, false, current === d.token));
      wrapper.append(select);
    }
    container.append(wrapper);
  }
}

function readForm(): DemoSettings {
  const losses: string[] = [];
  for (const wrapper of $('loss-choices').children) {
    const box = wrapper.querySelector('input')!;
    if (!box.checked) continue;
    const distance = wrapper.querySelector('select')?.value;
    losses.push(distance && distance !== distances()[0]!.token ? `${box.value}:${distance}` : box.value);
  }
  const number = (id: string) => Number(($(id) as HTMLInputElement).value);
  // Round-trip through the URL parser: one place decides what is valid.
  const candidate = new URLSearchParams({
    losses: losses.join(','),
    size: $<HTMLSelectElement>('size').value,
    data: $<HTMLSelectElement>('data').value,
    images: String(number('images')),
    steps: String(number('steps')),
    batch: String(number('batch')),
    lr: String(number('lr')),
    seed: String(settings.seed),
    provider: $<HTMLSelectElement>('provider-choice').value,
  });
  return readSettings(`?${candidate}`).settings;
}

function writeForm(): void {
  const size = $<HTMLSelectElement>('size');
  for (const s of SIZES) size.add(new Option(`${s} × ${s}`, String(s), false, s === settings.size));
  $<HTMLSelectElement>('data').value = settings.data;
  $<HTMLInputElement>('images').value = String(settings.images);
  $<HTMLInputElement>('steps').value = String(settings.steps);
  $<HTMLInputElement>('batch').value = String(settings.batch);
  $<HTMLInputElement>('lr').value = String(settings.lr);
  $<HTMLSelectElement>('provider-choice').value = settings.provider;
}

function customSource(): CustomLossSource {
  return { code: $<HTMLTextAreaElement>('custom-code').value, reference: $<HTMLTextAreaElement>('custom-reference').value };
}

function updateUrl(): void {
  settings = readForm();
  const source = customSource();
  history.replaceState(null, '', `${location.pathname}${writeSettings(settings, source.code.trim() ? source : undefined)}`);
}

// ---- the custom loss editor -------------------------------------------------------------

function setupEditor(): void {
  const examples = $<HTMLSelectElement>('custom-example');
  examples.add(new Option('(choose an example)', ''));
  for (const example of CUSTOM_EXAMPLES) examples.add(new Option(example.title, example.id));
  examples.addEventListener('change', () => {
    const example = CUSTOM_EXAMPLES.find((e) => e.id === examples.value);
    if (!example) return;
    $<HTMLTextAreaElement>('custom-code').value = example.code;
    $<HTMLTextAreaElement>('custom-reference').value = example.reference;
    $('custom-link-notice').hidden = true;
    updateUrl();
  });
  if (initial.custom) {
    // Code from a link is shown, never run, until the person presses Run.
    $<HTMLTextAreaElement>('custom-code').value = initial.custom.code;
    $<HTMLTextAreaElement>('custom-reference').value = initial.custom.reference;
    $('custom-link-notice').hidden = false;
  }
  for (const id of ['custom-code', 'custom-reference']) $(id).addEventListener('input', updateUrl);
  $('custom-run').addEventListener('click', () => {
    accepted = customSource();
    $('custom-link-notice').hidden = true;
    $('custom-check').textContent = 'checking…';
    send({ type: 'check-custom', custom: accepted, size: settings.size });
  });
  $('custom-remove').addEventListener('click', () => {
    accepted = undefined;
    $('custom-check').textContent = 'Your loss is not in the next run.';
  });
}

// ---- photos -----------------------------------------------------------------------------

async function usePhotos(files: readonly File[]): Promise<void> {
  const images = files.filter((f) => /\.(png|jpe?g)$/i.test(f.name) || /^image\/(png|jpeg)$/.test(f.type));
  photos = await Promise.all(images.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
  $('photos-chosen').textContent = photos.length
    ? `${photos.length} photo${photos.length > 1 ? 's' : ''} chosen: ${photos.map((p) => p.name).join(', ')}. Press Start to train on them.`
    : 'No PNG or JPEG among those files: the default data.';
}

function setupPhotos(): void {
  const drop = $('drop');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    void usePhotos([...(event.dataTransfer?.files ?? [])]);
  });
  $<HTMLInputElement>('photos').addEventListener('change', (event) => void usePhotos([...((event.target as HTMLInputElement).files ?? [])]));
  $('clear-photos').addEventListener('click', () => {
    photos = [];
    $('photos-chosen').textContent = 'No photos chosen: the default data.';
  });
}

// ---- rows, results and downloads --------------------------------------------------------

/** The label of row `id`: its loss as the settings name it (`l1+ssim`, `green:mse`), or `custom`. */
function rowName(id: string): string {
  return rowLabel(id === CUSTOM_ROW ? id : settings.losses.find((t) => rowId(t) === id) ?? id);
}

function buildRows(ids: readonly string[]): void {
  rows = [...ids];
  const container = $('rows');
  container.replaceChildren();
  const originalsLabel = Object.assign(document.createElement('div'), { className: 'row-label', textContent: 'originals' });
  const originalsImages = Object.assign(document.createElement('div'), { className: 'images', id: 'originals' });
  container.append(originalsLabel, document.createElement('div'), originalsImages, document.createElement('div'));
  if (originals) imageStrip(originalsImages, originals, 'original', captions);
  for (const id of ids) {
    const label = Object.assign(document.createElement('div'), { className: 'row-label', textContent: rowName(id) });
    // The held-out PSNR, as the node demo's figure labels its rows, once the run is measured
    // (or COLLAPSED, as there, for a row that is no result).
    const psnr = Object.assign(document.createElement('span'), { className: 'psnr', id: `psnr-${id}` });
    psnr.dataset.testid = `psnr-${id}`;
    label.append(psnr);
    const loss = Object.assign(document.createElement('div'), { className: 'row-loss', id: `loss-${id}`, textContent: '–' });
    loss.dataset.testid = `loss-${id}`;
    const images = Object.assign(document.createElement('div'), { className: 'images', id: `images-${id}` });
    images.dataset.testid = `reconstructions-${id}`;
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: '.onnx', disabled: true, id: `download-${id}` });
    button.dataset.testid = `download-${id}`;
    button.title = 'Download this trained model as a plain inference .onnx file';
    button.addEventListener('click', () => send({ type: 'export', row: id }));
    const error = Object.assign(document.createElement('div'), { className: 'row-error', id: `error-${id}` });
    error.dataset.testid = `error-${id}`;
    error.hidden = true;
    container.append(label, loss, images, button, error);
  }
}

function showResults(list: readonly RowResult[]): void {
  results = list;
  const table = $<HTMLTableElement>('metrics');
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const title of ['loss', 'final training loss', 'PSNR dB', 'MAE r', 'MAE g', 'MAE b', 'MAE luma', 'status']) head.append(Object.assign(document.createElement('th'), { textContent: title }));
  const body = table.createTBody();
  for (const r of list) {
    const label = document.getElementById(`psnr-${r.row}`);
    if (label) {
      label.textContent = r.collapsed ? 'COLLAPSED' : `${r.heldOut.psnr.toFixed(1)} dB`;
      label.classList.toggle('collapsed', r.collapsed);
    }
    const row = body.insertRow();
    row.dataset.testid = `metrics-${r.row}`;
    const m = r.heldOut;
    for (const text of [r.row, r.finalTrainingLoss.toPrecision(4), m.psnr.toFixed(2), m.mae.r.toFixed(3), m.mae.g.toFixed(3), m.mae.b.toFixed(3), m.lumaMae.toFixed(3), r.collapsed ? 'COLLAPSED' : 'ok']) {
      row.insertCell().textContent = text;
    }
  }
  showCollapseNotice(list.filter((r) => r.collapsed).map((r) => rowName(r.row)));
  $<HTMLButtonElement>('download-results').disabled = false;
}

/** The node demo's words for collapsed rows, or nothing when none collapsed. */
function showCollapseNotice(collapsed: readonly string[]): void {
  const notice = $('collapse-notice');
  notice.hidden = collapsed.length === 0;
  notice.textContent =
    collapsed.length === 0
      ? ''
      : `Training collapsed for ${collapsed.join(', ')}: the loss stayed near its start or the output ignores the input; ` +
        'those rows are not results. Try more steps, another seed or a lower learning rate.';
}

function resultsJson(): string {
  return JSON.stringify(
    {
      tool: 'losskit web demo',
      settings,
      custom: accepted,
      provider,
      data: description,
      heldOut: originals && { dims: originals.dims, data: Array.from(originals.data) },
      rows: rows.map((row) => ({
        row,
        ...results.find((r) => r.row === row),
        lossCurve: lossCurves.get(row) ?? [],
        reconstruction: reconstructions.has(row) ? { dims: reconstructions.get(row)!.dims, data: Array.from(reconstructions.get(row)!.data) } : undefined,
      })),
    },
    null,
    1,
  );
}

// ---- worker reports ---------------------------------------------------------------------

function setStatus(next: RunStatus, detail?: string): void {
  status = next;
  $('status').textContent = next;
  $('status').title = detail ?? '';
  if (detail && next === 'error') $('provider-reason').textContent = detail;
  const pause = $<HTMLButtonElement>('pause');
  pause.disabled = next !== 'training' && next !== 'paused';
  pause.textContent = next === 'paused' ? 'Resume' : 'Pause';
  for (const id of rows) {
    const button = document.getElementById(`download-${id}`) as HTMLButtonElement | null;
    if (button) button.disabled = !(next === 'done' || next === 'paused') || !document.getElementById(`error-${id}`)?.hidden;
  }
}

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'status':
      return setStatus(message.status, message.message);
    case 'provider': {
      provider = message.provider;
      showProvider(message);
      return;
    }
    case 'data':
      originals = message.originals;
      captions = message.captions;
      description = message.description;
      $('data-description').textContent = message.description;
      return;
    case 'rows':
      lossCurves.clear();
      reconstructions.clear();
      for (const row of message.rows) lossCurves.set(row, []);
      buildRows(message.rows);
      chart.reset(message.rows, settings.steps);
      return;
    case 'row-error': {
      const element = document.getElementById(`error-${message.row}`);
      if (element) {
        element.textContent = message.message;
        element.hidden = false;
      }
      return;
    }
    case 'progress': {
      $('step').textContent = String(message.step);
      $('total-steps').textContent = String(message.totalSteps);
      $('steps-per-second').textContent = message.stepsPerSecond.toFixed(2);
      for (const [row, points] of Object.entries(message.points)) {
        lossCurves.get(row)?.push(...points.map(([s, l]) => [s, l] as [number, number]));
        const last = points.at(-1);
        const element = document.getElementById(`loss-${row}`);
        if (last && element) element.textContent = last[1].toPrecision(4);
      }
      chart.add(message.points);
      return;
    }
    case 'reconstructions':
      for (const [row, images] of Object.entries(message.images)) {
        reconstructions.set(row, images);
        const container = document.getElementById(`images-${row}`);
        if (container) imageStrip(container, images, `reconstruction-${row}`);
      }
      return;
    case 'results':
      return showResults(message.results);
    case 'custom-check':
      $('custom-check').textContent = message.ok ? `✓ ${message.message}` : `✗ ${message.message}`;
      $('custom-check').dataset.ok = String(message.ok);
      return;
    case 'exported':
      return download(`losskit-${message.row}.onnx`, message.bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
    case 'export-failed':
      $('provider-reason').textContent = `export of ${message.row} failed: ${message.message}`;
  }
});
worker.addEventListener('error', (event) => setStatus('error', event.message));

// ---- buttons ----------------------------------------------------------------------------

async function start(): Promise<void> {
  updateUrl();
  // Own photos first; else the settings' default data.
  const data = photos.length > 0 ? photos : settings.data === 'photos' ? await defaultPhotos() : [];
  results = [];
  $('metrics').replaceChildren();
  showCollapseNotice([]);
  $<HTMLButtonElement>('download-results').disabled = true;
  $('step').textContent = '0';
  $('total-steps').textContent = String(settings.steps);
  send({ type: 'start', settings, photos: data, ...(accepted ? { custom: accepted } : {}) });
}

buildLossChoices();
writeForm();
setupEditor();
setupPhotos();
$('controls').addEventListener('change', updateUrl);
$('start').addEventListener('click', () => void start());
$('pause').addEventListener('click', () => send({ type: status === 'paused' ? 'resume' : 'pause' }));
$('reset').addEventListener('click', () => {
  send({ type: 'reset' });
  rows = [];
  $('rows').replaceChildren();
  $('metrics').replaceChildren();
  showCollapseNotice([]);
  chart.reset([], settings.steps);
  $('step').textContent = '0';
});
$('download-results').addEventListener('click', () => download('losskit-results.json', resultsJson(), 'application/json'));
$('copy-link').addEventListener('click', () => void navigator.clipboard?.writeText(location.href));
// The badge says which provider will train before anything starts.
send({ type: 'probe', provider: settings.provider });
// Tests and people can start a run from the URL: ?autostart=1.
if (new URLSearchParams(location.search).get('autostart') === '1') void start();
