import type { Attribute, Graph, Tensor } from './ir';

/** Constructors for tagged node attributes. */
export const attr: {
  float(value: number): Attribute;
  int(value: number): Attribute;
  string(value: string): Attribute;
  tensor(value: Tensor): Attribute;
  graph(value: Graph): Attribute;
  floats(value: readonly number[]): Attribute;
  ints(value: readonly number[]): Attribute;
  strings(value: readonly string[]): Attribute;
} = {
  float: (value) => ({ type: 'float', value }),
  int: (value) => ({ type: 'int', value }),
  string: (value) => ({ type: 'string', value }),
  tensor: (value) => ({ type: 'tensor', value }),
  graph: (value) => ({ type: 'graph', value }),
  floats: (value) => ({ type: 'floats', value }),
  ints: (value) => ({ type: 'ints', value }),
  strings: (value) => ({ type: 'strings', value }),
};

/** Drops attributes whose value is `undefined`, so op builders can pass optional settings through. */
export function definedAttributes(entries: Record<string, Attribute | undefined>): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}

/** A node's attributes, as `Node.attributes` and shape inference's context hold them. */
export type Attributes = Readonly<Record<string, Attribute>>;

/** The value type of one attribute type tag ('int' -> number, 'ints' -> readonly number[], ...). */
export type AttributeValue<T extends Attribute['type']> = Extract<Attribute, { readonly type: T }>['value'];

/**
 * The value of attribute `name` where it is present with type `type`, else undefined; callers
 * supply the operator's default with `??` (ONNX leaves defaults to each operator). The one typed
 * reader of node attributes: `attributeValue(node.attributes, 'axis', 'int') ?? -1`.
 */
export function attributeValue<T extends Attribute['type']>(attributes: Attributes, name: string, type: T): AttributeValue<T> | undefined {
  const a = attributes[name];
  return a?.type === type ? (a.value as AttributeValue<T> | undefined) : undefined;
}
