import { ServerConnection } from '@jupyterlab/services';
import '../../aws/__tests__/fakeFetch';
import { AutopilotServerApi, ServerApiError } from '../serverApi';

interface ICall {
  method: string;
  url: string;
  body: string;
}

/** A fake fetch: ServerConnection.makeRequest hands it a Request. */
function fakeFetch(answer: () => Response) {
  const calls: ICall[] = [];
  const fn = async (request: Request) => {
    calls.push({
      method: request.method,
      url: request.url,
      body: await request.text()
    });
    return answer();
  };
  return Object.assign(fn, { calls });
}
type IFakeFetch = ReturnType<typeof fakeFetch>;

function api(fetch: IFakeFetch) {
  return new AutopilotServerApi(
    ServerConnection.makeSettings({
      baseUrl: 'http://localhost:8888/lab-base/',
      fetch: fetch as any,
      Request: (globalThis as any).Request,
      Headers: (globalThis as any).Headers
    })
  );
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });

async function rejection(promise: Promise<unknown>): Promise<ServerApiError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ServerApiError);
    return e as ServerApiError;
  }
  throw new Error('expected a rejection');
}

describe('AutopilotServerApi', () => {
  it('sends the contract routes under the base URL', async () => {
    const fetch = fakeFetch(() => json(202, { id: 't1', state: 'running' }));
    const client = api(fetch);
    await client.startTask('profile', { path: 'churn.txt' });
    await client.getTask('t/1');
    await client.cancelTask('t1');
    await client.getBucket('b');
    await client.createBucket('b', 'abcdefgh');
    const calls = fetch.calls.map(
      c => `${c.method} ${new URL(c.url).pathname}`
    );
    expect(calls).toEqual([
      'POST /lab-base/autopilot/tasks',
      'GET /lab-base/autopilot/tasks/t%2F1',
      'DELETE /lab-base/autopilot/tasks/t1',
      'GET /lab-base/autopilot/buckets/b',
      'POST /lab-base/autopilot/buckets'
    ]);
    expect(fetch.calls[0].body).toBe(
      JSON.stringify({ kind: 'profile', params: { path: 'churn.txt' } })
    );
  });

  it('lists the tasks of one workflow', async () => {
    const fetch = fakeFetch(() => json(200, { tasks: [{ id: 't1' }] }));
    expect(await api(fetch).listTasks('abcdefgh')).toEqual([{ id: 't1' }]);
    expect(new URL(fetch.calls[0].url).searchParams.get('workflowId')).toBe(
      'abcdefgh'
    );
  });

  it("keeps the server's error with its code, line and extras", async () => {
    const fetch = fakeFetch(() =>
      json(400, {
        error: { code: 'malformed-row', message: 'bad row', line: 7 }
      })
    );
    const error = await rejection(api(fetch).startTask('profile', {}));
    expect(error.status).toBe(400);
    expect(error.code).toBe('malformed-row');
    expect(error.body.line).toBe(7);
  });

  it('names a bare 404 (no server extension) and a lost network', async () => {
    const missing = await rejection(
      api(fakeFetch(() => new Response('Not Found', { status: 404 }))).getTask(
        'x'
      )
    );
    expect(missing.code).toBe('not-found');
    const offline = await rejection(
      api(
        fakeFetch(() => {
          throw new TypeError('Failed to fetch');
        })
      ).getTask('x')
    );
    expect(offline.code).toBe('network');
  });
});
