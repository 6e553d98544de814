#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './args';
import { measureBandwidth } from './bandwidth';
import { benchBrowser } from './browser-bench';
import { benchCrossEntropy } from './cross-entropy-bench';
import { benchDemo } from './demo-bench';
import { benchSsim } from './ssim-bench';
import type { LossName } from './js-losses';
import { type LossResult, benchLoss } from './loss-bench';
import { machineInfo } from './machine';
import { plotThroughput } from './plot';
import { type BenchResults, mergeResults, renderMarkdown } from './report';
import { initTfjs } from './tfjs';
import { benchTraining } from './train-bench';
import { benchZoo } from './zoo-bench';
import { zooMemoryChild } from './zoo-memory';

const LOSSES: readonly LossName[] = ['l1', 'mse', 'bce', 'luma'];

function log(line: string): void {
  console.log(line);
}

async function main(): Promise<void> {
  // The zoo section's memory measurement runs losskit alone in a child process of this file.
  if (process.argv[2] === '--zoo-memory-child') return zooMemoryChild(process.argv[3]!);
  const { settings, machine: machineName, outDir, merge, render } = parseBenchArgs(process.argv.slice(2));
  if (render) {
    await writeReport(JSON.parse(await readFile(render, 'utf8')) as BenchResults, outDir, true);
    return;
  }
  const machine = machineInfo(machineName);
  const started = performance.now();
  log(`losskit bench${settings.quick ? ' --quick' : ''}: provider ${settings.provider}, ${settings.threads} threads, ${machine.cpu} x${machine.cores}, load ${machine.loadAtStart}`);
  const tfjsWasm = await initTfjs();
  const bandwidth = measureBandwidth();
  log(`memory bandwidth (copy): ${(bandwidth.bytesPerSecond / 1e9).toFixed(1)} GB/s`);

  let results: BenchResults = { machine, date: new Date().toISOString(), settings, bandwidth, tfjsWasm, loss: [] as LossResult[] };
  if (settings.sections.includes('loss')) {
    for (const log2 of settings.lossSizes) {
      // Quick runs measure only l1 at the largest size (the bandwidth goal and the plot).
      for (const name of settings.quick && log2 >= 24 ? (['l1'] as const) : LOSSES) {
        log(`loss ${name} 2^${log2}`);
        (results.loss as LossResult[]).push(await benchLoss(name, log2, bandwidth, settings));
      }
    }
  }
  if (settings.sections.includes('cross-entropy')) {
    log(`cross-entropy [${settings.crossEntropyDims.join(', ')}]`);
    results.crossEntropy = await benchCrossEntropy(settings, log);
  }
  if (settings.sections.includes('ssim')) {
    log(`ssim [${settings.ssimDims.join(', ')}]`);
    results.ssim = await benchSsim(settings, log);
  }
  if (settings.sections.includes('train')) {
    log('training step');
    results.train = await benchTraining(settings, log);
  }
  if (settings.sections.includes('zoo')) {
    log(`torchvision zoo: ${settings.zooModels.join(', ')}, b${settings.zooBatches.join(' and b')}`);
    results.zoo = await benchZoo(settings, log);
  }
  if (settings.sections.includes('browser')) {
    log('training step in Chromium');
    results.browser = await benchBrowser(settings, log);
  }
  if (settings.sections.includes('demo')) {
    log('pnpm demo');
    results.demo = await benchDemo(settings);
  }
  results.totalSeconds = (performance.now() - started) / 1000;
  const seconds = results.totalSeconds;

  const existing = join(reportRoot(outDir), resultsFile(results, outDir));
  if (merge && existsSync(existing)) {
    log(`merging into ${existing}: ${settings.sections.join(', ')} replaced, the other sections kept`);
    results = mergeResults(JSON.parse(await readFile(existing, 'utf8')) as BenchResults, results);
  }
  await writeReport(results, outDir);
  // This run's own time: a merged file keeps the total of the run it came from.
  log(`this run took ${seconds.toFixed(0)} s`);
}

/** Where the results file and BENCHMARKS.md go: `outDir`, else the repository. */
function reportRoot(outDir: string | undefined): string {
  return outDir ?? fileURLToPath(new URL('../../..', import.meta.url));
}

/** The results file of a run, relative to {@link reportRoot}: `<machine>[-quick][-provider].json`. */
function resultsFile(results: BenchResults, outDir: string | undefined): string {
  const { machine, settings } = results;
  const stem = `${machine.name}${settings.quick ? '-quick' : ''}${settings.provider === 'cpu' ? '' : `-${settings.provider}`}`;
  return `${outDir ? 'results' : 'apps/bench/results'}/${stem}.json`;
}

/** Writes the results JSON (unless re-rendering it), the plot and BENCHMARKS.md. */
async function writeReport(results: BenchResults, outDir: string | undefined, rendering = false): Promise<void> {
  // Default: results under apps/bench/results, BENCHMARKS.md at the repository root.
  const root = reportRoot(outDir);
  const json = resultsFile(results, outDir);
  await mkdir(dirname(join(root, json)), { recursive: true });
  const plot = results.loss.length > 0 ? json.replace(/\.json$/, '-loss-throughput.png') : undefined;
  if (!existsSync(join(root, json)) || !rendering) await writeFile(join(root, json), `${JSON.stringify(results, null, 2)}\n`);
  if (plot) await writeFile(join(root, plot), plotThroughput(results.loss, results.bandwidth));
  const markdown = join(root, 'BENCHMARKS.md');
  const analysisFile = fileURLToPath(new URL('../analysis.md', import.meta.url));
  const analysis = existsSync(analysisFile) ? await readFile(analysisFile, 'utf8') : undefined;
  await writeFile(markdown, renderMarkdown(results, { json, plot }, analysis));
  log(`wrote ${join(root, json)} and ${markdown}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
