import { pythonFloatRepr } from './pythonFloat';

/**
 * JSON read and written exactly as Python's `json.loads` then
 * `json.dumps(value, indent=1, ensure_ascii=False)`, which is how Jupyter
 * saves notebooks. Native JSON differs on numbers (`1.0` becomes `1`,
 * `1e-05` becomes `0.00001`, integers above 2^53 lose digits, `-0`), on
 * object keys that look like integers (JavaScript puts them first) and
 * rejects `NaN`/`Infinity`, which Python writes. This is the slow, exact path;
 * most notebooks never need it (see notebookText.ts).
 */

/** A number kept as the text Python would write for it. */
export class PythonNumber {
  constructor(readonly text: string) {}
}

/** Python nests no deeper than its recursion limit allows. */
const MAX_DEPTH = 990;

/** Raised for text Python's json module would not read. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** A parsed document: values, and the key order of objects JavaScript would reorder. */
export interface IPythonJsonDocument {
  value: unknown;
  keyOrder: WeakMap<object, string[]>;
}

const INTEGER_LIKE_KEY = /^[0-9]+$/;
const MAX_SAFE_DIGITS = 15;

export function parsePythonJson(text: string): IPythonJsonDocument {
  const keyOrder = new WeakMap<object, string[]>();
  let i = 0;
  const n = text.length;

  const fail = (message: string, at = i): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new JsonSyntaxError(message, line, column);
  };
  const skipBlank = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
      } else {
        break;
      }
    }
  };

  const parseString = (): string => {
    const start = i;
    i++;
    let escaped = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        break;
      }
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 32) {
        fail('Invalid control character in string');
      }
      i++;
    }
    if (i >= n) {
      fail('Unterminated string starting', start);
    }
    i++;
    if (!escaped) {
      return text.slice(start + 1, i - 1);
    }
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      return fail('Invalid \\escape in string', start);
    }
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
  const parseNumber = (): number | PythonNumber => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-') {
      return fail('Expecting value');
    }
    i += m[0].length;
    const token = m[0];
    if (m[1] === undefined && m[2] === undefined) {
      const digits = token.replace('-', '');
      if (token === '-0') {
        return 0;
      }
      return digits.length <= MAX_SAFE_DIGITS
        ? Number(token)
        : new PythonNumber(token);
    }
    return new PythonNumber(pythonFloatRepr(Number(token)));
  };

  const parseValue = (depth: number): unknown => {
    if (depth > MAX_DEPTH) {
      fail('Nested too deeply');
    }
    skipBlank();
    const c = text[i];
    if (c === '{') {
      return parseObject(depth);
    }
    if (c === '[') {
      return parseArray(depth);
    }
    if (c === '"') {
      return parseString();
    }
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return parseNumber();
  };

  const parseArray = (depth: number): unknown[] => {
    const out: unknown[] = [];
    i++;
    skipBlank();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(parseValue(depth + 1));
      skipBlank();
      if (text[i] === ',') {
        i++;
      } else if (text[i] === ']') {
        i++;
        return out;
      } else {
        fail("Expecting ',' delimiter");
      }
    }
  };

  const parseObject = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    let order: string[] | null = null;
    const keys: string[] = [];
    i++;
    skipBlank();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      skipBlank();
      if (text[i] !== '"') {
        fail('Expecting property name enclosed in double quotes');
      }
      const key = parseString();
      skipBlank();
      if (text[i] !== ':') {
        fail("Expecting ':' delimiter");
      }
      i++;
      const value = parseValue(depth + 1);
      // Python keeps a repeated key at its first place, with the last value.
      if (!Object.prototype.hasOwnProperty.call(out, key)) {
        keys.push(key);
        if (INTEGER_LIKE_KEY.test(key)) {
          order = keys;
        }
      }
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true
      });
      skipBlank();
      if (text[i] === ',') {
        i++;
      } else if (text[i] === '}') {
        i++;
        if (order) {
          keyOrder.set(out, order);
        }
        return out;
      } else {
        fail("Expecting ',' delimiter");
      }
    }
  };

  const value = parseValue(0);
  skipBlank();
  if (i < n) {
    fail('Extra data');
  }
  return { value, keyOrder };
}

const LITERALS: ReadonlyArray<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', new PythonNumber('NaN')],
  ['Infinity', new PythonNumber('Infinity')],
  ['-Infinity', new PythonNumber('-Infinity')]
];

/** `json.dumps(value, indent=1, ensure_ascii=False)`. */
export function stringifyPythonJson(
  value: unknown,
  keyOrder: WeakMap<object, string[]> = new WeakMap()
): string {
  const parts: string[] = [];
  const indents: string[] = ['\n'];
  const indent = (depth: number): string =>
    (indents[depth] ??= '\n' + ' '.repeat(depth));

  const write = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      parts.push(JSON.stringify(v));
    } else if (typeof v === 'number') {
      parts.push(
        Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER
          ? String(v)
          : pythonFloatRepr(v)
      );
    } else if (v === null || v === true || v === false) {
      parts.push(String(v));
    } else if (v instanceof PythonNumber) {
      parts.push(v.text);
    } else if (Array.isArray(v)) {
      if (v.length === 0) {
        parts.push('[]');
        return;
      }
      parts.push('[');
      v.forEach((item, index) => {
        parts.push(index === 0 ? indent(depth + 1) : ',' + indent(depth + 1));
        write(item, depth + 1);
      });
      parts.push(indent(depth) + ']');
    } else if (typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      const keys = keyOrder.get(obj) ?? Object.keys(obj);
      if (keys.length === 0) {
        parts.push('{}');
        return;
      }
      parts.push('{');
      keys.forEach((key, index) => {
        parts.push(index === 0 ? indent(depth + 1) : ',' + indent(depth + 1));
        parts.push(JSON.stringify(key) + ': ');
        write(obj[key], depth + 1);
      });
      parts.push(indent(depth) + '}');
    } else {
      throw new TypeError(`Cannot write ${typeof v} as JSON`);
    }
  };
  write(value, 0);
  return parts.join('');
}
