// @ts-check
// The packaging checks of public packages, in one process: pack them all with one `pnpm pack`
// (workspace: and catalog: ranges become versions, as on publish), then check each tarball with
// publint (strict: its warnings fail too, as `publint --strict`) and "are the types wrong" (the
// problems `attw --profile esm-only` fails on) through their JavaScript APIs.
// check-packages.js runs them on the workspace, check-package.js on one package.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { problemKindInfo } from '@arethetypeswrong/core/problems';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { ROOT, packageAt, workspacePackages } from './workspace.js';

/**
 * The resolution kinds `attw --profile esm-only` ignores (node10 and node16 from CommonJS: an
 * ESM-only package does not resolve there), read from the CLI's own profiles, which its package
 * does not export.
 * @type {string[]}
 */
const ESM_ONLY_IGNORED = await (async () => {
  const cli = dirname(createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json'));
  const { profiles } = await import(pathToFileURL(join(cli, 'dist', 'profiles.js')).href);
  return profiles['esm-only'].ignoreResolutions;
})();

/**
 * Packs the packages in `dirs` into `destination`: the workspace's with one `pnpm -r pack`, any
 * other folder with its own `pnpm pack`.
 * @param {string[]} dirs absolute package folders
 * @param {string} destination
 * @returns {Map<string, string>} each tarball's path, by package name
 */
function pack(dirs, destination) {
  const members = new Map(workspacePackages().map(({ dir, manifest }) => [dir, manifest.name]));
  const inside = dirs.filter((dir) => members.has(dir));
  const runs = [
    ...(inside.length > 0 ? [{ cwd: ROOT, args: ['-r', ...inside.flatMap((dir) => ['--filter', members.get(dir) ?? dir]), 'pack'] }] : []),
    ...dirs.filter((dir) => !members.has(dir)).map((dir) => ({ cwd: dir, args: ['pack'] })),
  ];
  /** @type {Map<string, string>} */
  const tarballs = new Map();
  for (const { cwd, args } of runs) {
    const command = ['pnpm', ...args, '--pack-destination', destination, '--json'];
    const result = spawnSync(command[0] ?? 'pnpm', command.slice(1), { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`\`${command.join(' ')}\` in ${cwd} failed:\n${result.stdout}${result.stderr}`);
    // One package: an object; several (-r): an array.
    for (const { name, filename } of [JSON.parse(result.stdout)].flat()) tarballs.set(name, filename);
  }
  return tarballs;
}

/**
 * Whether a publint message fails, as in publint's exit code: its errors, which under `strict`
 * include its warnings.
 * @param {import('publint').Message} message
 */
const failing = (message) => message.type === 'error';

/**
 * The problems of a packed package, in words, each prefixed with the tool that found it.
 * @param {Buffer} tarball
 * @returns {Promise<{ problems: string[], notes: string[] }>} `problems` fail the check; the
 *   notes (publint's suggestions, a package without types) do not, nor do they fail the CLIs
 */
async function checkTarball(tarball) {
  const bytes = new Uint8Array(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer }, strict: true });
  // Colours only on a terminal: publint's default follows the environment, and CI=true turns
  // them on in logs (and in the output a test reads).
  const color = process.stdout.isTTY === true;
  const words = (/** @type {import('publint').Message} */ message) => `publint: ${formatMessage(message, pkg, { color }) ?? message.code}`;
  const analysis = await checkPackage(createPackageFromTarballData(bytes));
  // As attw's exit code: every problem counts except those of an ignored resolution kind; a
  // package without types is not checked.
  const typeProblems = analysis.types
    ? analysis.problems.filter((problem) => !('resolutionKind' in problem && ESM_ONLY_IGNORED.includes(problem.resolutionKind)))
    : [];
  return {
    problems: [
      ...messages.filter(failing).map(words),
      ...typeProblems.map((problem) => {
        const info = problemKindInfo[problem.kind];
        const where =
          'entrypoint' in problem
            ? `"${problem.entrypoint}" under ${problem.resolutionKind} resolution`
            : 'typesFileName' in problem
              ? `${problem.typesFileName} with ${problem.implementationFileName}`
              : problem.fileName;
        return `attw: ${info.title}: ${where}. ${info.description} ${info.docsUrl}`;
      }),
    ],
    notes: [
      ...messages.filter((message) => !failing(message)).map((message) => `(${message.type}) ${words(message)}`),
      ...(analysis.types ? [] : ['(note) attw: the package has no types, so there is nothing to check']),
    ],
  };
}

/** @param {number} n @param {string} noun */
const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
/** @param {number} ms */
const seconds = (ms) => (ms / 1000).toFixed(1);

/**
 * Packs and checks the packages in `dirs` (private ones are skipped), printing one line per
 * package (`ok`, or its problems below it) and a summary; sets the exit code to 1 when a package
 * has a problem or a step fails.
 * @param {string[]} dirs package folders
 */
export async function checkPackages(dirs) {
  const started = Date.now();
  const packages = dirs.map(packageAt).filter(({ manifest }) => {
    if (manifest.private) console.log(`${manifest.name}: private, nothing to check`);
    return !manifest.private;
  });
  const folder = mkdtempSync(join(tmpdir(), 'losskit-check-packages-'));
  let failed = 0;
  try {
    const tarballs = pack(packages.map(({ dir }) => dir), folder);
    const packed = Date.now();
    for (const { manifest } of packages) {
      const tarball = tarballs.get(manifest.name);
      if (!tarball) throw new Error(`${manifest.name}: pnpm pack wrote no tarball to ${folder}`);
      const { problems, notes } = await checkTarball(readFileSync(tarball));
      if (problems.length > 0) failed += 1;
      console.log(`${manifest.name}: ${problems.length > 0 ? count(problems.length, 'problem') : 'ok'}`);
      for (const line of [...problems, ...notes]) console.log(`  ${line}`);
    }
    console.log(
      `Checked ${count(packages.length, 'package')} in ${seconds(Date.now() - started)} s (packing ${seconds(packed - started)} s)${failed ? `: ${failed} with problems` : ''}.`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    failed += 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  process.exitCode = failed > 0 ? 1 : 0;
}
