/**
 * Just enough of the Protocol Buffers wire format to write ONNX files
 * (https://protobuf.dev/programming-guides/encoding/): varints, 32-bit floats and
 * length-delimited fields (strings, bytes, nested messages). Fields are written in the
 * order given, so the same message gives the same bytes.
 */

/** A message being written: add fields in field-number order, then take its bytes. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  /** A varint field (int32, int64, enum); negative numbers as 10-byte two's complement, as protobuf does. */
  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  /** A `float` field (wire type 5: 4 bytes, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(bytes);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A length-delimited field: bytes, or a nested message's bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(BigInt(value.length));
    this.parts.push(value);
    return this;
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  private varint(value: bigint): void {
    const out: number[] = [];
    let v = value;
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      out.push(v > 0n ? low | 0x80 : low);
    } while (v > 0n);
    this.parts.push(Uint8Array.from(out));
  }
}
