// Loaded first in the browser harness page: counts live WebGPU buffers and finds ONNX Runtime's
// WASM memory, so a test can tell whether training leaks. ONNX Runtime exposes neither, so the
// probe wraps the WebGPU and WebAssembly entry points before ONNX Runtime first uses them.

interface Counts {
  liveGpuBuffers: number;
  memories: WebAssembly.Memory[];
}

const counts: Counts = { liveGpuBuffers: 0, memories: [] };

const gpuDevice = (globalThis as { GPUDevice?: { prototype: { createBuffer(descriptor: unknown): unknown } } }).GPUDevice;
const gpuBuffer = (globalThis as { GPUBuffer?: { prototype: { destroy(): void } } }).GPUBuffer;
if (gpuDevice && gpuBuffer) {
  const createBuffer = gpuDevice.prototype.createBuffer;
  const destroyed = new WeakSet<object>();
  gpuDevice.prototype.createBuffer = function (this: unknown, descriptor: unknown) {
    counts.liveGpuBuffers++;
    return createBuffer.call(this, descriptor);
  };
  const destroy = gpuBuffer.prototype.destroy;
  gpuBuffer.prototype.destroy = function (this: object) {
    // destroy() may be called twice on one buffer; count it once.
    if (!destroyed.has(this)) {
      destroyed.add(this);
      counts.liveGpuBuffers--;
    }
    destroy.call(this);
  };
}

// Threaded builds create a shared Memory in JavaScript; single-threaded ones export it.
const NativeMemory = WebAssembly.Memory;
WebAssembly.Memory = new Proxy(NativeMemory, {
  construct(target, args: [WebAssembly.MemoryDescriptor]) {
    const memory = new target(...args);
    counts.memories.push(memory);
    return memory;
  },
});
const recordExports = (instance: WebAssembly.Instance) => {
  for (const value of Object.values(instance.exports)) {
    if (value instanceof NativeMemory && !counts.memories.includes(value)) counts.memories.push(value);
  }
};
const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (...args: unknown[]) => Promise<unknown>;
(WebAssembly as { instantiate: unknown }).instantiate = async (...args: unknown[]) => {
  const result = await instantiate(...args);
  recordExports(result instanceof WebAssembly.Instance ? result : (result as WebAssembly.WebAssemblyInstantiatedSource).instance);
  return result;
};
const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
WebAssembly.instantiateStreaming = async (...args: Parameters<typeof WebAssembly.instantiateStreaming>) => {
  const result = await instantiateStreaming(...args);
  recordExports(result.instance);
  return result;
};

/** Live WebGPU buffers (created minus destroyed) and the bytes of every WASM memory seen. */
export function memoryCounts(): { liveGpuBuffers: number; wasmBytes: number } {
  return { liveGpuBuffers: counts.liveGpuBuffers, wasmBytes: counts.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0) };
}
