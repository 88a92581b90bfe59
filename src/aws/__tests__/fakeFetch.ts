/**
 * A fake `fetch` for the AWS layer's tests: records every call and answers
 * from a list of canned responses or a router function.
 */
import { ReadableStream as NodeReadableStream } from 'stream/web';

// jsdom has no WHATWG streams, but Node's `Response.body` is one and the SDK
// recognises streams by the global constructor, as it would in a browser.
if (typeof (globalThis as any).ReadableStream === 'undefined') {
  (globalThis as any).ReadableStream = NodeReadableStream;
}

export interface IRecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  init: RequestInit;
}

export type Responder = (call: IRecordedCall) => Response | Promise<Response>;

export interface IFakeFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  calls: IRecordedCall[];
}

/**
 * A fake fetch that answers each call with `responder`.
 */
export function fakeFetch(responder: Responder): IFakeFetch {
  const calls: IRecordedCall[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    // JupyterLab's makeRequest passes one Request; the SDK's handler a URL and init.
    const request = input instanceof Request ? input : null;
    const headers: Record<string, string> = {};
    new Headers(request ? request.headers : init.headers).forEach(
      (value, name) => {
        headers[name] = value;
      }
    );
    const call: IRecordedCall = {
      url: request ? request.url : String(input),
      method: init.method ?? request?.method ?? 'GET',
      headers,
      body: init.body,
      init: request
        ? { credentials: request.credentials, cache: request.cache, ...init }
        : init
    };
    calls.push(call);
    return responder(call);
  }) as IFakeFetch;
  fn.calls = calls;
  return fn;
}

/**
 * A fake fetch that answers calls in turn from `responses` (the last one
 * repeats).
 */
export function sequenceFetch(...responses: Array<() => Response>): IFakeFetch {
  let i = 0;
  return fakeFetch(() => responses[Math.min(i++, responses.length - 1)]());
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers }
  });
}

/**
 * A SageMaker (JSON 1.1) answer.
 */
export function sagemakerJson(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': 'req-123'
    }
  });
}

/**
 * A SageMaker JSON 1.1 error.
 */
export function sagemakerError(
  status: number,
  type: string,
  message: string
): Response {
  return sagemakerJson(status, { __type: type, message });
}

export function xml(
  status: number,
  body: string,
  headers: Record<string, string> = {}
): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'application/xml',
      'x-amz-request-id': 'req-s3',
      ...headers
    }
  });
}

export function s3Error(
  status: number,
  code: string,
  message: string
): Response {
  return xml(
    status,
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>req-s3</RequestId></Error>`
  );
}

/**
 * An error made by the Jupyter server's proxy.
 */
export function proxyError(
  status: number,
  code: string,
  message: string
): Response {
  return json(
    status,
    { error: { code, message } },
    { 'X-Autopilot-Proxy-Error': '1' }
  );
}

export const CONNECTION = {
  baseUrl: 'http://localhost:8888/lab-base/',
  token: 'jupyter-secret'
};
