import {
  checkServerExtension,
  contextCredentialsError,
  fetchAutopilotContext,
  fetchServerVersion,
  FRONTEND_VERSION,
  parseAutopilotContext,
  versionsMatch
} from '../serverContext';
import { ServerConnection } from '@jupyterlab/services';
import { AutopilotError } from '../errors';
import { CONNECTION, fakeFetch, json } from './fakeFetch';
import { nullTranslator } from '@jupyterlab/translation';
import { errorText } from '../../connection/errorText';
import type { AutopilotError as IErr } from '../errors';

/** The next step the user reads, in English. */
const nextStep = (error: IErr): string =>
  errorText(nullTranslator.load('jupyterlab_autopilot'), error).nextStep;

const CONTEXT = {
  version: '0.1.0',
  region: 'us-west-2',
  account: '123456789012',
  callerArn: 'arn:aws:sts::123456789012:assumed-role/Studio/s',
  defaultBucket: 'sagemaker-us-west-2-123456789012',
  defaultBucketExists: true,
  executionRoleArn: 'arn:aws:iam::123456789012:role/Exec',
  executionRoleSource: 'studio',
  sandbox: false,
  credentialsError: null
};

async function rejection(promise: Promise<unknown>): Promise<AutopilotError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AutopilotError);
    return e as AutopilotError;
  }
  throw new Error('expected a rejection');
}

describe('version handshake', () => {
  it('reads the frontend version from package.json', () => {
    expect(FRONTEND_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('accepts a matching server extension', async () => {
    const fetch = fakeFetch(() => json(200, { version: '0.1.0' }));
    await expect(
      checkServerExtension(CONNECTION, '0.1.0', { fetch })
    ).resolves.toBe('0.1.0');
    const [call] = fetch.calls;
    // JupyterLab's makeRequest adds a cache buster to no-store requests.
    expect(call.url).toMatch(
      /^http:\/\/localhost:8888\/lab-base\/autopilot\/version\?\d+$/
    );
    expect(call.headers['accept']).toBe('application/json');
    expect(call.headers['authorization']).toBe('token jupyter-secret');
    expect(call.init.credentials).toBe('same-origin');
  });

  it("uses JupyterLab's own settings as they are, when given them", async () => {
    const fetch = fakeFetch(() => json(200, { version: '0.1.0' }));
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://localhost:8888/other-base/',
      token: 'other-secret',
      fetch
    });
    await expect(fetchServerVersion(settings)).resolves.toBe('0.1.0');
    expect(fetch.calls[0].url).toMatch(
      /^http:\/\/localhost:8888\/other-base\/autopilot\/version\?\d+$/
    );
    expect(fetch.calls[0].headers['authorization']).toBe('token other-secret');
  });

  it('reports a cancelled request as aborted, not as a network failure', async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(() => {
      controller.abort();
      throw Object.assign(new Error('The operation was aborted.'), {
        name: 'AbortError'
      });
    });
    const error = await rejection(
      fetchServerVersion(CONNECTION, { fetch, abortSignal: controller.signal })
    );
    expect(error.kind).toBe('aborted');
  });

  it('reports a missing server extension on 404, with the fix', async () => {
    const fetch = fakeFetch(
      () =>
        new Response('<html>404 : Not Found</html>', {
          status: 404,
          headers: { 'content-type': 'text/html' }
        })
    );
    const error = await rejection(
      checkServerExtension(CONNECTION, '0.1.0', { fetch })
    );
    expect(error.kind).toBe('server-extension-missing');
    expect(nextStep(error)).toContain('pip install jupyterlab_autopilot');
    expect(nextStep(error)).toContain(
      'jupyter server extension enable jupyterlab_autopilot'
    );
    expect(nextStep(error)).toContain('restart');
  });

  it('reports a version mismatch, with the fix', async () => {
    const fetch = fakeFetch(() => json(200, { version: '0.0.9' }));
    const error = await rejection(
      checkServerExtension(CONNECTION, '0.1.0', { fetch })
    );
    expect(error.kind).toBe('server-extension-mismatch');
    expect(error.details).toEqual({
      serverVersion: '0.0.9',
      frontendVersion: '0.1.0'
    });
    expect(nextStep(error)).toContain(
      'pip install jupyterlab_autopilot==0.1.0'
    );
  });

  it('treats Python and npm spellings of a pre-release as equal', () => {
    expect(versionsMatch('0.2.0a1', '0.2.0-alpha.1')).toBe(true);
    expect(versionsMatch('0.2.0rc2', '0.2.0-rc.2')).toBe(true);
    expect(versionsMatch('0.2.0b1', '0.2.0-alpha.1')).toBe(false);
    expect(versionsMatch('0.2.0', '0.2.1')).toBe(false);
  });

  it('reports a network failure', async () => {
    const fetch = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await rejection(fetchServerVersion(CONNECTION, { fetch }));
    expect(error.kind).toBe('network');
  });

  it('reports a Jupyter refusal', async () => {
    const fetch = fakeFetch(() =>
      json(403, { message: 'Forbidden', reason: null })
    );
    const error = await rejection(fetchServerVersion(CONNECTION, { fetch }));
    expect(error.kind).toBe('jupyter-auth');
  });

  it('reports an unexpected answer', async () => {
    const fetch = fakeFetch(() => json(200, { nope: true }));
    const error = await rejection(fetchServerVersion(CONNECTION, { fetch }));
    expect(error.kind).toBe('unknown');
  });
});

describe('context', () => {
  it('fetches and types the context', async () => {
    document.cookie = '_xsrf=abc';
    const fetch = fakeFetch(() => json(200, CONTEXT));
    const context = await fetchAutopilotContext({ ...CONNECTION, fetch });
    expect(context).toEqual(CONTEXT);
    expect(fetch.calls[0].url).toMatch(
      /^http:\/\/localhost:8888\/lab-base\/autopilot\/context\?\d+$/
    );
    expect(fetch.calls[0].headers['x-xsrftoken']).toBe('abc');
    expect(contextCredentialsError(context)).toBeNull();
    document.cookie = '_xsrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('fills absent nullable fields with null', () => {
    const context = parseAutopilotContext({
      version: '0.1.0',
      region: 'eu-central-1',
      sandbox: true
    });
    expect(context).toEqual({
      version: '0.1.0',
      region: 'eu-central-1',
      account: null,
      callerArn: null,
      defaultBucket: null,
      defaultBucketExists: null,
      executionRoleArn: null,
      executionRoleSource: null,
      sandbox: true,
      credentialsError: null
    });
  });

  it('rejects a context without the required fields', () => {
    expect(() => parseAutopilotContext({ region: 'x' })).toThrow(
      AutopilotError
    );
    expect(() => parseAutopilotContext(null)).toThrow(AutopilotError);
  });

  it('turns credentialsError into a no-credentials error with a next step', () => {
    const context = parseAutopilotContext({
      ...CONTEXT,
      account: null,
      credentialsError: {
        code: 'NoCredentialsError',
        message: 'Unable to locate credentials'
      }
    });
    const error = contextCredentialsError(context)!;
    expect(error.kind).toBe('no-credentials');
    expect(error.message).toBe('Unable to locate credentials');
    expect(error.details.code).toBe('NoCredentialsError');
    expect(nextStep(error)).toMatch(/credentials/);
  });

  it('reports a missing server extension on 404', async () => {
    const fetch = fakeFetch(() => new Response('', { status: 404 }));
    const error = await rejection(fetchAutopilotContext(CONNECTION, { fetch }));
    expect(error.kind).toBe('server-extension-missing');
  });

  it('maps a server-side error answer', async () => {
    const fetch = fakeFetch(() =>
      json(502, {
        error: { code: 'UpstreamUnreachable', message: 'sts unreachable' }
      })
    );
    const error = await rejection(fetchAutopilotContext(CONNECTION, { fetch }));
    expect(error.kind).toBe('upstream-unreachable');
  });
});
