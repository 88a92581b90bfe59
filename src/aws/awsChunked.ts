/**
 * Undoes S3's `aws-chunked` content encoding.
 *
 * The SDK produces it when it must checksum a streaming body: the payload is
 * cut into `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` chunks, and the
 * checksum travels as an HTTP trailer after the last, empty chunk. The proxy
 * re-signs requests and drops `X-Amz-*` signing headers such as
 * `x-amz-decoded-content-length`, so such a body cannot go through as it is.
 * The handler decodes it back to the plain payload and sends the trailers
 * (e.g. `x-amz-checksum-crc32`) as ordinary headers instead.
 */

/**
 * A decoded `aws-chunked` body.
 */
export interface IDecodedAwsChunked {
  payload: Uint8Array;
  /** Trailer headers, lower-case names, e.g. `x-amz-checksum-crc32`. */
  trailers: Record<string, string>;
}

const CR = 13;
const LF = 10;

/**
 * Decodes an `aws-chunked` body. Throws on a malformed body.
 */
export function decodeAwsChunked(body: Uint8Array): IDecodedAwsChunked {
  const decoder = new TextDecoder();
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;

  const readLine = (): string | undefined => {
    for (let i = pos; i + 1 < body.length; i++) {
      if (body[i] === CR && body[i + 1] === LF) {
        const line = decoder.decode(body.subarray(pos, i));
        pos = i + 2;
        return line;
      }
    }
    if (pos < body.length) {
      const line = decoder.decode(body.subarray(pos));
      pos = body.length;
      return line;
    }
    return undefined;
  };

  for (;;) {
    const header = readLine();
    if (header === undefined) {
      throw new Error('Malformed aws-chunked body: missing final chunk');
    }
    const size = parseInt(header.split(';')[0].trim(), 16);
    if (!Number.isFinite(size) || size < 0) {
      throw new Error(`Malformed aws-chunked body: bad chunk size "${header}"`);
    }
    if (size === 0) {
      break;
    }
    if (pos + size > body.length) {
      throw new Error('Malformed aws-chunked body: truncated chunk');
    }
    parts.push(body.subarray(pos, pos + size));
    total += size;
    pos += size;
    if (body[pos] === CR && body[pos + 1] === LF) {
      pos += 2;
    }
  }

  const trailers: Record<string, string> = {};
  for (let line = readLine(); line; line = readLine()) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      // The trailing signature belongs to the browser's dummy signing.
      if (name !== 'x-amz-trailer-signature') {
        trailers[name] = line.slice(colon + 1).trim();
      }
    }
  }

  const payload = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    payload.set(part, offset);
    offset += part.length;
  }
  return { payload, trailers };
}
