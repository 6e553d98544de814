// The live training-loss chart: one line per loss, log-scale loss axis, redrawn at most once per
// animation frame however often points arrive.
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export class LossChart {
  private readonly series = new Map<string, [number, number][]>();
  private totalSteps = 1;
  private scheduled = false;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  reset(rows: readonly string[], totalSteps: number): void {
    this.series.clear();
    for (const row of rows) this.series.set(row, []);
    this.totalSteps = Math.max(1, totalSteps);
    this.schedule();
  }

  add(points: Readonly<Record<string, readonly (readonly [number, number])[]>>): void {
    for (const [row, list] of Object.entries(points)) {
      const series = this.series.get(row);
      if (series) for (const [step, loss] of list) if (loss > 0 && Number.isFinite(loss)) series.push([step, loss]);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.draw();
    });
  }

  private draw(): void {
    const { canvas } = this;
    const context = canvas.getContext('2d');
    if (!context) return;
    const width = canvas.width;
    const height = canvas.height;
    const left = 56;
    const right = 130;
    const top = 10;
    const bottom = 28;
    context.clearRect(0, 0, width, height);
    context.font = '12px system-ui, sans-serif';
    let lo = Number.POSITIVE_INFINITY;
    let hi = 0;
    for (const series of this.series.values()) {
      for (const [, loss] of series) {
        lo = Math.min(lo, loss);
        hi = Math.max(hi, loss);
      }
    }
    if (!(hi > 0)) {
      context.fillStyle = '#888';
      context.fillText('The loss of every step appears here while training runs.', left, height / 2);
      return;
    }
    const logLo = Math.floor(Math.log10(lo) * 2) / 2;
    const logHi = Math.max(logLo + 0.5, Math.ceil(Math.log10(hi) * 2) / 2);
    const x = (step: number) => left + ((width - left - right) * step) / this.totalSteps;
    const y = (loss: number) => top + ((height - top - bottom) * (logHi - Math.log10(loss))) / (logHi - logLo);
    context.strokeStyle = '#ddd';
    context.fillStyle = '#555';
    for (let e = Math.ceil(logLo); e <= logHi; e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (Math.log10(v) < logLo || Math.log10(v) > logHi) continue;
        context.beginPath();
        context.moveTo(left, y(v));
        context.lineTo(width - right, y(v));
        context.stroke();
        context.fillText(v.toPrecision(1), 4, y(v) + 4);
      }
    }
    context.fillText('step', width - right - 24, height - 8);
    context.fillText(String(this.totalSteps), width - right - 60, height - 8);
    context.fillText('0', left, height - 8);
    [...this.series.entries()].forEach(([row, series], i) => {
      const color = COLORS[i % COLORS.length]!;
      context.strokeStyle = color;
      context.fillStyle = color;
      context.lineWidth = 1.5;
      context.beginPath();
      series.forEach(([step, loss], k) => (k === 0 ? context.moveTo(x(step), y(loss)) : context.lineTo(x(step), y(loss))));
      context.stroke();
      context.fillRect(width - right + 10, top + 16 * i, 12, 3);
      context.fillText(row, width - right + 28, top + 16 * i + 5);
    });
    context.lineWidth = 1;
  }
}
