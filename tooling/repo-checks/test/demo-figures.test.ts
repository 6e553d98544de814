// The root README's figures of the demo come from the `pnpm demo` run committed as
// docs/demo-summary.json (its summary.json, written beside the figures in docs/): the held-out
// table, the numbers the prose quotes from it and the run's time. The demo time on an idle
// machine comes from the committed bench results. Re-running `pnpm demo` and copying its outputs
// to docs/ is the only way to change them; this test then says which README figures to update.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../apps/node-demo/src/args';
import { ROOT, read } from './workspace';

interface Metrics {
  readonly psnr: number;
  readonly ssim: number;
  readonly mae: { readonly r: number; readonly g: number; readonly b: number };
  readonly lumaMae: number;
}
interface DemoSummary {
  readonly settings: Record<string, unknown>;
  readonly run: { readonly wallTimeSeconds: number; readonly cpuTimeSeconds: number; readonly loadAverageAtStart: number; readonly cpus: number };
  readonly data: { readonly trainFiles: readonly string[]; readonly heldOutFiles: readonly string[] };
  readonly losses: Readonly<Record<string, { readonly collapsed: boolean; readonly finalTrainingLoss: number; readonly heldOut: Metrics }>>;
}

const summary = JSON.parse(read('docs/demo-summary.json')) as DemoSummary;
const bench = JSON.parse(read('apps/bench/results/epyc-2core.json')) as { demo: { command: string; seconds: number; loadAtStart: number } };
const readme = read('README.md');
/** A `## ` section of the README, on one line (figures may wrap). */
const section = (title: string) => {
  const start = readme.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`README.md has no "## ${title}"`);
  return readme.slice(start, readme.indexOf('\n## ', start + 1)).replace(/\s+/g, ' ');
};
const experiment = section('The experiment');
const losses = summary.losses;
const meanColorError = (m: Metrics) => (m.mae.r + m.mae.g + m.mae.b) / 3;

describe('docs/demo-summary.json', () => {
  it('is a run of the demo with its default settings, in which no loss collapsed', () => {
    const { out: _out, ...defaults } = { ...DEFAULTS, losses: [...DEFAULTS.losses] };
    const { out: _committedOut, ...settings } = summary.settings;
    expect(settings).toEqual(JSON.parse(JSON.stringify(defaults)));
    expect(Object.values(losses).map((l) => l.collapsed)).toEqual(Object.values(losses).map(() => false));
  });

  it('sits beside the figures of the same run', () => {
    for (const figure of ['docs/reconstructions.png', 'docs/loss-curves.png']) expect(existsSync(join(ROOT, figure)), figure).toBe(true);
  });
});

describe('README "The experiment"', () => {
  it('has the held-out table of the committed run, row for row', () => {
    const lines = readme.split('\n');
    const header = lines.findIndex((l) => l.startsWith('| loss | PSNR dB | SSIM |'));
    const rows = lines.slice(header + 2).filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('|')));
    const expected = Object.entries(losses).map(([name, { heldOut: h }]) =>
      `| ${name} | ${[h.psnr.toFixed(2), h.ssim.toFixed(3), h.mae.r.toFixed(3), h.mae.g.toFixed(3), h.mae.b.toFixed(3), h.lumaMae.toFixed(3)].join(' | ')} |`,
    );
    expect(rows.map((r) => r.replace(/\*\*/g, ''))).toEqual(expected);
  });

  it('names the photos the run trained on and held out', () => {
    const names = (files: readonly string[]) => files.map((f) => f.replace(/\.\w+$/, ''));
    const train = names(summary.data.trainFiles);
    const held = names(summary.data.heldOutFiles);
    expect(experiment).toContain(`trained on ${train.slice(0, -1).join(', ')} and ${train.at(-1)}; held out: ${held.slice(0, -1).join(', ')} and ${held.at(-1)}`);
  });

  it('quotes the table correctly in its prose', () => {
    const { l1, luma, red, green, blue, bce, ssim, 'l1+ssim': l1Ssim } = losses as Record<string, DemoSummary['losses'][string]>;
    const own = [red!.heldOut.mae.r, green!.heldOut.mae.g, blue!.heldOut.mae.b];
    const ignored = [red!.heldOut.mae.g, red!.heldOut.mae.b, green!.heldOut.mae.r, green!.heldOut.mae.b, blue!.heldOut.mae.r, blue!.heldOut.mae.g];
    const range = (values: number[]) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
    for (const claim of [
      `blurred by the 1/8 code (${l1!.heldOut.psnr.toFixed(1)} dB)`,
      `luma error ${luma!.heldOut.lumaMae.toFixed(3)} against ${l1!.heldOut.lumaMae.toFixed(3)}`,
      `mean channel error ${meanColorError(luma!.heldOut).toFixed(2)} against ${meanColorError(l1!.heldOut).toFixed(2)}`,
      `error ${range(own)}, against ${range(ignored)} for the two it ignores`,
      `ranks with L1 and MSE, ${bce!.heldOut.psnr.toFixed(1)} dB`,
      `entropy, about ${bce!.finalTrainingLoss.toFixed(1)}`,
      `best held-out SSIM of the single losses (${ssim!.heldOut.ssim.toFixed(3)} against ${l1!.heldOut.ssim.toFixed(3)} for L1)`,
      `mean channel error rises to ${meanColorError(ssim!.heldOut).toFixed(2)} against ${meanColorError(l1!.heldOut).toFixed(2)}, and PSNR falls to ${ssim!.heldOut.psnr.toFixed(1)} dB`,
      `most of the way (${l1Ssim!.heldOut.psnr.toFixed(1)} dB) and keeps the structure (SSIM ${l1Ssim!.heldOut.ssim.toFixed(3)}, the best of all nine)`,
    ]) {
      expect(experiment).toContain(claim);
    }
    // "the best ... of the single losses", "the best of all nine".
    const bySsim = Object.entries(losses).sort(([, a], [, b]) => b.heldOut.ssim - a.heldOut.ssim).map(([name]) => name);
    expect(bySsim.slice(0, 2)).toEqual(['l1+ssim', 'ssim']);
    expect(Object.keys(losses)).toHaveLength(9);
  });

  it("gives the demo's time: the bench's idle measurement, and the committed run's own", () => {
    const { wallTimeSeconds, cpuTimeSeconds, loadAverageAtStart, cpus } = summary.run;
    const steps = Object.keys(losses).length * (summary.settings.steps as number);
    expect(experiment).toContain(`does ${steps.toLocaleString('en-US')} of them (${Object.keys(losses).length} losses x ${summary.settings.steps} steps)`);
    expect(experiment).toContain(`at ${bench.demo.seconds.toFixed(1)} s of wall time (\`apps/bench/results/epyc-2core.json\`, load average ${bench.demo.loadAtStart}`);
    expect(experiment).toContain(
      `took ${wallTimeSeconds.toFixed(0)} s of wall time and ${cpuTimeSeconds.toFixed(0)} s of CPU time (ONNX Runtime runs two threads) on a ${cpus}-core machine shared with other work (load average ${loadAverageAtStart.toFixed(1)} when it started)`,
    );
  });
});

it('the quick start says what the demo trains and how long it takes when idle', () => {
  const quickStart = section('Quick start');
  expect(quickStart).toContain(`it trains ${Object.keys(losses).length} models (one per loss) of ${summary.settings.steps} steps each in about ${bench.demo.seconds.toFixed(0)} s on an idle 2-core machine`);
});
