// The digits page's training worker: each chosen model trains in turn on the bundled handwritten
// digits with crossEntropy() and AdamW, as `pnpm demo:classify` trains them, and the page hears
// the training loss as it goes, both parts' loss and accuracy after every epoch, and the held-out
// confusion matrix at the end. A reset or a new start takes effect at the next epoch boundary.
import { crossEntropy } from '@losskit/loss-cross-entropy';
import { type ClassLabelledImages, cnnClassifier, confusionMatrix, deriveSeed, digits, mlpClassifier, predictedClasses, stratifiedSplit } from '@losskit/models';
import { adamw, createTrainer } from '@losskit/train';
import { chooseProvider } from '../worker/provider';
import { yieldToMessages } from '../worker/yield';
import type { ClassifySettings, DigitModel, FromClassifyWorker, Mistake, ToClassifyWorker } from './protocol';

const scope = self as unknown as {
  postMessage(message: FromClassifyWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToClassifyWorker>) => void): void;
};
const post = (message: FromClassifyWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** A quarter of each digit is held out, as in the node demo. */
const HELD_OUT_FRACTION = 0.25;
const CLASSES = 10;
const MAX_MISTAKES = 24;
const PROGRESS_INTERVAL_MS = 100;
const BUILDERS: Record<DigitModel, (seed: number) => ReturnType<typeof mlpClassifier>> = {
  mlp: (seed) => mlpClassifier({ seed }),
  cnn: (seed) => cnnClassifier({ seed }),
};

/** The node demo's schedule: a cosine from `lr` in the first epoch toward 0. */
const cosine = (lr: number, epoch: number, epochs: number) => lr * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));

/** Bumped by every start and reset: a run goes on only while it is the current one. */
let generation = 0;
let running: Promise<void> = Promise.resolve();

function mistakesOf(data: ClassLabelledImages, predicted: Int32Array): Mistake[] {
  const mistakes: Mistake[] = [];
  for (let i = 0; i < predicted.length && mistakes.length < MAX_MISTAKES; i++) {
    const label = data.labels.data[i]!;
    if (predicted[i] !== label) mistakes.push({ label, predicted: predicted[i]!, pixels: data.images.data.slice(i * 64, (i + 1) * 64) });
  }
  return mistakes;
}

async function trainModel(name: DigitModel, settings: ClassifySettings, provider: 'webgpu' | 'wasm', train: ClassLabelledImages, heldOut: ClassLabelledImages, current: () => boolean) {
  const trainer = await createTrainer({ model: BUILDERS[name](settings.seed), loss: crossEntropy(), optimizer: adamw({ lr: settings.lr }), provider });
  try {
    const stepsPerEpoch = Math.floor(train.labels.dims[0] / settings.batch);
    post({ type: 'model', model: name, parameters: trainer.parameterCount, stepsPerEpoch });
    const trainData = { inputs: train.images, targets: train.labels };
    const heldOutData = { inputs: heldOut.images, targets: heldOut.labels };
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      if (!current()) return;
      trainer.learningRate = cosine(settings.lr, epoch, settings.epochs);
      let points: [number, number][] = [];
      let sent = performance.now();
      const flush = () => {
        if (points.length > 0) post({ type: 'progress', model: name, epoch, points });
        points = [];
        sent = performance.now();
      };
      await trainer.fit(trainData, {
        epochs: 1,
        batchSize: settings.batch,
        seed: deriveSeed(settings.seed, epoch),
        onProgress: (p) => {
          points.push([(epoch - 1) * stepsPerEpoch + p.step, p.loss]);
          if (performance.now() - sent > PROGRESS_INTERVAL_MS) flush();
        },
      });
      flush();
      const onTrain = await trainer.evaluate(trainData);
      const onHeldOut = await trainer.evaluate(heldOutData);
      post({ type: 'epoch', model: name, record: { epoch, trainLoss: onTrain.loss, trainAccuracy: onTrain.accuracy!, heldOutLoss: onHeldOut.loss, heldOutAccuracy: onHeldOut.accuracy! } });
      await yieldToMessages();
    }
    const predicted = predictedClasses(await trainer.predict(heldOut.images));
    const mistakes = mistakesOf(heldOut, predicted);
    post({ type: 'confusion', model: name, matrix: confusionMatrix(heldOut.labels.data, predicted, CLASSES), mistakes }, mistakes.map((m) => m.pixels.buffer));
  } finally {
    await trainer.release();
  }
}

async function run(settings: ClassifySettings, current: () => boolean): Promise<void> {
  post({ type: 'status', status: 'loading' });
  const chosen = await chooseProvider(settings.provider);
  post({ type: 'provider', ...chosen });
  const { train, heldOut } = stratifiedSplit(digits(), { heldOutFraction: HELD_OUT_FRACTION, seed: settings.seed });
  post({ type: 'data', train: train.labels.dims[0], heldOut: heldOut.labels.dims[0] });
  post({ type: 'status', status: 'training' });
  for (const name of settings.models) {
    if (!current()) return;
    await trainModel(name, settings, chosen.provider, train, heldOut, current);
  }
  if (current()) post({ type: 'status', status: 'done' });
}

/** Stops the current run (at its next epoch boundary) and waits for it to release its sessions. */
async function stop(): Promise<void> {
  generation++;
  await running;
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  void stop().then(() => {
    if (message.type === 'reset') {
      post({ type: 'status', status: 'idle' });
      return;
    }
    const mine = generation;
    running = run(message.settings, () => generation === mine).catch((error: unknown) =>
      post({ type: 'status', status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  });
});
