import { applyPlanToCells } from './apply';
import { fastJupyterText } from './json/jupyterLayout';
import { parsePythonJson, stringifyPythonJson } from './json/pythonJson';
import { checkTrimOptions } from './options';
import { planTrim } from './plan';
import { ICellLike, ITrimOptions, ITrimPlan } from './types';

/** The text is not JSON, or not a notebook. The CLI exits with status 1. */
export class NotebookReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookReadError';
  }
}

export interface ITrimmedNotebookText {
  plan: ITrimPlan;
  /**
   * The trimmed notebook in Jupyter's layout, with the input's trailing
   * newline or its absence; null when the plan is a refusal.
   */
  output: string | null;
}

type Root = Record<string, unknown> & { cells: ICellLike[] };

/**
 * Trim a notebook given as nbformat JSON text. The output is byte for byte
 * what Jupyter would save for the trimmed notebook: Python's
 * `json.dumps(nb, indent=1, ensure_ascii=False)`, plus the input's trailing
 * newline. Throws TrimOptionsError for invalid options (checked before the
 * text is read) and NotebookReadError for text that is not a notebook.
 */
export function trimNotebookText(
  text: string,
  options: ITrimOptions = {}
): ITrimmedNotebookText {
  const optionsError = checkTrimOptions(options);
  if (optionsError) {
    throw optionsError;
  }
  // Python reads a file with a UTF-8 byte order mark, and writes none back.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trailing = json.endsWith('\n') ? '\n' : '';
  const native = parseNative(json);
  const root = notebookRoot(native ?? parseExact(json).value);
  const plan = planTrim(root.cells, options);
  if (plan.kind === 'refuse') {
    return { plan, output: null };
  }
  if (native) {
    const fast = writeFast(
      json.slice(0, json.length - trailing.length),
      root,
      plan
    );
    if (fast !== null) {
      return { plan, output: fast + trailing };
    }
  }
  return { plan, output: writeExact(json, plan) + trailing };
}

function parseNative(json: string): unknown | undefined {
  try {
    return JSON.parse(json);
  } catch {
    // Python reads more than JSON.parse (NaN, Infinity): the exact parser decides.
    return undefined;
  }
}

function parseExact(json: string): ReturnType<typeof parsePythonJson> {
  try {
    return parsePythonJson(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NotebookReadError(`Not valid JSON: ${reason}.`);
  }
}

function notebookRoot(value: unknown): Root {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NotebookReadError(
      'Not a Jupyter notebook: the JSON is not an object with a "cells" list.'
    );
  }
  const root = value as Record<string, unknown>;
  if (!Array.isArray(root.cells)) {
    const hint = Array.isArray(root.worksheets)
      ? ' It is an nbformat 3 notebook: open and save it in Jupyter to convert it to nbformat 4.'
      : '';
    throw new NotebookReadError(
      `Not a Jupyter notebook: it has no "cells" list.${hint}`
    );
  }
  return root as Root;
}

function writeFast(body: string, root: Root, plan: ITrimPlan): string | null {
  if (plan.kind !== 'trim') {
    return null;
  }
  const cells = applyPlanToCells(root.cells, plan);
  const edited = new Map<number, unknown>();
  for (const edit of plan.edits) {
    edited.set(edit.cellIndex, cells[outputIndex(plan, edit.cellIndex)]);
  }
  try {
    return fastJupyterText(
      body,
      root.cells,
      { ...root, cells },
      plan.deleteIndices,
      edited
    );
  } catch {
    // Nesting too deep for native JSON.stringify: the exact path decides.
    return null;
  }
}

/** Where input cell `index` lands in the output (it is not deleted). */
function outputIndex(
  plan: Extract<ITrimPlan, { kind: 'trim' }>,
  index: number
): number {
  return index - plan.deleteIndices.filter(d => d < index).length;
}

function writeExact(json: string, plan: ITrimPlan): string {
  const { value, keyOrder } = parseExact(json);
  const root = notebookRoot(value);
  const cells = applyPlanToCells(root.cells, plan);
  const keep = keptIndices(root.cells.length, plan);
  keep.forEach((index, k) => {
    const order = keyOrder.get(root.cells[index]);
    if (order && cells[k] !== root.cells[index]) {
      keyOrder.set(cells[k], order);
    }
  });
  const out = { ...root, cells };
  const order = keyOrder.get(root);
  if (order) {
    keyOrder.set(out, order);
  }
  try {
    return stringifyPythonJson(out, keyOrder);
  } catch (error) {
    throw new NotebookReadError(
      `Cannot write the notebook back: ${error instanceof Error ? error.message : String(error)}.`
    );
  }
}

/** Input cell indices of the output cells, in order. */
function keptIndices(count: number, plan: ITrimPlan): number[] {
  const deleted = new Set(plan.kind === 'trim' ? plan.deleteIndices : []);
  const keep: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!deleted.has(i)) {
      keep.push(i);
    }
  }
  return keep;
}
