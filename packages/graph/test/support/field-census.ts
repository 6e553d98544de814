// Counts protobuf fields by message, reading the bytes with nothing from losskit's decoder: an
// independent witness that a round trip kept the fields losskit does not model.

/** `"Node.9"` -> how many NodeProto field-9 entries the model holds (subgraphs included). */
export type Census = Record<string, number>;

interface Field {
  readonly field: number;
  readonly bytes: Uint8Array | undefined;
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = buf[pos++]!;
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = key % 8;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      out.push({ field: Math.floor(key / 8), bytes: buf.subarray(pos, pos + length) });
      pos += length;
      continue;
    } else throw new Error(`wire type ${wire}`);
    out.push({ field: Math.floor(key / 8), bytes: undefined });
  }
  return out;
}

/** Submessages to descend into, by message and field number (onnx.proto). */
const CHILDREN: Record<string, Record<number, string>> = {
  Model: { 7: 'Graph', 25: 'Function' },
  Graph: { 1: 'Node', 11: 'ValueInfo', 12: 'ValueInfo', 13: 'ValueInfo' },
  Node: { 5: 'Attribute' },
  Attribute: { 6: 'Graph', 11: 'Graph' },
  Function: { 7: 'Node' },
};

export function fieldCensus(bytes: Uint8Array): Census {
  const census: Census = {};
  const visit = (message: string, buf: Uint8Array): void => {
    for (const { field, bytes: child } of fields(buf)) {
      const key = `${message}.${field}`;
      census[key] = (census[key] ?? 0) + 1;
      const type = CHILDREN[message]?.[field];
      if (type && child) visit(type, child);
    }
  };
  visit('Model', bytes);
  return census;
}
