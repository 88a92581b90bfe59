/**
 * Turns the SDK's request bodies into something `fetch` can send.
 */

/**
 * Whether a value is a WHATWG `ReadableStream`.
 */
function isReadableStream(body: unknown): body is ReadableStream<Uint8Array> {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ReadableStream).getReader === 'function'
  );
}

/**
 * Whether a value can be iterated asynchronously (e.g. a Node.js `Readable`).
 */
function isAsyncIterable(body: unknown): body is AsyncIterable<unknown> {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  );
}

function isBlob(body: unknown): body is Blob {
  return (
    typeof Blob !== 'undefined' &&
    (body instanceof Blob ||
      (typeof body === 'object' &&
        body !== null &&
        typeof (body as Blob).size === 'number' &&
        typeof (body as Blob).slice === 'function' &&
        typeof (body as Blob).type === 'string'))
  );
}

function chunkToBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) {
    return chunk;
  }
  if (typeof chunk === 'string') {
    return new TextEncoder().encode(chunk);
  }
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (chunk instanceof ArrayBuffer) {
    return new Uint8Array(chunk);
  }
  throw new TypeError('Unsupported request body chunk');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Reads a streamed body into bytes (Blobs never come here: fetch reads them).
 */
async function collectBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) {
    return new Uint8Array(0);
  }
  if (isReadableStream(body)) {
    const reader = body.getReader();
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      parts.push(chunkToBytes(value));
    }
    return concat(parts);
  }
  if (isAsyncIterable(body)) {
    const parts: Uint8Array[] = [];
    for await (const chunk of body) {
      parts.push(chunkToBytes(chunk));
    }
    return concat(parts);
  }
  return chunkToBytes(body);
}

/**
 * The body to hand to `fetch`. Strings, bytes and Blobs go as they are (a
 * Blob is read lazily by the browser, so large uploads do not sit in
 * memory). Streams are read into bytes first: browsers only stream request
 * bodies over HTTP/2, and S3 needs a Content-Length.
 */
export async function toFetchBody(
  body: unknown
): Promise<BodyInit | undefined> {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (
    typeof body === 'string' ||
    isBlob(body) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  ) {
    return body as BodyInit;
  }
  return (await collectBytes(body)) as BodyInit;
}
