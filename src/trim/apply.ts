import { sourceText, spliceLines } from './source';
import { ICellLike, ISourceEdit, ITextSplice, ITrimPlan } from './types';

/**
 * The cells after the plan: deleted cells left out, edited cells copied with
 * their new source in the representation they had (a list of lines stays a
 * list, with untouched lines unchanged; a string stays a string), every other
 * cell the very same object. A refusal returns a copy of the array.
 */
export function applyPlanToCells<T extends ICellLike>(
  cells: ReadonlyArray<T>,
  plan: ITrimPlan
): T[] {
  if (plan.kind !== 'trim') {
    return [...cells];
  }
  const deleted = new Set(plan.deleteIndices);
  const edits = new Map(plan.edits.map(e => [e.cellIndex, e]));
  const out: T[] = [];
  cells.forEach((cell, index) => {
    if (deleted.has(index)) {
      return;
    }
    const edit = edits.get(index);
    out.push(
      edit ? { ...cell, source: editedSource(cell.source, edit) } : cell
    );
  });
  return out;
}

function editedSource(
  source: string | string[],
  edit: ISourceEdit
): string | string[] {
  if (sourceText(source) !== edit.before) {
    throw new Error(
      `Cell ${edit.cellIndex + 1} changed since the trim was planned; plan it again.`
    );
  }
  if (typeof source === 'string') {
    return edit.after;
  }
  return spliceLines(source, edit.splices ?? [wholeDifference(edit)]);
}

/** One splice covering what differs, for an edit made without splices. */
function wholeDifference(edit: ISourceEdit): ITextSplice {
  const { before, after } = edit;
  let start = 0;
  while (
    start < before.length &&
    start < after.length &&
    before[start] === after[start]
  ) {
    start++;
  }
  let tail = 0;
  while (
    tail < before.length - start &&
    tail < after.length - start &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  return {
    start,
    end: before.length - tail,
    text: after.slice(start, after.length - tail)
  };
}
