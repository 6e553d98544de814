import { ModelFormatError } from '../errors';

const utf8 = new TextDecoder();

/**
 * A minimal protocol-buffers reader for the ONNX schema. Length-delimited fields are returned
 * as views into the input buffer, so tensor payloads are never copied here.
 */
export class ProtoReader {
  private pos: number;
  /** Where the last field key began: {@link keep} returns the field from there. */
  private keyStart: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end: number = buf.length,
  ) {
    this.pos = start;
    this.keyStart = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private fail(what: string): never {
    throw new ModelFormatError(`Malformed ONNX protobuf: ${what} at byte ${this.pos}`);
  }

  /** Reads a field key; returns the field number and wire type. */
  key(): { field: number; wire: number } {
    this.keyStart = this.pos;
    const key = this.uint32();
    // Field 0 does not exist in protobuf: a zero byte here means the bytes are not a message.
    if (key < 8) this.fail(`field number 0 (key ${key})`);
    const wire = key % 8;
    // Groups (3, 4) were removed from protobuf; 6 and 7 were never assigned.
    if (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5) this.fail(`unsupported wire type ${wire}`);
    return { field: Math.floor(key / 8), wire };
  }

  private uint32(): number {
    let result = 0;
    let shift = 0;
    while (true) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const byte = this.buf[this.pos++]!;
      if (shift < 28) result |= (byte & 0x7f) << shift;
      else result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) this.fail('varint longer than 10 bytes');
    }
  }

  /** A signed 64-bit varint as a bigint. */
  bigint(): bigint {
    let result = 0n;
    let shift = 0n;
    while (true) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asIntN(64, result);
      shift += 7n;
      if (shift > 63n) this.fail('varint longer than 10 bytes');
    }
  }

  /** A signed 64-bit varint as a number (exact up to 2^53; larger magnitudes round). */
  int(): number {
    const start = this.pos;
    // Fast path: up to four bytes hold any non-negative value below 2^28.
    for (let i = 0; i < 4 && start + i < this.end; i++) {
      if ((this.buf[start + i]! & 0x80) === 0) {
        let result = 0;
        for (let j = 0; j <= i; j++) result |= (this.buf[start + j]! & 0x7f) << (7 * j);
        this.pos = start + i + 1;
        return result;
      }
    }
    return Number(this.bigint());
  }

  float(): number {
    if (this.pos + 4 > this.end) this.fail('truncated float');
    const value = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return value;
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const value = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return value;
  }

  /** A length-delimited field as a view into the input (no copy). */
  bytes(): Uint8Array {
    const length = this.int();
    if (length < 0 || this.pos + length > this.end) this.fail('length past the end of the message');
    const view = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** An embedded message, as a reader over its bytes. */
  message(): ProtoReader {
    const bytes = this.bytes();
    return new ProtoReader(bytes);
  }

  /** A repeated varint field, packed or not. */
  ints(wire: number, into: number[]): void {
    if (wire === 2) {
      const sub = this.message();
      while (!sub.done) into.push(sub.int());
    } else into.push(this.int());
  }

  /** A repeated float field, packed or not. */
  floats(wire: number, into: number[]): void {
    if (wire === 2) {
      const sub = this.message();
      while (!sub.done) into.push(sub.float());
    } else into.push(this.float());
  }

  /** Skips a field of the given wire type (unknown fields of newer ONNX versions). */
  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.bigint();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.bytes();
        return;
      case 5:
        this.pos += 4;
        break;
      default:
        this.fail(`unsupported wire type ${wire}`);
    }
    if (this.pos > this.end) this.fail('field past the end of the message');
  }

  /**
   * Skips the field whose key was just read, like {@link skip}, and returns the whole field, key
   * included, as a view into the input: an unknown field kept for the encoder to write back.
   */
  keep(wire: number): Uint8Array {
    const start = this.keyStart;
    this.skip(wire);
    return this.buf.subarray(start, this.pos);
  }
}
