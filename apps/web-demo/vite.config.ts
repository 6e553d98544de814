// The web demo's build. Three things matter (each a common way for onnxruntime-web apps to fail):
// - ONNX Runtime Web's .mjs/.wasm pair is served by the app under /ort/, unhashed, because ONNX
//   Runtime looks the files up by name (the worker sets env.wasm.wasmPaths to it);
// - every response is cross-origin isolated (COOP/COEP), so WASM can use threads;
// - losskit's packages are built from their TypeScript sources (the @losskit/source condition),
//   so the demo never runs on a stale dist/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Plugin, defaultClientConditions, defineConfig } from 'vite';

const require = createRequire(import.meta.url);
/** The pair `onnxruntime-web/webgpu` loads: the JSEP/asyncify build with WebGPU and WASM. */
export const ORT_FILES: readonly string[] = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
const ortFile = (name: string) => require.resolve(`onnxruntime-web/${name}`);

export const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function serveOnnxRuntime(): Plugin {
  return {
    name: 'losskit-serve-onnxruntime',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.match(/^\/ort\/([^?]+)/)?.[1];
        if (!name || !ORT_FILES.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        for (const [header, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(header, value);
        res.end(readFileSync(ortFile(name)));
      });
    },
    generateBundle() {
      for (const name of ORT_FILES) this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(ortFile(name)) });
    },
  };
}

const conditions = [
  '@losskit/source',
  // onnxruntime-web's build that loads its .mjs/.wasm from env.wasm.wasmPaths instead of
  // embedding a copy the bundler would hash.
  'onnxruntime-web-use-extern-wasm',
  ...defaultClientConditions,
];

export default defineConfig({
  resolve: {
    conditions,
    alias: {
      // The test kit's portable checks throw node:assert's AssertionError; the browser gets a stand-in.
      'node:assert': fileURLToPath(new URL('./src/shims/assert.ts', import.meta.url)),
    },
  },
  plugins: [serveOnnxRuntime()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Two pages: the seed experiment and the handwritten digits.
    rollupOptions: { input: { main: fileURLToPath(new URL('./index.html', import.meta.url)), classify: fileURLToPath(new URL('./classify.html', import.meta.url)) } },
  },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
