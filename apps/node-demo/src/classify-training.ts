import { crossEntropy } from '@losskit/loss-cross-entropy';
import {
  type ClassLabelledImages,
  cnnClassifier,
  confusionMatrix,
  deriveSeed,
  digits,
  mlpClassifier,
  predictedClasses,
  stratifiedSplit,
} from '@losskit/models';
import type { ProviderName } from '@losskit/runtime';
import { adamw, createTrainer } from '@losskit/train';
import type { ClassifySettings, DigitModelName } from './classify-args';

/** A model graph as the builders of @losskit/models return it. */
type Model = ReturnType<typeof mlpClassifier>;

/** Share of each digit held out: the model never trains on these, they measure it. */
export const HELD_OUT_FRACTION = 0.25;
/** The digits 0 to 9 are their own class indices. */
const CLASSES = 10;

/** The digits split for one run. */
export interface DigitSplit {
  readonly train: ClassLabelledImages;
  readonly heldOut: ClassLabelledImages;
}

/** The bundled digits, split by class from `seed`: 1,346 to train on, 451 held out. */
export function digitSplit(seed: number): DigitSplit {
  const { train, heldOut } = stratifiedSplit(digits(), { heldOutFraction: HELD_OUT_FRACTION, seed });
  return { train, heldOut };
}

/** The models of the demo: what each is, and its builder from a seed. */
export const DIGIT_MODELS: Record<DigitModelName, { readonly title: string; readonly build: (seed: number) => Model }> = {
  mlp: { title: 'MLP 64-128-10', build: (seed) => mlpClassifier({ seed }) },
  cnn: { title: 'CNN conv16-pool-conv32-pool-10', build: (seed) => cnnClassifier({ seed }) },
};

/** Losses and accuracies after one epoch, on the whole training part and the held-out part. */
export interface EpochRecord {
  readonly epoch: number;
  /** The learning rate of this epoch. */
  readonly lr: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly heldOutLoss: number;
  readonly heldOutAccuracy: number;
}

/** One trained model. */
export interface ClassifierResult {
  readonly name: DigitModelName;
  readonly title: string;
  readonly parameters: number;
  readonly provider: ProviderName;
  readonly history: readonly EpochRecord[];
  /** `confusion[t][p]`: held-out digits `t` the trained model reads as `p`. */
  readonly confusion: number[][];
  /** Training and measuring, in seconds (session creation included). */
  readonly seconds: number;
}

/** What a caller sees of the training, for progress output. */
export interface TrainingEvents {
  onStart?(name: DigitModelName, info: { title: string; parameters: number; provider: ProviderName; stepsPerEpoch: number }): void;
  onStep?(name: DigitModelName, epoch: number, step: number, loss: number): void;
  onEpoch?(name: DigitModelName, record: EpochRecord): void;
}

/** The learning rate of epoch `epoch` (1-based): a cosine from `lr` in the first epoch toward 0. */
export function cosineLearningRate(lr: number, epoch: number, epochs: number): number {
  return lr * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
}

/**
 * Trains model `name` on the training part with `crossEntropy()` and AdamW (PyTorch's default
 * decoupled weight decay, 0.01), measuring both parts after every epoch, and returns its history
 * and the held-out confusion matrix of the trained model.
 */
export async function trainDigitClassifier(
  name: DigitModelName,
  data: DigitSplit,
  settings: Pick<ClassifySettings, 'epochs' | 'batch' | 'lr' | 'provider' | 'seed'>,
  events: TrainingEvents = {},
): Promise<ClassifierResult> {
  const start = performance.now();
  const { title, build } = DIGIT_MODELS[name];
  const train = { inputs: data.train.images, targets: data.train.labels };
  const heldOut = { inputs: data.heldOut.images, targets: data.heldOut.labels };
  const trainer = await createTrainer({ model: build(settings.seed), loss: crossEntropy(), optimizer: adamw({ lr: settings.lr }), provider: settings.provider });
  try {
    events.onStart?.(name, { title, parameters: trainer.parameterCount, provider: trainer.provider, stepsPerEpoch: Math.floor(data.train.labels.dims[0] / settings.batch) });
    const history: EpochRecord[] = [];
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const lr = cosineLearningRate(settings.lr, epoch, settings.epochs);
      trainer.learningRate = lr;
      await trainer.fit(train, { epochs: 1, batchSize: settings.batch, seed: deriveSeed(settings.seed, epoch), onProgress: (p) => events.onStep?.(name, epoch, p.step, p.loss) });
      const onTrain = await trainer.evaluate(train);
      const onHeldOut = await trainer.evaluate(heldOut);
      const record = { epoch, lr, trainLoss: onTrain.loss, trainAccuracy: onTrain.accuracy!, heldOutLoss: onHeldOut.loss, heldOutAccuracy: onHeldOut.accuracy! };
      history.push(record);
      events.onEpoch?.(name, record);
    }
    const logits = await trainer.predict(heldOut.inputs);
    const confusion = confusionMatrix(data.heldOut.labels.data, predictedClasses(logits), CLASSES);
    return { name, title, parameters: trainer.parameterCount, provider: trainer.provider, history, confusion, seconds: (performance.now() - start) / 1000 };
  } finally {
    await trainer.release();
  }
}
