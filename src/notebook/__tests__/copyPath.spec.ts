import type { Contents } from '@jupyterlab/services';
import { trimmedCopyName, writeTrimmedCopy } from '../copyPath';

/** An error shaped like the Contents API's ResponseError. */
function responseError(status: number, message: string): Error {
  return Object.assign(new Error(message), { response: { status } });
}

/**
 * The part of Jupyter's file contents manager the copy uses, as the server
 * behaves: `save` creates or overwrites, `rename` answers 409 when the target
 * exists, `get` 404 when the file does not. Every call yields to the event
 * loop first, as a request would, so that concurrent runs interleave; and
 * `rename`, like jupyter_server's, checks the target, then yields, then
 * moves, replacing whatever arrived in between.
 */
class FakeContents {
  readonly files = new Map<string, string>();
  readonly calls: string[] = [];
  failRenameWith: number | null = null;

  async get(path: string): Promise<Partial<Contents.IModel>> {
    await this._tick(`get ${path}`);
    if (!this.files.has(path)) {
      throw responseError(404, `No such file: ${path}`);
    }
    return { path, content: this.files.get(path) };
  }

  async save(
    path: string,
    options: Partial<Contents.IModel>
  ): Promise<Partial<Contents.IModel>> {
    await this._tick(`save ${path}`);
    this.files.set(path, String(options.content));
    return { path };
  }

  async rename(from: string, to: string): Promise<Partial<Contents.IModel>> {
    await this._tick(`rename ${from} ${to}`);
    if (this.failRenameWith !== null) {
      throw responseError(this.failRenameWith, 'Permission denied');
    }
    if (this.files.has(to)) {
      throw responseError(409, `File already exists: ${to}`);
    }
    if (!this.files.has(from)) {
      throw responseError(404, `No such file: ${from}`);
    }
    // shutil.move in a thread: another request runs before the move.
    await new Promise(resolve => setTimeout(resolve, 0));
    this.files.set(to, this.files.get(from)!);
    this.files.delete(from);
    return { path: to };
  }

  async delete(path: string): Promise<void> {
    await this._tick(`delete ${path}`);
    this.files.delete(path);
  }

  asManager(): Contents.IManager {
    return this as unknown as Contents.IManager;
  }

  private async _tick(call: string): Promise<void> {
    this.calls.push(call);
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

describe('trimmedCopyName', () => {
  it('puts -trimmed before the extension, then numbers it', () => {
    expect(trimmedCopyName('a/b/nb.ipynb', 0)).toBe('a/b/nb-trimmed.ipynb');
    expect(trimmedCopyName('nb.IPYNB', 2)).toBe('nb-trimmed-2.IPYNB');
    expect(trimmedCopyName('noext', 0)).toBe('noext-trimmed.ipynb');
  });
});

describe('writeTrimmedCopy', () => {
  it('writes the first free name and leaves nothing else behind', async () => {
    const contents = new FakeContents();
    contents.files.set('d/nb.ipynb', 'original');
    const target = await writeTrimmedCopy(
      contents.asManager(),
      'd/nb.ipynb',
      'trimmed'
    );
    expect(target).toBe('d/nb-trimmed.ipynb');
    expect(Object.fromEntries(contents.files)).toEqual({
      'd/nb.ipynb': 'original',
      'd/nb-trimmed.ipynb': 'trimmed'
    });
  });

  it('never overwrites an existing copy: a taken name is skipped', async () => {
    const contents = new FakeContents();
    contents.files.set('nb.ipynb', 'original');
    contents.files.set('nb-trimmed.ipynb', 'the user edited this copy');
    contents.files.set('nb-trimmed-1.ipynb', 'and this one');
    const target = await writeTrimmedCopy(
      contents.asManager(),
      'nb.ipynb',
      'new'
    );
    expect(target).toBe('nb-trimmed-2.ipynb');
    expect(contents.files.get('nb-trimmed.ipynb')).toBe(
      'the user edited this copy'
    );
    expect(contents.files.get('nb-trimmed-1.ipynb')).toBe('and this one');
    expect(contents.files.get('nb-trimmed-2.ipynb')).toBe('new');
    // Only renames can claim a name; nothing was saved onto a final name.
    expect(
      contents.calls.filter(c => c.startsWith('save ') && !c.endsWith('.tmp'))
    ).toEqual([]);
  });

  it('gives two runs at once two files, each with its own text', async () => {
    const contents = new FakeContents();
    contents.files.set('nb.ipynb', 'original');
    const targets = await Promise.all([
      writeTrimmedCopy(contents.asManager(), 'nb.ipynb', 'first run'),
      writeTrimmedCopy(contents.asManager(), 'nb.ipynb', 'second run')
    ]);
    expect(new Set(targets).size).toBe(2);
    expect(targets.map(t => contents.files.get(t))).toEqual([
      'first run',
      'second run'
    ]);
    expect([...contents.files.keys()].sort()).toEqual([
      'nb-trimmed-1.ipynb',
      'nb-trimmed.ipynb',
      'nb.ipynb'
    ]);
  });

  it('removes its temporary file when the rename fails for another reason', async () => {
    const contents = new FakeContents();
    contents.files.set('nb.ipynb', 'original');
    contents.failRenameWith = 403;
    await expect(
      writeTrimmedCopy(contents.asManager(), 'nb.ipynb', 'x')
    ).rejects.toThrow('Permission denied');
    expect([...contents.files.keys()]).toEqual(['nb.ipynb']);
  });
});
