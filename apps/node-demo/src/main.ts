#!/usr/bin/env node
/**
 * The seed experiment from the command line: `pnpm demo [--losses l1,luma,red] [--steps 300] ...`,
 * or `pnpm demo:classify` for the handwritten-digit classifiers.
 */
import { cpus, loadavg } from 'node:os';
import { InvalidOptionError, LossKitError } from '@losskit/core';
import { USAGE, parseDemoArguments } from './args';
import { runClassifierDemo } from './classify';
import { demoImages, describeData } from './data';
import { runExperiment } from './experiment';
import { lossByName } from './losses';
import { dataSummary, resultsTable, writeOutputs } from './outputs';
import { progressBar, type ProgressBar } from './progress';
import { loadUserModel } from './user-model';

async function autoencoderDemo(argv: string[]): Promise<number> {
  const loadAverageAtStart = loadavg()[0]!;
  let settings = parseDemoArguments(argv);
  if (!settings) {
    console.log(USAGE);
    return 0;
  }
  const user = settings.model === undefined ? undefined : loadUserModel(settings.model);
  if (user?.size !== undefined && user.size !== settings.size) {
    const sizeGiven = argv.some((a) => a === '--size' || a.startsWith('--size='));
    if (sizeGiven) throw new InvalidOptionError('--size', `the model's image size ${user.size}`, String(settings.size));
    settings = { ...settings, size: user.size };
  }
  const losses = await Promise.all(settings.losses.map(async (name) => ({ name, plugin: await lossByName(name) })));
  const data = await demoImages(settings);
  const what = user ? `${settings.model} (fine-tuned from its own weights)` : 'conv autoencoder';
  console.log(
    `Training a ${settings.size}x${settings.size} ${what} with ${losses.length} losses: ${settings.steps} steps of ${settings.batch} images each, provider ${settings.provider}.\n` +
      `${describeData(data)}\n`,
  );
  let bar: ProgressBar | undefined;
  const results = await runExperiment(losses, data, { ...settings, ...(user ? { modelBytes: user.bytes } : {}) }, {
    onStart: (loss) => {
      bar = progressBar(loss.name, settings.steps);
    },
    onStep: (_, step, total, value) => {
      if (step % 5 === 0 || step === total) bar?.update(step, `loss ${value.toFixed(4)}`);
    },
    onDone: (result) => bar?.finish(`loss ${result.finalTrainingLoss.toFixed(4)} on ${result.provider}, PSNR ${result.heldOut.psnr.toFixed(2)} dB`),
  });
  const cpu = process.cpuUsage();
  const run = {
    // performance.now() counts from the process's start, so module loading is included.
    wallTimeSeconds: performance.now() / 1000,
    cpuTimeSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverageAtStart,
    cpus: cpus().length,
    node: process.version,
  };
  const files = await writeOutputs(settings.out, settings, results, data.heldOut, dataSummary(data), run);
  console.log(`\nHeld-out results (PSNR over RGB; mean SSIM per channel, 11x11 window; mean absolute error per channel, of luma):\n\n${resultsTable(results)}\n`);
  const collapsed = results.filter((r) => r.collapsed).map((r) => r.name);
  if (collapsed.length > 0) {
    console.log(`Training collapsed for ${collapsed.join(', ')}: the loss stayed near its start or the output ignores the input; those rows are not results. Try more --steps, another --seed or a lower --lr.\n`);
  }
  console.log(`Wrote ${files.join(', ')}\nThe whole run took ${run.wallTimeSeconds.toFixed(1)} s of wall time.`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  try {
    return argv[0] === 'classify' ? await runClassifierDemo(argv.slice(1)) : await autoencoderDemo(argv);
  } catch (error) {
    if (error instanceof LossKitError) {
      console.error(`\n${error.name}: ${error.message}\n\nRun with --help for the options.`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
