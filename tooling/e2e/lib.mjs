// @ts-check
// Helpers of the end-to-end scripts: run commands with a log line and a timing, list the
// workspace's public packages, walk an installed node_modules tree.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs a command, failing the script with its output when it fails.
 * @param {string} command @param {string[]} args @param {{ cwd: string, env?: Record<string, string | undefined>, quiet?: boolean }} options
 */
export function run(command, args, options) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    stdio: options.quiet === false ? 'inherit' : 'pipe',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`e2e: ${command} ${args.join(' ')}  (${seconds} s)`);
  if (result.status !== 0) {
    console.error(result.stdout ?? '', result.stderr ?? '');
    throw new Error(`e2e: "${command} ${args.join(' ')}" in ${options.cwd} exited with ${result.status}`);
  }
  return result.stdout ?? '';
}

/**
 * {@link run} without blocking, so that independent steps (the two scaffolded plugins' installs
 * and tests, which mostly wait on npm, ONNX Runtime and Chromium) overlap.
 * @param {string} command @param {string[]} args @param {{ cwd: string, env?: Record<string, string | undefined> }} options
 * @returns {Promise<string>} the command's standard output
 */
export function runAsync(command, args, options) {
  const started = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`e2e: ${command} ${args.join(' ')}  (${seconds} s, in ${options.cwd})`);
      if (status === 0) return resolve(stdout);
      console.error(stdout, stderr);
      reject(new Error(`e2e: "${command} ${args.join(' ')}" in ${options.cwd} exited with ${status}`));
    });
  });
}

/** @returns {{ name: string, dir: string }[]} every public workspace package */
export function publicPackages() {
  const found = [];
  for (const parent of ['packages', 'packages/plugins', 'tooling']) {
    for (const entry of readdirSync(join(ROOT, parent))) {
      const manifestPath = join(ROOT, parent, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (!manifest.private) found.push({ name: manifest.name, dir: join(ROOT, parent, entry) });
    }
  }
  return found;
}

/**
 * Every package installed under `folder/node_modules` (nested ones too), by name.
 * @param {string} folder @returns {string[]}
 */
export function installedPackages(folder) {
  /** @type {string[]} */
  const names = [];
  /** @param {string} modules */
  const walk = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const scoped = entry.startsWith('@');
      for (const name of scoped ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry]) {
        if (!existsSync(join(modules, name, 'package.json'))) continue;
        names.push(name);
        walk(join(modules, name, 'node_modules'));
      }
    }
  };
  walk(join(folder, 'node_modules'));
  return names;
}

/** @param {string} path @returns {number} bytes of a file or folder tree */
export function sizeOf(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + sizeOf(join(path, entry)), 0);
}

/** @param {boolean} condition @param {string} message */
export function check(condition, message) {
  if (!condition) throw new Error(`e2e: ${message}`);
  console.log(`e2e: ok - ${message}`);
}
