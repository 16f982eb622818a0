/**
 * The text of bytes read one character per byte (Latin-1): for ASCII bytes, their text in UTF-8,
 * GB18030 or any ASCII-compatible encoding. Used by the byte lanes (io/text-source, ingest/byte-cells)
 * and the id tables (model/ids) to make a string only when one is needed.
 *
 * Node's native `Buffer.prototype.latin1Slice` works on any Uint8Array without making a Buffer view
 * first; it is not a documented API, so where it is missing `Buffer#toString('latin1')` is used.
 */
const native = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, from: number, to: number) => string }).latin1Slice;

export const latin1: (buf: Uint8Array, from: number, to: number) => string = native
  ? (buf, from, to) => native.call(buf, from, to)
  : (buf, from, to) => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1', from, to);
