// @ts-check
// The `losskit` commands the READMEs give, run as written from the repository root (a fresh
// clone in CI): the root README's `pnpm losskit ...` and the CLI README's `npx losskit ...`. The
// root depends on the CLI and the built-in plugins, so the plugins are found by name from there.
// Each command must write the model it names: decoded, it must be that plugin's loss on those
// dims, with the gradient when asked. A file the command would overwrite is put back afterwards.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel } from '@losskit/graph';
import { ROOT, check, run } from './lib.mjs';

const started = Date.now();
const READMES = ['README.md', 'packages/cli/README.md'];

/** Whole `npx losskit export` / `pnpm losskit export` command lines (with `--out`), in code blocks or inline code. */
function losskitCommands(/** @type {string} */ markdown) {
  const blocks = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split('\n'));
  const inline = [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  return [...blocks, ...inline].map((line) => line.trim()).filter((line) => /^(npx|pnpm) losskit export \S+ .*--out /.test(line));
}

/** The value of `--flag value` in a command line (unquoted values only, as the READMEs write them). */
function flag(/** @type {string} */ command, /** @type {string} */ name) {
  return new RegExp(`--${name}[ =](\\S+)`).exec(command)?.[1];
}

const commands = READMES.flatMap((readme) => losskitCommands(readFileSync(join(ROOT, readme), 'utf8')).map((command) => ({ readme, command })));
check(
  READMES.every((readme) => commands.some((c) => c.readme === readme)),
  `the READMEs give losskit commands (${commands.map((c) => `${c.readme}: ${c.command}`).join('; ')})`,
);

for (const { readme, command } of commands) {
  const plugin = /losskit export (\S+)/.exec(command)?.[1];
  const out = flag(command, 'out');
  const dims = flag(command, 'dims');
  if (!plugin || !out || !dims) throw new Error(`e2e: ${readme}: cannot read the plugin, --out and --dims of "${command}"`);
  const file = join(ROOT, out);
  const kept = `${file}.e2e-kept`;
  if (existsSync(file)) renameSync(file, kept);
  try {
    // As a user would run it: `pnpm losskit` starts turbo, whose run summary would join CI's table.
    run('bash', ['-c', command], { cwd: ROOT, env: { TURBO_RUN_SUMMARY: undefined } });
    check(existsSync(file), `${readme}: "${command}" from the repository root writes ${out}`);
    const model = decodeModel(new Uint8Array(readFileSync(file)));
    const prediction = model.graph.inputs.find((input) => input.name === 'prediction');
    const outputs = model.graph.outputs.map((output) => output.name);
    const wanted = command.includes('--gradient') ? 'loss,gradient' : 'loss';
    check(
      model.metadata['losskit.plugin'] === plugin && prediction?.shape.join() === dims && outputs.join() === wanted,
      `and it is the ${plugin} loss on [${dims}] with outputs ${outputs.join(', ')}`,
    );
  } finally {
    rmSync(file, { force: true });
    if (existsSync(kept)) renameSync(kept, file);
  }
}
console.log(`e2e: README losskit commands passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
