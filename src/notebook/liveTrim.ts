import type { ISharedNotebook } from '@jupyter/ydoc';
import type { ITrimPlan } from '../trim';

type TrimPlan = Extract<ITrimPlan, { kind: 'trim' }>;

/** Undoes one applied trim, if nothing was done to the notebook since. */
export interface ITrimUndo {
  /** True while the trim is still the notebook's latest undoable change. */
  readonly canUndo: boolean;
  /** Reverts the trim; returns false (and changes nothing) when it cannot. */
  undo(): boolean;
}

/** The undo stack of a shared notebook; YNotebook has one, the interface does not promise it. */
interface IUndoStackOwner {
  undoManager?: {
    undoStack: unknown[];
    stopCapturing(): void;
  };
}

/**
 * Applies a trim plan to a live notebook's shared model in one transaction,
 * so that the notebook's own undo (Ctrl+Z / `notebook:undo`) reverts the
 * whole trim in a single step.
 *
 * The plan must have been computed from this notebook's current cells: the
 * caller recomputes it right before applying, so edits made while a dialog
 * was open are not lost.
 */
export function applyPlanToSharedNotebook(
  notebook: ISharedNotebook,
  plan: TrimPlan
): ITrimUndo {
  const undoManager = (notebook as unknown as IUndoStackOwner).undoManager;
  // Without this, Yjs merges changes made within its capture timeout into one
  // undo step, so the user's last keystrokes would be undone with the trim.
  undoManager?.stopCapturing();
  const stackBefore = undoManager?.undoStack.length ?? 0;

  notebook.transact(() => {
    for (const edit of plan.edits) {
      notebook.getCell(edit.cellIndex).setSource(edit.after);
    }
    const descending = [...plan.deleteIndices].sort((a, b) => b - a);
    for (const index of descending) {
      notebook.deleteCell(index);
    }
  });
  undoManager?.stopCapturing();

  const ourItem = undoManager?.undoStack[stackBefore];
  const isLatest = () =>
    ourItem !== undefined &&
    undoManager!.undoStack[undoManager!.undoStack.length - 1] === ourItem;

  return {
    get canUndo() {
      return isLatest();
    },
    undo() {
      if (!isLatest()) {
        return false;
      }
      notebook.undo();
      return true;
    }
  };
}
