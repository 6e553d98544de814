import { CLASSIFY_USAGE, parseClassifyArguments } from './classify-args';
import { classifyTable, writeClassifyOutputs } from './classify-outputs';
import { type ClassifierResult, digitSplit, trainDigitClassifier } from './classify-training';
import { type ProgressBar, progressBar } from './progress';

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * `pnpm demo:classify`: a 10-class MLP and a small CNN trained on the bundled handwritten digits
 * with crossEntropy() and AdamW; loss and accuracy per epoch, curves and confusion matrices.
 */
export async function runClassifierDemo(argv: string[]): Promise<number> {
  const settings = parseClassifyArguments(argv);
  if (!settings) {
    console.log(CLASSIFY_USAGE);
    return 0;
  }
  const data = digitSplit(settings.seed);
  console.log(
    `Handwritten digits (8x8, UCI, CC BY 4.0): ${data.train.labels.dims[0]} to train on, ${data.heldOut.labels.dims[0]} held out (a quarter of each digit).\n` +
      `crossEntropy(), adamw({ lr: ${settings.lr} }) with a cosine decay, ${settings.epochs} epochs of batches of ${settings.batch}.\n`,
  );
  const results: ClassifierResult[] = [];
  for (const name of settings.models) {
    let bar: ProgressBar | undefined;
    let steps = 0;
    results.push(
      await trainDigitClassifier(name, data, settings, {
        onStart: (_, info) => {
          steps = info.stepsPerEpoch;
          console.log(`${info.title} (${info.parameters.toLocaleString('en-US')} parameters) on ${info.provider}:`);
        },
        onStep: (model, epoch, step, loss) => {
          if (step === 1) bar = progressBar(`${model} ${epoch}/${settings.epochs}`, steps);
          bar?.update(step, `loss ${loss.toFixed(4)}`);
        },
        onEpoch: (_, r) =>
          bar?.finish(`train loss ${r.trainLoss.toFixed(4)} acc ${percent(r.trainAccuracy)}, held-out loss ${r.heldOutLoss.toFixed(4)} acc ${percent(r.heldOutAccuracy)}`),
      }),
    );
    console.log('');
  }
  const files = await writeClassifyOutputs(settings.out, settings, data, results);
  console.log(`Held-out results:\n\n${classifyTable(results)}\n\nWrote ${files.join(', ')}`);
  return 0;
}
