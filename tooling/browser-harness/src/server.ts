import { isAbsolute, resolve, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { importOptional } from './optional';

const ENTRY_ID = 'virtual:losskit-harness';
const RESOLVED_ENTRY_ID = `\0${ENTRY_ID}`;
export const PAGE_PATH = '/__losskit_harness.html';
// Cross-origin isolation lets onnxruntime-web use SharedArrayBuffer threads.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>losskit browser harness</title></head>
<body><script type="module" src="/@id/${ENTRY_ID}"></script></body></html>`;

/** The page's entry module: imports each requested module and exposes it on `window`. */
function entryCode(root: string, modules: Readonly<Record<string, string>>): string {
  const entries = Object.entries(modules);
  const specifier = (spec: string) => (spec.startsWith('.') || isAbsolute(spec) ? `/@fs${resolve(root, spec)}` : spec);
  const imports = entries.map(([, spec], i) => `import * as m${i} from ${JSON.stringify(specifier(spec))};`).join('\n');
  const table = entries.map(([key], i) => `${JSON.stringify(key)}: m${i}`).join(', ');
  return `${imports}\nwindow.__losskitModules = { ${table} };\nwindow.__losskitReady = true;\n`;
}

function harnessPlugin(root: string, modules: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'losskit-browser-harness',
    resolveId: (id) => (id === ENTRY_ID ? RESOLVED_ENTRY_ID : undefined),
    load: (id) => (id === RESOLVED_ENTRY_ID ? entryCode(root, modules) : undefined),
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== PAGE_PATH) return next();
        res.setHeader('Content-Type', 'text/html');
        for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
        res.end(PAGE);
      });
    },
  };
}

/**
 * A Vite dev server for the harness page. TypeScript sources are served directly (the
 * `@losskit/source` condition), and the page is cross-origin isolated so onnxruntime-web can use
 * threads.
 */
export async function startHarnessServer(
  root: string,
  modules: Readonly<Record<string, string>>,
  prebundle: readonly string[] = [],
): Promise<{ server: ViteDevServer; url: string }> {
  const { createServer, defaultClientConditions, searchForWorkspaceRoot } = await importOptional('vite', () => import('vite'));
  // Installed from npm, the root is node_modules/@losskit/testkit and onnxruntime-web's .wasm
  // files sit beside it: serve the whole project that installed it, not the package alone.
  const project = root.includes(`${sep}node_modules${sep}`) ? root.slice(0, root.indexOf(`${sep}node_modules${sep}`)) : root;
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    clearScreen: false,
    plugins: [harnessPlugin(root, modules)],
    resolve: { conditions: ['@losskit/source', ...defaultClientConditions] },
    // Pre-bundling would rewrite onnxruntime-web's import.meta.url and lose its .wasm files:
    // only the CommonJS packages the caller names are converted.
    optimizeDeps: { noDiscovery: true, include: [...prebundle] },
    server: {
      host: '127.0.0.1',
      port: 0,
      strictPort: false,
      hmr: false,
      headers: ISOLATION_HEADERS,
      fs: { allow: [searchForWorkspaceRoot(root), project] },
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('The harness server has no TCP address');
  return { server, url: `http://127.0.0.1:${address.port}${PAGE_PATH}` };
}
