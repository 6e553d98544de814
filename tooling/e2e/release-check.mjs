// @ts-check
// The release path, offline: in a copy of the working tree, `changeset version` applies the
// pending changesets (independent versions, changelogs), then `pnpm -r publish --dry-run`
// packs every public package as it would publish it, with npm offline and the registry set to
// a closed port, so nothing can reach the network.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, check, publicPackages, run } from './lib.mjs';

const started = Date.now();
const copy = mkdtempSync(join(tmpdir(), 'losskit-release-'));
// The working tree as git sees it (tracked and new files, nothing ignored).
const files = spawnSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
for (const file of files) if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(copy, file), { recursive: true });
const packages = publicPackages();
const before = Object.fromEntries(packages.map(({ name, dir }) => [name, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version]));
for (const { name, dir } of packages) {
  const target = join(copy, relative(ROOT, dir));
  if (!existsSync(join(dir, 'dist'))) throw new Error(`e2e: ${name} is not built`);
  cpSync(join(dir, 'dist'), join(target, 'dist'), { recursive: true });
  // The workspace links (relative symlinks) are all pnpm needs to turn workspace: ranges into versions.
  if (existsSync(join(dir, 'node_modules', '@losskit'))) cpSync(join(dir, 'node_modules', '@losskit'), join(target, 'node_modules', '@losskit'), { recursive: true, verbatimSymlinks: true });
}
const pending = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
check(pending.length > 0, `${pending.length} pending changesets`);

const offline = { npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false' };
run(join(ROOT, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: copy, env: offline });
const bumped = packages.filter(({ name, dir }) => JSON.parse(readFileSync(join(copy, relative(ROOT, dir), 'package.json'), 'utf8')).version !== before[name]);
check(bumped.length === packages.length, `changeset version bumped every public package (${bumped.length}/${packages.length})`);
check(
  packages.every(({ dir }) => existsSync(join(copy, relative(ROOT, dir), 'CHANGELOG.md'))),
  'and wrote their changelogs',
);
const majors = packages.filter(({ name, dir }) => JSON.parse(readFileSync(join(copy, relative(ROOT, dir), 'package.json'), 'utf8')).version.split('.')[0] !== before[name].split('.')[0]);
check(majors.length === 0, `no package was forced to a new major (${majors.map((p) => p.name).join(', ') || 'none'})`);

const output = run('pnpm', ['-r', 'publish', '--dry-run', '--no-git-checks', '--registry', offline.npm_config_registry], { cwd: copy, env: offline });
const published = [...output.matchAll(/^\+ (\S+)@(\S+)$/gm)].map((m) => m[1]);
check(
  packages.every(({ name }) => published.includes(name)) && published.length === packages.length,
  `pnpm -r publish --dry-run packs the ${packages.length} public packages and nothing else, offline`,
);
rmSync(copy, { recursive: true, force: true });
console.log(`e2e: release check passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
