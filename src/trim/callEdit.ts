import { ITextSplice, IValueChange } from './types';

type Keyword = IValueChange['keyword'];

/** One argument of a call, as offsets in the cell's text. */
interface IArgument {
  /** First non-blank character. */
  start: number;
  /** Just after the last non-blank character. */
  end: number;
  /** The keyword of `name=value`, or null for a positional or `**` argument. */
  keyword: string | null;
  /** The value's span, for a keyword argument. */
  valueStart: number;
  valueEnd: number;
  doubleStar: boolean;
}

/** One call found in a cell: where its parentheses are and what it passes. */
interface ICall {
  open: number;
  /** The closing parenthesis, or -1 when the call is cut off (truncated cell). */
  close: number;
  args: IArgument[];
  /** A comma follows the last argument. */
  trailingComma: boolean;
}

/** The keyword values a cell should carry. */
export interface IKeywordTarget {
  keyword: Keyword;
  value: number;
}

/** What setting keywords in one cell amounts to. */
export interface IKeywordEdit {
  /** How many matching calls the cell has. */
  calls: number;
  splices: ITextSplice[];
  changes: IValueChange[];
  /** Keywords set by something other than digits, left as they are. */
  notLiteral: { keyword: Keyword; expression: string }[];
}

const KEYWORD_ARG = /^([A-Za-z_]\w*)\s*=(?!=)\s*/;
const DIGITS = /^[0-9]+$/;

/**
 * Set keyword arguments of every call matched by `callee` (a regex ending
 * just before the `(`) in `text`. Only the digits of a literal value change;
 * a missing keyword is added on its own line when the call has one argument
 * per line, or inline otherwise. `masked` is `maskPython(text)`.
 */
export function setCallKeywords(
  text: string,
  masked: string,
  callee: RegExp,
  targets: ReadonlyArray<IKeywordTarget>
): IKeywordEdit {
  const edit: IKeywordEdit = {
    calls: 0,
    splices: [],
    changes: [],
    notLiteral: []
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  for (const call of findCalls(masked, callee)) {
    edit.calls++;
    const inserts: { at: number; text: string; keyword: Keyword }[] = [];
    for (const target of targets) {
      const args = call.args.filter(a => a.keyword === target.keyword);
      for (const arg of args) {
        const value = text.slice(arg.valueStart, arg.valueEnd);
        if (!DIGITS.test(masked.slice(arg.valueStart, arg.valueEnd))) {
          edit.notLiteral.push({ keyword: target.keyword, expression: value });
        } else if (value !== String(target.value)) {
          edit.splices.push({
            start: arg.valueStart,
            end: arg.valueEnd,
            text: String(target.value)
          });
          edit.changes.push({
            keyword: target.keyword,
            from: Number(value),
            to: target.value
          });
        }
      }
      if (args.length === 0 && call.close >= 0) {
        const insert = insertion(text, masked, call, target, eol);
        inserts.push({ ...insert, keyword: target.keyword });
        edit.changes.push({
          keyword: target.keyword,
          from: null,
          to: target.value
        });
      }
    }
    // Two keywords added at one place form one splice, in the order given.
    for (const insert of inserts) {
      const same = edit.splices.find(
        s => s.start === insert.at && s.end === insert.at
      );
      if (same) {
        same.text += insert.text;
      } else {
        edit.splices.push({
          start: insert.at,
          end: insert.at,
          text: insert.text
        });
      }
    }
  }
  edit.splices.sort((a, b) => a.start - b.start);
  return edit;
}

/** Where and what to insert so that `call` gets `target`, in the call's style. */
function insertion(
  text: string,
  masked: string,
  call: ICall,
  target: IKeywordTarget,
  eol: string
): { at: number; text: string } {
  const assignment = `${target.keyword}=${target.value}`;
  const exploded = /\n/.test(
    masked.slice(call.open + 1, call.args[0]?.start ?? call.close)
  );
  if (exploded) {
    const anchor = lineAnchor(masked, call, target.keyword);
    if (anchor) {
      return {
        at: anchor.lineStart,
        text: `${anchor.indent}${assignment},${eol}`
      };
    }
  }
  if (call.args.length === 0) {
    return { at: call.open + 1, text: assignment };
  }
  const last = call.args[call.args.length - 1];
  if (call.trailingComma) {
    return { at: masked.indexOf(',', last.end) + 1, text: ` ${assignment}` };
  }
  return { at: last.end, text: `, ${assignment}` };
}

/**
 * The start of an argument line before which a new `keyword=value,` line
 * reads naturally: Autopilot writes `max_parallel_jobs=` then `max_jobs=`,
 * then `**multi_algo_tuning_parameters`. Falls back to the closing line
 * when the last argument has a trailing comma.
 */
function lineAnchor(
  masked: string,
  call: ICall,
  keyword: Keyword
): { lineStart: number; indent: string } | null {
  const args = call.args;
  const byKeyword = (k: string): number => args.findIndex(a => a.keyword === k);
  const choices: number[] = [];
  if (keyword === 'max_jobs') {
    const before = byKeyword('max_parallel_jobs');
    if (before >= 0 && before + 1 < args.length) {
      choices.push(before + 1);
    }
  } else if (keyword === 'max_parallel_jobs') {
    choices.push(byKeyword('max_jobs'));
  }
  choices.push(args.findIndex(a => a.doubleStar));
  for (const index of choices) {
    const line = index >= 0 ? ownLine(masked, args[index].start) : null;
    if (line) {
      return line;
    }
  }
  const close = ownLine(masked, call.close);
  const last = args[args.length - 1];
  if (close && last && call.trailingComma) {
    const lastLine = ownLine(masked, last.start);
    if (lastLine) {
      return { lineStart: close.lineStart, indent: lastLine.indent };
    }
  }
  const firstKeyword = args.findIndex(a => a.keyword !== null);
  if (firstKeyword >= 0) {
    return ownLine(masked, args[firstKeyword].start);
  }
  return null;
}

/** The line of `at` when only blanks precede `at` on it. */
function ownLine(
  masked: string,
  at: number
): { lineStart: number; indent: string } | null {
  const lineStart = masked.lastIndexOf('\n', at - 1) + 1;
  const indent = masked.slice(lineStart, at);
  return /^[ \t]*$/.test(indent) ? { lineStart, indent } : null;
}

/** Every call of `callee` in masked code, with its top-level arguments. */
function findCalls(masked: string, callee: RegExp): ICall[] {
  const calls: ICall[] = [];
  const pattern = new RegExp(callee.source + /\s*\(/.source, 'g');
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(masked))) {
    const open = match.index + match[0].length - 1;
    calls.push(parseArguments(masked, open));
  }
  return calls;
}

function parseArguments(masked: string, open: number): ICall {
  const args: IArgument[] = [];
  let depth = 0;
  let segmentStart = open + 1;
  let close = -1;
  let trailingComma = false;
  const addSegment = (end: number): void => {
    const raw = masked.slice(segmentStart, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    trailingComma = body === '' && args.length > 0;
    if (body === '') {
      return;
    }
    const start = segmentStart + lead;
    const argEnd = start + body.length;
    const kw = KEYWORD_ARG.exec(body);
    args.push({
      start,
      end: argEnd,
      keyword: kw ? kw[1] : null,
      valueStart: kw ? start + kw[0].length : start,
      valueEnd: argEnd,
      doubleStar: body.startsWith('**')
    });
  };
  for (let i = open + 1; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        close = i;
        break;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      addSegment(i);
      segmentStart = i + 1;
    }
  }
  addSegment(close >= 0 ? close : masked.length);
  return { open, close, args, trailingComma };
}
