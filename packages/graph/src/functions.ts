import type { Attribute, Graph, Model, Node, OnnxFunction } from './ir';
import { ModelFormatError } from './errors';

/** Functions are identified by domain, name and overload (IR 10), as nodes call them. */
function functionKey(domain: string, name: string, overload: string | undefined): string {
  return `${domain}::${name}::${overload ?? ''}`;
}

/**
 * Replaces references to attributes of the calling node (`ref_attr_name`) by their values, or by
 * the function's default where the caller does not set one; an unset attribute without a default
 * is left out.
 */
function bindAttributes(node: Node, caller: Node, fn: OnnxFunction): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [name, value] of Object.entries(node.attributes)) {
    if (value.type !== 'ref') out[name] = value;
    else {
      const bound = caller.attributes[value.value] ?? fn.attributeDefaults?.[value.value];
      if (bound) out[name] = bound;
    }
  }
  return out;
}

/**
 * Expands every call of a model-local ONNX function into the function's nodes, recursively, so
 * that later passes (shape inference, autodiff) see only standard operators. Value names inside
 * a function are prefixed with the calling node's name to keep them unique.
 */
export function inlineFunctions(model: Model): Model {
  if (model.functions.length === 0) return model;
  const table = new Map<string, OnnxFunction>(model.functions.map((f) => [functionKey(f.domain, f.name, f.overload), f]));
  let callCount = 0;

  function expand(nodes: readonly Node[], depth: number): Node[] {
    if (depth > 32) throw new ModelFormatError('ONNX functions nest deeper than 32 levels (recursive function?)');
    const out: Node[] = [];
    for (const node of nodes) {
      const fn = table.get(functionKey(node.domain, node.op, node.overload));
      if (!fn) {
        out.push(node);
        continue;
      }
      const prefix = `${node.name || fn.name}__${callCount++}`;
      const rename = new Map<string, string>();
      fn.inputs.forEach((name, i) => rename.set(name, node.inputs[i] ?? ''));
      fn.outputs.forEach((name, i) => rename.set(name, node.outputs[i] ?? `${prefix}/${name}`));
      const mapName = (name: string) => (name === '' ? '' : (rename.get(name) ?? `${prefix}/${name}`));
      const body = fn.nodes.map((inner) => ({
        ...inner,
        name: `${prefix}/${inner.name}`,
        inputs: inner.inputs.map(mapName),
        outputs: inner.outputs.map(mapName),
        attributes: bindAttributes(inner, node, fn),
      }));
      out.push(...expand(body, depth + 1));
    }
    return out;
  }

  const called = new Set<string>();
  const mark = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      const key = functionKey(node.domain, node.op, node.overload);
      if (table.has(key) && !called.has(key)) {
        called.add(key);
        mark(table.get(key)!.nodes);
      }
    }
  };
  mark(model.graph.nodes);
  const graph: Graph = { ...model.graph, nodes: expand(model.graph.nodes, 0) };
  // Functions nothing calls stay: they carry data for other passes, e.g. gradient overrides.
  return { ...model, graph, functions: model.functions.filter((f) => !called.has(functionKey(f.domain, f.name, f.overload))) };
}
