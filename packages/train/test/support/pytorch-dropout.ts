// Which PyTorch module a training-mode Dropout node of a torch.onnx.export came from: the key of
// the masks the fixture scripts store. Imports nothing, so pages in Chromium can load it too.

/** `/layer/dropout1/Dropout` -> `layer.dropout1` (the module's path in `named_modules()`). */
export function dropoutModule(node: string): string {
  return node.replace(/^\//, '').replace(/\/Dropout$/, '').replaceAll('/', '.');
}
