import { nullTranslator } from '@jupyterlab/translation';
import { exportToWorkspace } from '../workspaceExport';

const trans = nullTranslator.load('jupyterlab_autopilot');

/** A Contents manager over a Map, with Jupyter's refusal of a rename onto a file. */
function contentsOver(files: Map<string, string>) {
  const calls: string[] = [];
  return {
    calls,
    save: jest.fn(async (path: string, model: { content: string }) => {
      calls.push(`save ${path}`);
      files.set(path, model.content);
      return {} as any;
    }),
    rename: jest.fn(async (from: string, to: string) => {
      calls.push(`rename ${to}`);
      if (files.has(to)) {
        throw Object.assign(new Error('exists'), { response: { status: 409 } });
      }
      files.set(to, files.get(from)!);
      files.delete(from);
      return {} as any;
    }),
    delete: jest.fn(async (path: string) => {
      calls.push(`delete ${path}`);
      files.delete(path);
    })
  };
}

describe('exportToWorkspace', () => {
  it('writes a new file by a rename, and leaves no temporary file', async () => {
    const files = new Map<string, string>();
    const contents = contentsOver(files);
    const outcome = await exportToWorkspace(
      contents,
      { path: 'out/board.csv', content: 'a,b\r\n', format: 'text' },
      trans
    );
    expect(outcome).toBe('exported');
    expect([...files.keys()]).toEqual(['out/board.csv']);
    expect(files.get('out/board.csv')).toBe('a,b\r\n');
    expect(contents.delete).not.toHaveBeenCalled();
  });

  it('replaces an existing file only when told to, and cleans up', async () => {
    const files = new Map([['board.csv', 'old']]);
    const contents = contentsOver(files);
    const outcome = await exportToWorkspace(
      contents,
      { path: 'board.csv', content: 'new', format: 'text' },
      trans,
      true
    );
    expect(outcome).toBe('exported');
    expect([...files.entries()]).toEqual([['board.csv', 'new']]);
  });

  it('passes on errors other than a taken name, and removes its temporary file', async () => {
    const files = new Map<string, string>();
    const contents = contentsOver(files);
    contents.rename.mockRejectedValueOnce(
      Object.assign(new Error('denied'), { response: { status: 403 } })
    );
    await expect(
      exportToWorkspace(
        contents,
        { path: 'board.csv', content: 'x', format: 'text' },
        trans
      )
    ).rejects.toThrow('denied');
    expect(files.size).toBe(0);
  });
});
