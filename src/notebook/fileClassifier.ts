import type { Contents } from '@jupyterlab/services';
import { planTrim, type NotCandidateReason } from '../trim';

export type FileVerdict = 'trimmable' | 'not-trimmable' | 'unknown';

/**
 * Selecting a file downloads it to classify it; larger notebooks (generated
 * candidate notebooks are about 50 kB) are not read ahead of time, and the
 * command checks them when it runs.
 */
const MAX_PREFETCH_BYTES = 2 * 1024 * 1024;

/**
 * Remembers which notebook files are multi-algorithm candidate notebooks, so
 * that file-browser menu items can be enabled from the content, never from
 * the name. Menus ask synchronously; the answer is fetched in the background
 * when a file is selected, and the command re-checks when it runs.
 */
export class FileClassifier {
  constructor(
    private readonly _contents: Contents.IManager,
    private readonly _onSettled: () => void
  ) {}

  /** The cached verdict for a file as it was last modified. */
  peek(model: Pick<Contents.IModel, 'path' | 'last_modified'>): FileVerdict {
    const known = this._verdicts.get(model.path);
    return known && known.lastModified === model.last_modified
      ? known.verdict
      : 'unknown';
  }

  /** Why a file is not trimmable, when that is known. */
  reason(
    model: Pick<Contents.IModel, 'path' | 'last_modified'>
  ): NotCandidateReason | undefined {
    return this.peek(model) === 'not-trimmable'
      ? this._verdicts.get(model.path)?.reason
      : undefined;
  }

  /** Classifies the file in the background; errors just leave it unknown. */
  prefetch(model: Contents.IModel): void {
    if (
      model.type !== 'notebook' ||
      this.peek(model) !== 'unknown' ||
      this._pending.has(model.path) ||
      (typeof model.size === 'number' && model.size > MAX_PREFETCH_BYTES)
    ) {
      return;
    }
    this._pending.add(model.path);
    this._contents
      .get(model.path, { type: 'notebook', content: true })
      .then(full => {
        const cells = (full.content?.cells ?? []) as any[];
        const plan = planTrim(cells);
        this._verdicts.set(model.path, {
          lastModified: full.last_modified,
          verdict: plan.kind === 'trim' ? 'trimmable' : 'not-trimmable',
          reason: plan.kind === 'refuse' ? plan.reason : undefined
        });
        this._onSettled();
      })
      .catch(() => undefined)
      .finally(() => this._pending.delete(model.path));
  }

  private readonly _verdicts = new Map<
    string,
    { lastModified: string; verdict: FileVerdict; reason?: NotCandidateReason }
  >();
  private readonly _pending = new Set<string>();
}
