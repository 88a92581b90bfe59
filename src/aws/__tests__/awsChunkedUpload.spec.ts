/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The SDK's Node build (CommonJS, which jest loads) encodes aws-chunked the
// same way as its browser build.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { Readable } from 'stream';

import { createS3Client } from '../clients';
import { CONNECTION, fakeFetch, xml } from './fakeFetch';

const ROOT = path.resolve(__dirname, '../../..');

/** The project's Python, with jupyterlab_autopilot importable; null without one. */
function python(): string | null {
  for (const candidate of [path.join(ROOT, '.venv/bin/python'), 'python3']) {
    const probe = spawnSync(
      candidate,
      ['-c', 'import jupyterlab_autopilot.proxy.aws_chunked'],
      { cwd: ROOT }
    );
    if (probe.status === 0) {
      return candidate;
    }
  }
  return null;
}

/**
 * What the proxy's decoder (`proxy/aws_chunked.py`) makes of a body: the
 * payload and trailers, or its refusal.
 */
function decodeWithTheProxy(
  executable: string,
  body: Uint8Array,
  decodedLength: number,
  trailer: string
): { payload?: string; trailers?: Record<string, string>; error?: string } {
  const script = [
    'import json, sys',
    'from jupyterlab_autopilot.proxy.aws_chunked import AwsChunkedDecoder',
    'decoder = AwsChunkedDecoder(int(sys.argv[1]), sys.argv[2])',
    'data = sys.stdin.buffer.read()',
    'try:',
    '    out = b"".join(decoder.feed(data[:7]) + decoder.feed(data[7:]))',
    '    trailers = decoder.finish()',
    '    print(json.dumps({"payload": out.decode(), "trailers": trailers}))',
    'except Exception as e:',
    '    print(json.dumps({"error": getattr(e, "code", str(e))}))'
  ].join('\n');
  const result = spawnSync(
    executable,
    ['-c', script, String(decodedLength), trailer],
    { cwd: ROOT, input: Buffer.from(body) }
  );
  if (result.status !== 0) {
    throw new Error(result.stderr.toString());
  }
  return JSON.parse(result.stdout.toString());
}

const PYTHON = python();

(PYTHON ? describe : describe.skip)(
  "an upload the SDK checksums as it streams: the proxy's decoder takes the SDK's encoding",
  () => {
    it.each(['CRC32', 'SHA256'] as const)(
      'PutObject with ChecksumAlgorithm %s',
      async algorithm => {
        const fetch = fakeFetch(() => xml(200, '', { etag: '"e"' }));
        const s3 = createS3Client({
          connection: CONNECTION,
          region: 'us-east-1',
          fetch
        });
        const payload = 'a,b\r\n1,2\r\n'.repeat(1000);
        await s3.send(
          new PutObjectCommand({
            Bucket: 'bucket',
            Key: 'data/train.csv',
            Body: Readable.from([Buffer.from(payload)]),
            ContentLength: payload.length,
            ChecksumAlgorithm: algorithm
          })
        );
        const { headers, body } = fetch.calls[0];
        expect(headers['content-encoding']).toBe('aws-chunked');
        const trailer = headers['x-amz-trailer'];
        expect(trailer).toBe(`x-amz-checksum-${algorithm.toLowerCase()}`);
        const sent = body as Uint8Array;
        const decoded = decodeWithTheProxy(
          PYTHON!,
          sent,
          Number(headers['x-amz-decoded-content-length']),
          trailer
        );
        expect(decoded.error).toBeUndefined();
        expect(decoded.payload).toBe(payload);
        expect(Object.keys(decoded.trailers!)).toEqual([trailer]);

        // A corrupted byte is caught by the proxy's checksum, not stored.
        const corrupted = Uint8Array.from(sent);
        const at = new TextDecoder().decode(sent).indexOf('1,2');
        corrupted[at] = '9'.charCodeAt(0);
        expect(
          decodeWithTheProxy(
            PYTHON!,
            corrupted,
            Number(headers['x-amz-decoded-content-length']),
            trailer
          ).error
        ).toBe('ChecksumMismatch');
      }
    );
  }
);
