import { newWorkflowId, WORKFLOW_ID_PATTERN, WORKFLOW_TAG_KEY } from '../tags';

describe('workflow ids and tags', () => {
  it('makes ids of the contract', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newWorkflowId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(WORKFLOW_ID_PATTERN);
    }
    expect(WORKFLOW_TAG_KEY).toBe('jupyterlab-autopilot:workflow');
  });

  it('skips the bytes that would bias the alphabet', () => {
    let call = 0;
    const random = (bytes: Uint8Array) => {
      bytes.fill(call++ === 0 ? 255 : 37);
      return bytes;
    };
    expect(newWorkflowId(random)).toBe('bbbbbbbbbbbb');
  });
});
