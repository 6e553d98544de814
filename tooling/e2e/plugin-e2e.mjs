// @ts-check
// End to end, outside the workspace, with plain npm and only the npm registry:
//  1. pack every public package (pnpm pack, after the build);
//  2. scaffold a plugin with create-losskit-plugin from its tarball, install it and the losskit
//     tarballs with npm, run its own tests (every provider this machine has), build and pack it;
//  3. the same for the view template;
//  4. install only @losskit/loss-l1 and @losskit/runtime: no other plugin, no onnxruntime-web;
//  5. use the packed plugin through createLossSession on cpu, and train the demo autoencoder with
//     it (`--losses <name>`), export it with `losskit export <path>`;
//  6. a Vite production build of a page importing only l1 and the browser runtime: no other
//     plugin, no onnxruntime-node; the size of losskit's own code in it.
// Steps 2, 3 and 4 run side by side.
// npm uses one cache for all installs (LOSSKIT_E2E_NPM_CACHE, default in the temp folder, kept
// between runs) with --prefer-offline.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT, check, installedPackages, publicPackages, run, runAsync, sizeOf } from './lib.mjs';

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'losskit-e2e-'));
const cache = process.env.LOSSKIT_E2E_NPM_CACHE ?? join(tmpdir(), 'losskit-e2e-npm-cache');
const npmEnv = {
  npm_config_cache: cache,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
  // onnxruntime-node's install script would download CUDA libraries from outside the registry.
  ONNXRUNTIME_NODE_INSTALL: 'skip',
};
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const testEnv = {
  ...npmEnv,
  ...(!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD) ? { VK_ICD_FILENAMES: SWIFTSHADER_ICD } : {}),
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp',
};
/** @type {Record<string, string>} */
const catalog = Object.fromEntries(
  [...readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^ {2}'?([@\w./-]+)'?: (\d[\w.-]*)$/gm)].map((m) => [m[1], m[2]]),
);
const numbers = /** @type {Record<string, unknown>} */ ({});
console.log(`e2e: working in ${work}, npm cache ${cache}`);

// 1. Tarballs.
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const packages = publicPackages();
for (const { name, dir } of packages) {
  if (!existsSync(join(dir, 'dist'))) throw new Error(`e2e: ${name} is not built (run pnpm build, or turbo run e2e)`);
}
// One recursive pnpm pack (workspace: and catalog: ranges become versions, as on publish).
const packed = JSON.parse(
  run('pnpm', ['-r', ...packages.flatMap(({ name }) => ['--filter', name]), 'pack', '--pack-destination', tarballs, '--json'], { cwd: ROOT }),
);
/** @type {Record<string, string>} */
const tgz = Object.fromEntries([packed].flat().map((/** @type {{ name: string, filename: string }} */ p) => [p.name, p.filename]));
check(Object.keys(tgz).length === packages.length, `pnpm pack made ${packages.length} tarballs`);
const lib = (/** @type {string[]} */ ...names) => names.map((n) => tgz[n] ?? '');
const CORE = ['@losskit/core', '@losskit/graph', '@losskit/autodiff'];
const TESTKIT = [...CORE, '@losskit/runtime', '@losskit/testkit', '@losskit/browser-harness'];

// 2-3. Scaffold, install, test, build, pack, as a plugin author would with npm. The two plugins
// are scaffolded one after the other (npm exec would share one npx cache folder), then installed,
// tested and packed side by side: those steps mostly wait on npm, ONNX Runtime and Chromium.
/** @param {string} name @param {'basic' | 'view'} template */
function scaffold(name, template) {
  run('npm', ['exec', '--yes', ...lib('create-losskit-plugin', ...CORE).map((t) => `--package=${t}`), '--', 'create-losskit-plugin', name, '--template', template], {
    cwd: work,
    env: npmEnv,
  });
  return join(work, name);
}
/** @param {string} dir @param {'basic' | 'view'} template @param {string[]} extra */
async function authorPlugin(dir, template, extra) {
  const name = dir.slice(work.length + 1);
  await runAsync('npm', ['install', '--no-save', ...lib(...TESTKIT, ...extra)], { cwd: dir, env: npmEnv });
  const output = await runAsync('npm', ['test'], { cwd: dir, env: testEnv });
  const summary = output.split('\n').filter((line) => /Tests |providers|skipped/.test(line)).slice(-3).join(' | ');
  check(/Tests\s+.*passed/.test(output) && !/failed/.test(output), `${name} (${template}) passes its own tests: ${summary.replace(/\s+/g, ' ')}`);
  // npm pack builds with tsc (src); the tests are type-checked once, for the basic template.
  if (template === 'basic') await runAsync('npm', ['run', 'typecheck'], { cwd: dir, env: npmEnv });
  const packed = (await runAsync('npm', ['pack', '--silent'], { cwd: dir, env: npmEnv })).trim().split('\n').at(-1) ?? '';
  return { dir, tarball: join(dir, packed) };
}
// 4. Install only what you need: l1 and the runtime (beside 2-3: it needs only the tarballs).
const app = join(work, 'app');
async function installLight() {
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await runAsync('npm', ['install', ...lib('@losskit/loss-l1', '@losskit/runtime', ...CORE)], { cwd: app, env: npmEnv });
  const light = installedPackages(app);
  const plugins = light.filter((n) => n.startsWith('@losskit/loss-') || n.startsWith('losskit-loss-'));
  check(plugins.join() === '@losskit/loss-l1', `installing l1 + runtime brings no other plugin (${plugins.join(', ')})`);
  check(!light.includes('onnxruntime-web') && !light.includes('onnxruntime-node'), 'and no ONNX Runtime build (both are optional peers)');
  numbers.lightInstall = { packages: light.length, bytes: sizeOf(join(app, 'node_modules')), names: light };
}

const basicDir = scaffold('my-loss', 'basic');
const viewDir = scaffold('my-view', 'view');
const [basic, view] = await Promise.all([
  authorPlugin(basicDir, 'basic', []),
  authorPlugin(viewDir, 'view', ['@losskit/loss-l1', '@losskit/loss-mse']),
  installLight(),
]);

// 5. The packed plugins in an application: createLossSession on cpu, the demo, the CLI.
run(
  'npm',
  ['install', basic.tarball, view.tarball, ...lib('@losskit/loss-mse'), `onnxruntime-node@${catalog['onnxruntime-node']}`, `onnxruntime-web@${catalog['onnxruntime-web']}`, `vite@${catalog.vite}`],
  { cwd: app, env: npmEnv },
);
writeFileSync(
  join(app, 'use.mjs'),
  `import { createLossSession } from '@losskit/runtime';
import { myLoss } from 'losskit-loss-my-loss';
import { myView } from 'losskit-loss-my-view';
import { mse } from '@losskit/loss-mse';
const session = await createLossSession(myLoss(), { provider: 'cpu', reduction: 'sum', gradient: true });
const result = await session.run({ prediction: { data: Float32Array.of(0, 0.5, 2, -3), dims: [2, 2] }, target: { data: new Float32Array(4), dims: [2, 2] } });
await session.release();
const viewSession = await createLossSession(myView({ distance: mse() }), { provider: 'cpu', reduction: 'sum' });
const viewed = await viewSession.run({ prediction: { data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [1, 3, 2] }, target: { data: new Float32Array(6), dims: [1, 3, 2] } });
await viewSession.release();
console.log(JSON.stringify({ provider: result.provider, loss: [...result.loss], gradient: [...result.gradient], view: [...viewed.loss] }));
`,
);
const used = JSON.parse(run('node', ['use.mjs'], { cwd: app }).trim().split('\n').at(-1) ?? '{}');
// Huber, delta 1, d = 0, 0.5, 2, -3: 0 + 0.125 + 1.5 + 2.5; d/dp = 0, 0.5, 1, -1. Channel means 3, 4 under mse: 25.
check(
  used.provider === 'cpu' && used.loss[0] === 4.125 && used.gradient.join() === '0,0.5,1,-1' && used.view[0] === 25,
  `createLossSession runs the packed plugins on cpu: ${JSON.stringify(used)}`,
);
const demoOut = join(work, 'demo-out');
const demo = run(
  'node',
  [join(ROOT, 'apps/node-demo/dist/main.js'), '--losses', 'my-loss,my-view', '--synthetic', '--steps', '3', '--batch', '4', '--size', '16', '--provider', 'cpu', '--out', demoOut],
  { cwd: app },
);
const summary = JSON.parse(readFileSync(join(demoOut, 'summary.json'), 'utf8'));
const trained = JSON.stringify(summary).match(/"my-(loss|view)"/g) ?? [];
check(trained.length >= 2 && !/Error/.test(demo), `the demo trains the autoencoder with --losses my-loss,my-view (found by name in ${app})`);
const exported = join(work, 'my-loss.onnx');
run('node', [join(ROOT, 'packages/cli/bin/losskit.js'), 'export', basic.dir, '--dims', '2,3', '--out', exported, '--gradient'], { cwd: work });
check(existsSync(exported), 'losskit export loads the plugin from its package folder by path');

// 6. A Vite production build of a page that imports only l1 and the browser runtime.
const web = join(app, 'web');
mkdirSync(web);
writeFileSync(join(web, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
writeFileSync(
  join(web, 'main.js'),
  `import { l1 } from '@losskit/loss-l1';
import { createLossSession } from '@losskit/runtime';
const session = await createLossSession(l1(), { provider: 'wasm' });
const { loss } = await session.run({ prediction: { data: Float32Array.of(1, 2), dims: [2] }, target: { data: Float32Array.of(0, 0), dims: [2] } });
document.body.textContent = String(loss[0]);
`,
);
writeFileSync(
  join(app, 'vite.config.mjs'),
  `import { writeFileSync } from 'node:fs';
export default {
  root: 'web',
  logLevel: 'warn',
  // LOSSKIT_E2E_EXTERNAL_ORT leaves ONNX Runtime out, to weigh losskit's own code once minified.
  build: {
    outDir: process.env.LOSSKIT_E2E_EXTERNAL_ORT ? '../web-dist-own' : '../web-dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: process.env.LOSSKIT_E2E_EXTERNAL_ORT ? { external: [/^onnxruntime-/] } : {},
  },
  plugins: [{
    name: 'losskit-e2e-modules',
    generateBundle(_, bundle) {
      const modules = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(chunk.modules)) modules[id] = info.renderedLength;
      }
      const sizes = Object.fromEntries(Object.values(bundle).map((c) => [c.fileName, c.type === 'chunk' ? c.code.length : c.source.length]));
      writeFileSync(process.env.LOSSKIT_E2E_EXTERNAL_ORT ? 'web-own.json' : 'web-modules.json', JSON.stringify({ modules, sizes }));
    },
  }],
};
`,
);
run(join(app, 'node_modules/.bin/vite'), ['build', '--config', 'vite.config.mjs'], { cwd: app });
const { modules, sizes } = JSON.parse(readFileSync(join(app, 'web-modules.json'), 'utf8'));
const ids = Object.keys(modules);
const bundledPlugins = [...new Set(ids.map((id) => /node_modules\/(@losskit\/loss-[\w-]+|losskit-loss-[\w-]+)\//.exec(id)?.[1]).filter(Boolean))];
check(bundledPlugins.join() === '@losskit/loss-l1', `the page bundles no plugin but l1 (${bundledPlugins.join(', ')})`);
check(!ids.some((id) => id.includes('/onnxruntime-node/')), 'and no onnxruntime-node');
const own = ids.filter((id) => /node_modules\/@losskit\//.test(id));
const ownBytes = own.reduce((total, id) => total + modules[id], 0);
const ortBytes = ids.filter((id) => /node_modules\/onnxruntime-(web|common)\//.test(id)).reduce((total, id) => total + modules[id], 0);
const jsFiles = Object.entries(sizes).filter(([file]) => file.endsWith('.js'));
run(join(app, 'node_modules/.bin/vite'), ['build', '--config', 'vite.config.mjs'], { cwd: app, env: { LOSSKIT_E2E_EXTERNAL_ORT: '1' } });
const ownBuild = JSON.parse(readFileSync(join(app, 'web-own.json'), 'utf8'));
const ownJs = Object.entries(ownBuild.sizes).filter(([file]) => file.endsWith('.js'));
check(!Object.keys(ownBuild.modules).some((id) => id.includes('onnxruntime')), 'the second build leaves ONNX Runtime out');
const ownMinified = ownJs.reduce((t, [, size]) => t + Number(size), 0);
const ownGzip = ownJs.reduce((t, [file]) => t + gzipSync(readFileSync(join(app, 'web-dist-own', file))).length, 0);
numbers.webBundle = {
  losskitMinifiedBytes: ownMinified,
  losskitGzipBytes: ownGzip,
  losskitModules: own.length,
  losskitRenderedBytes: ownBytes,
  onnxruntimeRenderedBytes: ortBytes,
  emittedJs: Object.fromEntries(jsFiles),
  emittedWasmBytes: Object.entries(sizes).filter(([file]) => file.endsWith('.wasm')).reduce((t, [, s]) => t + s, 0),
};

console.log(`\ne2e numbers:\n${JSON.stringify(numbers, (key, value) => (key === 'names' ? value.join(' ') : value), 2)}`);
console.log(`e2e: passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!process.env.LOSSKIT_E2E_KEEP) rmSync(work, { recursive: true, force: true });
