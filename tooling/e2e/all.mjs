// @ts-check
// Runs the end-to-end scripts: plugin-e2e.mjs beside release-check.mjs then readme-cli.mjs. They
// share nothing but the built workspace and mostly wait (on npm, ONNX Runtime, Chromium), so
// running them side by side shortens the e2e task by the length of the shorter chain. Each output
// line is prefixed with its script's name; the exit code is 1 when any script failed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHAINS = [['plugin-e2e.mjs'], ['release-check.mjs', 'readme-cli.mjs']];
const here = fileURLToPath(new URL('.', import.meta.url));

/** @param {string} script @returns {Promise<number>} its exit code */
function runScript(script) {
  const child = spawn(process.execPath, [script], { cwd: here, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${script.replace(/\.mjs$/, '')}] `;
  for (const [stream, out] of /** @type {const} */ ([
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ])) {
    let pending = '';
    stream.setEncoding('utf8').on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix}${line}\n`);
    });
    stream.on('end', () => pending && out.write(`${prefix}${pending}\n`));
  }
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const results = await Promise.all(
  CHAINS.map(async (chain) => {
    for (const script of chain) {
      const code = await runScript(script);
      if (code !== 0) return `${script} exited with ${code}`;
    }
    return undefined;
  }),
);
const failures = results.filter((failure) => failure !== undefined);
for (const failure of failures) console.error(`e2e: ${failure}`);
process.exitCode = failures.length > 0 ? 1 : 0;
