/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The AWS SDK's "browser" builds are ES modules that jest does not transform;
// its Node builds are CommonJS. The handler under test is the same either way.
import { DescribeAutoMLJobV2Command } from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/core/protocols';
import { ReadableStream as NodeReadableStream } from 'stream/web';

import { createS3Client, createSageMakerClient } from '../clients';
import { toAutopilotError } from '../errors';
import { ProxyHttpHandler } from '../proxyHandler';
import { CONNECTION, fakeFetch, json, sagemakerJson, xml } from './fakeFetch';

function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0].trim();
    if (name) {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    }
  }
}

afterEach(clearCookies);

describe('ProxyHttpHandler through the SageMaker client', () => {
  it('sends SageMaker calls to the proxy with Jupyter auth instead of SigV4', async () => {
    document.cookie = '_xsrf=old';
    document.cookie = 'other=1';
    document.cookie = '_xsrf=xsrf-value';
    const fetch = fakeFetch(() =>
      sagemakerJson(200, {
        AutoMLJobName: 'job-1',
        AutoMLJobStatus: 'InProgress'
      })
    );
    const sagemaker = createSageMakerClient({
      connection: CONNECTION,
      region: 'eu-west-1',
      fetch
    });

    const output = await sagemaker.send(
      new DescribeAutoMLJobV2Command({ AutoMLJobName: 'job-1' })
    );

    expect(output.AutoMLJobStatus).toBe('InProgress');
    expect(fetch.calls).toHaveLength(1);
    const [call] = fetch.calls;
    expect(call.url).toBe(
      'http://localhost:8888/lab-base/autopilot/aws/sagemaker/'
    );
    expect(call.method).toBe('POST');
    expect(call.headers['authorization']).toBe('token jupyter-secret');
    expect(call.headers['x-xsrftoken']).toBe('xsrf-value');
    expect(call.headers['x-amz-target']).toBe('SageMaker.DescribeAutoMLJobV2');
    expect(call.headers['x-amz-date']).toBeUndefined();
    expect(call.headers['x-amz-security-token']).toBeUndefined();
    expect(call.headers['x-amz-content-sha256']).toBeUndefined();
    expect(call.headers['host']).toBeUndefined();
    expect(Object.values(call.headers).join(' ')).not.toMatch(
      /AWS4-HMAC-SHA256/
    );
    expect(call.init.credentials).toBe('same-origin');
    expect(
      JSON.parse(new TextDecoder().decode(call.body as Uint8Array))
    ).toEqual({ AutoMLJobName: 'job-1' });
  });

  it('sends no Authorization header without a token, and no XSRF header without the cookie', async () => {
    const fetch = fakeFetch(() => sagemakerJson(200, {}));
    const sagemaker = createSageMakerClient({
      connection: { baseUrl: 'http://h/base', token: '' },
      region: 'us-east-1',
      fetch
    });
    await sagemaker.send(
      new DescribeAutoMLJobV2Command({ AutoMLJobName: 'j' })
    );
    const [call] = fetch.calls;
    expect(call.url).toBe('http://h/base/autopilot/aws/sagemaker/');
    expect(call.headers['authorization']).toBeUndefined();
    expect(call.headers['x-xsrftoken']).toBeUndefined();
  });

  it('uses connection.fetch when no fetch is given', async () => {
    const fetch = fakeFetch(() => sagemakerJson(200, {}));
    const sagemaker = createSageMakerClient({
      connection: { ...CONNECTION, fetch },
      region: 'us-east-1'
    });
    await sagemaker.send(
      new DescribeAutoMLJobV2Command({ AutoMLJobName: 'j' })
    );
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('ProxyHttpHandler through the S3 client', () => {
  const cases: Array<[string, string]> = [
    ['data/train.csv', 'data/train.csv'],
    ['my folder/file name.csv', 'my%20folder/file%20name.csv'],
    [
      'ünïcødé/데이터.csv',
      '%C3%BCn%C3%AFc%C3%B8d%C3%A9/%EB%8D%B0%EC%9D%B4%ED%84%B0.csv'
    ],
    ['a+b=c&d.csv', 'a%2Bb%3Dc%26d.csv'],
    ['100%/x%2F.csv', '100%25/x%252F.csv'],
    ['odd/../key', 'odd/%2E%2E/key']
  ];

  it.each(cases)('puts key %j path-style as %j', async (key, encoded) => {
    const fetch = fakeFetch(() => xml(200, '', { etag: '"e"' }));
    const s3 = createS3Client({
      connection: CONNECTION,
      region: 'us-west-2',
      fetch
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: 'my-bucket',
        Key: key,
        Body: 'a,b\n1,2\n'
      })
    );
    const [call] = fetch.calls;
    expect(call.method).toBe('PUT');
    expect(call.url).toBe(
      `http://localhost:8888/lab-base/autopilot/aws/s3/my-bucket/${encoded}?x-id=PutObject`
    );
    expect(call.headers['authorization']).toBe('token jupyter-secret');
    expect(call.headers['x-amz-content-sha256']).toBeUndefined();
    expect(call.body).toBe('a,b\n1,2\n');
  });

  it('keeps the query string and streams the response body', async () => {
    const fetch = fakeFetch(() => xml(200, 'hello, world'));
    const s3 = createS3Client({
      connection: CONNECTION,
      region: 'us-west-2',
      fetch
    });
    const output = await s3.send(
      new GetObjectCommand({
        Bucket: 'b',
        Key: 'k.txt',
        VersionId: 'v 1',
        PartNumber: 1
      })
    );
    const [call] = fetch.calls;
    expect(call.method).toBe('GET');
    expect(call.url).toMatch(
      /^http:\/\/localhost:8888\/lab-base\/autopilot\/aws\/s3\/b\/k\.txt\?/
    );
    const query = new URL(call.url).searchParams;
    expect(query.get('versionId')).toBe('v 1');
    expect(query.get('partNumber')).toBe('1');
    expect(call.url).not.toContain('x-id=GetObject&x-id');
    expect(call.body).toBeUndefined();
    expect(await output.Body!.transformToString()).toBe('hello, world');
  });
});

describe('ProxyHttpHandler directly', () => {
  function request(overrides: Partial<HttpRequest> = {}): HttpRequest {
    return new HttpRequest({
      protocol: 'https:',
      hostname: 's3.us-east-1.amazonaws.com',
      method: 'PUT',
      path: '/bucket/key',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=X/…, Signature=abc',
        'X-Amz-Date': '20250101T000000Z',
        'x-amz-security-token': 'session-token',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-meta-owner': 'me',
        'content-type': 'text/csv',
        host: 's3.us-east-1.amazonaws.com'
      },
      body: 'x',
      ...overrides
    });
  }

  it('drops signing headers and keeps the others', async () => {
    const fetch = fakeFetch(() => xml(200, ''));
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 's3',
      fetch
    });
    const { response } = await handler.handle(request());
    expect(response.statusCode).toBe(200);
    const { headers } = fetch.calls[0];
    expect(headers['authorization']).toBe('token jupyter-secret');
    expect(headers['x-amz-security-token']).toBeUndefined();
    expect(headers['x-amz-date']).toBeUndefined();
    expect(headers['host']).toBeUndefined();
    expect(headers['x-amz-meta-owner']).toBe('me');
    expect(headers['content-type']).toBe('text/csv');
  });

  it('sends an aws-chunked body as the SDK encoded it, for the proxy to decode', async () => {
    const fetch = fakeFetch(() => xml(200, ''));
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 's3',
      fetch
    });
    const chunked =
      '5\r\nhello\r\n7\r\n, world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n';
    const body = new NodeReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(chunked.slice(0, 9)));
        controller.enqueue(new TextEncoder().encode(chunked.slice(9)));
        controller.close();
      }
    });
    await handler.handle(
      request({
        headers: {
          'content-encoding': 'aws-chunked',
          'transfer-encoding': 'chunked',
          'x-amz-decoded-content-length': '12',
          'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
          'x-amz-trailer': 'x-amz-checksum-crc32'
        },
        body
      })
    );
    const call = fetch.calls[0];
    expect(new TextDecoder().decode(call.body as Uint8Array)).toBe(chunked);
    expect(call.headers['content-encoding']).toBe('aws-chunked');
    expect(call.headers['x-amz-decoded-content-length']).toBe('12');
    expect(call.headers['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    // The browser's dummy signing and the hop-by-hop framing stay behind.
    expect(call.headers['x-amz-content-sha256']).toBeUndefined();
    expect(call.headers['transfer-encoding']).toBeUndefined();
  });

  it('reads other streaming bodies into bytes', async () => {
    const fetch = fakeFetch(() => xml(200, ''));
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 's3',
      fetch
    });
    const body = new NodeReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('abc'));
        controller.close();
      }
    });
    await handler.handle(request({ body }));
    expect(new TextDecoder().decode(fetch.calls[0].body as Uint8Array)).toBe(
      'abc'
    );
  });

  it('aborts an in-flight request', async () => {
    let fetchSignal: AbortSignal | undefined;
    const fetch = fakeFetch(
      call =>
        new Promise<Response>((_, reject) => {
          fetchSignal = call.init.signal ?? undefined;
          fetchSignal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError'))
          );
        })
    );
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 's3',
      fetch
    });
    const controller = new AbortController();
    const pending = handler.handle(request(), {
      abortSignal: controller.signal
    });
    while (!fetchSignal) {
      await new Promise(r => setTimeout(r, 1));
    }
    controller.abort();
    const error = await pending.catch(e => e);
    expect(error.name).toBe('AbortError');
    expect(fetchSignal?.aborted).toBe(true);
    expect(toAutopilotError(error).kind).toBe('aborted');
  });

  it('refuses to start when already aborted', async () => {
    const fetch = fakeFetch(() => xml(200, ''));
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 's3',
      fetch
    });
    const controller = new AbortController();
    controller.abort();
    await expect(
      handler.handle(request(), { abortSignal: controller.signal })
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetch.calls).toHaveLength(0);
  });

  it('aborts the SDK call when its abortSignal fires', async () => {
    const fetch = fakeFetch(
      call =>
        new Promise<Response>((_, reject) => {
          call.init.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError'))
          );
        })
    );
    const sagemaker = createSageMakerClient({
      connection: CONNECTION,
      region: 'us-east-1',
      fetch
    });
    const controller = new AbortController();
    const pending = sagemaker
      .send(new DescribeAutoMLJobV2Command({ AutoMLJobName: 'j' }), {
        abortSignal: controller.signal
      })
      .catch(e => e);
    while (fetch.calls.length === 0) {
      await new Promise(r => setTimeout(r, 1));
    }
    controller.abort();
    const error = await pending;
    expect(toAutopilotError(error).kind).toBe('aborted');
    expect(fetch.calls).toHaveLength(1);
  });

  it('times out and reports a transient TimeoutError', async () => {
    const fetch = fakeFetch(
      call =>
        new Promise<Response>((_, reject) => {
          call.init.signal?.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError'))
          );
        })
    );
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 'sagemaker',
      fetch,
      requestTimeout: 20
    });
    const error = await handler.handle(request()).catch(e => e);
    expect(error.name).toBe('TimeoutError');
    expect(toAutopilotError(error).kind).toBe('timeout');
  });

  it('reports and updates its configuration', () => {
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 'sts',
      requestTimeout: 5
    });
    expect(handler.httpHandlerConfigs()).toEqual({ requestTimeout: 5 });
    handler.updateHttpClientConfig('requestTimeout', 10);
    expect(handler.httpHandlerConfigs()).toEqual({ requestTimeout: 10 });
    expect(handler.service).toBe('sts');
    handler.destroy();
  });

  it('passes AWS JSON errors through to the SDK', async () => {
    const fetch = fakeFetch(() =>
      json(403, { __type: 'AccessDeniedException', message: 'no' })
    );
    const handler = new ProxyHttpHandler({
      connection: CONNECTION,
      service: 'sagemaker',
      fetch
    });
    const { response } = await handler.handle(
      request({ method: 'POST', path: '/' })
    );
    expect(response.statusCode).toBe(403);
  });
});
