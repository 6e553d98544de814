/**
 * A minimal protocol-buffers writer for the ONNX schema. Messages are kept as lists of byte
 * chunks so that large tensor payloads are referenced, not copied, until `finish()` writes
 * every chunk once into the final buffer.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const UTF8 = new TextEncoder();

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  private byteLength = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.byteLength + this.pending.length;
  }

  private flushPending(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.byteLength += this.pending.length;
    this.pending = [];
  }

  private pushChunk(chunk: Uint8Array): void {
    this.flushPending();
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.byteLength += chunk.length;
  }

  private rawVarint(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
      let v = value;
      while (v > 0x7f) {
        this.pending.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      this.pending.push(v);
      return;
    }
    let big = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
    // int64 fields: clamp (a float64 can round INT64_MAX up past the range), then two's complement.
    if (big > INT64_MAX) big = INT64_MAX;
    if (big < INT64_MIN) big = INT64_MIN;
    let unsigned = BigInt.asUintN(64, big);
    while (unsigned > 0x7fn) {
      this.pending.push(Number(unsigned & 0x7fn) | 0x80);
      unsigned >>= 7n;
    }
    this.pending.push(Number(unsigned));
  }

  private tag(field: number, wire: number): void {
    this.rawVarint((field << 3) | wire);
  }

  /** A varint field (int32, int64, enum, bool). Negative values use ten bytes, as protobuf does. */
  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.pending.push(...bytes);
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.pending.push(...bytes);
    return this;
  }

  string(field: number, value: string): this {
    // Names and op types are short ASCII almost always (a step graph has tens of thousands):
    // their bytes go straight into the pending bytes, without an encoder or an array per string.
    if (value.length <= 64 && isAscii(value)) {
      this.tag(field, WIRE_LENGTH_DELIMITED);
      this.rawVarint(value.length);
      for (let i = 0; i < value.length; i++) this.pending.push(value.charCodeAt(i));
      return this;
    }
    return this.bytes(field, UTF8.encode(value));
  }

  /** A bytes field. Large payloads are kept by reference until `finish()`. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    if (value.length <= 64) this.pending.push(...value);
    else this.pushChunk(value);
    return this;
  }

  /** An embedded message. */
  message(field: number, message: ProtoWriter): this {
    message.flushPending();
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(message.byteLength);
    for (const chunk of message.chunks) this.pushChunk(chunk);
    return this;
  }

  /** A packed repeated varint field. */
  packedInts(field: number, values: ArrayLike<number | bigint>): this {
    if (values.length === 0) return this;
    const packed = new ProtoWriter();
    for (let i = 0; i < values.length; i++) packed.rawVarint(values[i]!);
    packed.flushPending();
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(packed.byteLength);
    for (const chunk of packed.chunks) this.pushChunk(chunk);
    return this;
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, bytes);
  }

  /** Fields that are already encoded (unknown fields kept by the decoder), written as they are. */
  raw(fields: readonly Uint8Array[] | undefined): this {
    for (const field of fields ?? []) this.pushChunk(field);
    return this;
  }

  /** The encoded message as one buffer. */
  finish(): Uint8Array {
    this.flushPending();
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}
