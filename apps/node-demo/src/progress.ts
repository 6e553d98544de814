/** A progress bar on a TTY (redrawn in place); plain periodic lines elsewhere (CI logs). */
export interface ProgressBar {
  update(done: number, detail: string): void;
  finish(detail: string): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const width = 28;
  const start = performance.now();
  let lastLine = -1;
  const line = (done: number, detail: string) => {
    const filled = Math.round((done / total) * width);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    return `${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${seconds}s ${detail}`;
  };
  return {
    update(done, detail) {
      if (stream.isTTY) {
        stream.write(`\r${line(done, detail)}\u001b[K`);
        return;
      }
      // Without a terminal, print at each quarter so logs stay short.
      const quarter = Math.floor((done / total) * 4);
      if (quarter > lastLine) {
        lastLine = quarter;
        stream.write(`${line(done, detail)}\n`);
      }
    },
    finish(detail) {
      stream.write(stream.isTTY ? `\r${line(total, detail)}\u001b[K\n` : `${line(total, detail)}\n`);
    },
  };
}
