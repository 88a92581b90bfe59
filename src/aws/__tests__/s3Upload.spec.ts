/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The AWS SDK's "browser" builds are ES modules that jest does not transform;
// its Node builds are CommonJS. The handler under test is the same either way.
import { createS3Client } from '../clients';
import { toAutopilotError } from '../errors';
import {
  choosePartSize,
  IUploadProgress,
  MIN_PART_SIZE,
  uploadFile
} from '../s3Upload';
import {
  CONNECTION,
  fakeFetch,
  IRecordedCall,
  s3Error,
  xml
} from './fakeFetch';

const MiB = 1024 * 1024;

function unexpected(): never {
  throw new Error('expected the upload to fail');
}

function bodySize(call: IRecordedCall): number {
  const body = call.body as Blob | Uint8Array | string | undefined;
  if (body === undefined) {
    return 0;
  }
  if (typeof body === 'string') {
    return body.length;
  }
  return 'size' in body ? body.size : body.byteLength;
}

/**
 * Answers S3's multipart calls; `failPart` makes that part fail.
 */
function s3Server(failPart?: number) {
  return fakeFetch(call => {
    const url = new URL(call.url);
    const q = url.searchParams;
    if (call.method === 'POST' && q.has('uploads')) {
      return xml(
        200,
        '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>'
      );
    }
    if (call.method === 'PUT' && q.has('partNumber')) {
      const part = Number(q.get('partNumber'));
      if (part === failPart) {
        return s3Error(400, 'InvalidRequest', 'part rejected');
      }
      return xml(200, '', { etag: `"etag-${part}"` });
    }
    if (call.method === 'POST' && q.has('uploadId')) {
      return xml(
        200,
        '<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"final"</ETag></CompleteMultipartUploadResult>'
      );
    }
    if (call.method === 'DELETE' && q.has('uploadId')) {
      return new Response(null, { status: 204 });
    }
    if (call.method === 'PUT') {
      return xml(200, '', { etag: '"single"' });
    }
    return s3Error(
      400,
      'InvalidRequest',
      `unexpected ${call.method} ${call.url}`
    );
  });
}

function client(fetch: ReturnType<typeof fakeFetch>) {
  return createS3Client({
    connection: CONNECTION,
    region: 'us-east-1',
    fetch,
    backoff: () => 1,
    maxAttempts: 1
  });
}

describe('uploadFile', () => {
  it('puts a small file in one request', async () => {
    const fetch = s3Server();
    const progress: IUploadProgress[] = [];
    const blob = new Blob(['a,b\n1,2\n'], { type: 'text/csv' });
    const result = await uploadFile(
      client(fetch),
      'b',
      'data/train.csv',
      blob,
      p => progress.push(p)
    );
    expect(result).toEqual({
      bucket: 'b',
      key: 'data/train.csv',
      uri: 's3://b/data/train.csv',
      etag: '"single"',
      multipart: false,
      parts: 1
    });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0].method).toBe('PUT');
    expect(fetch.calls[0].headers['content-type']).toBe('text/csv');
    expect(progress).toEqual([
      { loaded: 8, total: 8, partsDone: 1, partsTotal: 1 }
    ]);
  });

  it('uploads a large file in parts and completes it', async () => {
    const fetch = s3Server();
    const size = 12 * MiB + 3;
    const blob = new Blob([new Uint8Array(size)]);
    const progress: IUploadProgress[] = [];
    const result = await uploadFile(
      client(fetch),
      'b',
      'big file.csv',
      blob,
      p => progress.push(p),
      {
        partSize: 5 * MiB,
        multipartThreshold: 5 * MiB,
        concurrency: 2
      }
    );
    expect(result).toMatchObject({
      multipart: true,
      parts: 3,
      etag: '"final"'
    });

    const create = fetch.calls[0];
    expect(create.method).toBe('POST');
    expect(create.url).toContain('/autopilot/aws/s3/b/big%20file.csv?uploads');

    const parts = fetch.calls.filter(c => c.method === 'PUT');
    expect(
      parts.map(c => new URL(c.url).searchParams.get('partNumber')).sort()
    ).toEqual(['1', '2', '3']);
    expect(
      parts.every(c => new URL(c.url).searchParams.get('uploadId') === 'up-1')
    ).toBe(true);
    const sizes = parts
      .map(c => [
        Number(new URL(c.url).searchParams.get('partNumber')),
        bodySize(c)
      ])
      .sort((a, b) => a[0] - b[0])
      .map(([, n]) => n);
    expect(sizes).toEqual([5 * MiB, 5 * MiB, 2 * MiB + 3]);

    const complete = fetch.calls[fetch.calls.length - 1];
    expect(complete.method).toBe('POST');
    expect(new URL(complete.url).searchParams.get('uploadId')).toBe('up-1');
    const xmlBody = String(complete.body);
    expect(xmlBody).toMatch(
      /<Part><ETag>&quot;etag-1&quot;<\/ETag><PartNumber>1<\/PartNumber><\/Part><Part><ETag>&quot;etag-2&quot;<\/ETag><PartNumber>2<\/PartNumber><\/Part><Part><ETag>&quot;etag-3&quot;<\/ETag><PartNumber>3<\/PartNumber><\/Part>/
    );

    expect(progress).toHaveLength(3);
    expect(progress[2]).toEqual({
      loaded: size,
      total: size,
      partsDone: 3,
      partsTotal: 3
    });
    expect(fetch.calls.some(c => c.method === 'DELETE')).toBe(false);
  });

  it('aborts the multipart upload when a part fails', async () => {
    const fetch = s3Server(2);
    const blob = new Blob([new Uint8Array(11 * MiB)]);
    const error = await uploadFile(client(fetch), 'b', 'k', blob, undefined, {
      partSize: 5 * MiB,
      multipartThreshold: 5 * MiB,
      concurrency: 1
    }).then(unexpected, toAutopilotError);
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('part rejected');
    const methods = fetch.calls.map(c => c.method);
    expect(methods).toEqual(['POST', 'PUT', 'PUT', 'DELETE']);
    const abort = fetch.calls[3];
    expect(new URL(abort.url).searchParams.get('uploadId')).toBe('up-1');
  });

  it('aborts the multipart upload when cancelled', async () => {
    const controller = new AbortController();
    const fetch = s3Server();
    const blob = new Blob([new Uint8Array(11 * MiB)]);
    const error = await uploadFile(
      client(fetch),
      'b',
      'k',
      blob,
      p => {
        if (p.partsDone === 1) {
          controller.abort();
        }
      },
      {
        partSize: 5 * MiB,
        multipartThreshold: 5 * MiB,
        concurrency: 1,
        abortSignal: controller.signal
      }
    ).then(unexpected, toAutopilotError);
    expect(error.kind).toBe('aborted');
    expect(fetch.calls.map(c => c.method)).toEqual(['POST', 'PUT', 'DELETE']);
  });

  it('chooses part sizes within S3 limits', () => {
    expect(choosePartSize(10 * MiB, 1)).toBe(MIN_PART_SIZE);
    expect(choosePartSize(100 * 1024 * MiB)).toBeGreaterThanOrEqual(
      Math.ceil((100 * 1024 * MiB) / 10_000)
    );
    expect(choosePartSize(10 * MiB)).toBe(8 * MiB);
  });
});
