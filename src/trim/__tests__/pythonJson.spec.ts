import { pythonFloatRepr } from '../json/pythonFloat';
import {
  JsonSyntaxError,
  parsePythonJson,
  stringifyPythonJson
} from '../json/pythonJson';
import { pythonDumps } from './helpers';

const roundTrip = (text: string): string => {
  const { value, keyOrder } = parsePythonJson(text);
  return stringifyPythonJson(value, keyOrder);
};

describe('pythonFloatRepr', () => {
  it.each([
    [1, '1.0'],
    [-0, '-0.0'],
    [0, '0.0'],
    [1e-5, '1e-05'],
    [1e-4, '0.0001'],
    [0.00012, '0.00012'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [123456789012345.6, '123456789012345.6'],
    [1.5e-7, '1.5e-07'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.1, '0.1'],
    [2500, '2500.0'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [NaN, 'NaN']
  ])('%p is written %s', (x, text) => {
    expect(pythonFloatRepr(x)).toBe(text);
  });
});

describe('parsePythonJson and stringifyPythonJson', () => {
  const tricky =
    '{"b": [1.0, 1e-05, 1E+16, -0, -0.0, 12345678901234567890, 1e400, NaN, -Infinity, 1.5e-7, 2.5E3, 0.000001],' +
    ' "10": {"x": 1, "2": 2, "1": 3}, "9": [], "a": {}, "__proto__": {"p": 1},' +
    ' "s": "\\u00e9 é 💡 한국어 \\u00ad \\u2028 \\t \\u001f \\"q\\" \\\\", "d": 1, "d": 2}';

  it('writes what Python writes, key order and numbers included', () => {
    const expected =
      '{\n "b": [\n  1.0,\n  1e-05,\n  1e+16,\n  0,\n  -0.0,\n  12345678901234567890,\n  Infinity,\n  NaN,\n  -Infinity,\n  1.5e-07,\n  2500.0,\n  1e-06\n ],\n' +
      ' "10": {\n  "x": 1,\n  "2": 2,\n  "1": 3\n },\n "9": [],\n "a": {},\n "__proto__": {\n  "p": 1\n },\n' +
      ' "s": "é é 💡 한국어 \u00ad \u2028 \\t \\u001f \\"q\\" \\\\",\n "d": 2\n}';
    expect(roundTrip(tricky)).toBe(expected);
    const python = pythonDumps(tricky);
    if (python !== null) {
      expect(roundTrip(tricky)).toBe(python);
    }
  });

  it('does not let a __proto__ key change the prototype', () => {
    const { value } = parsePythonJson('{"__proto__": {"polluted": 1}}');
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.keys(value as object)).toEqual(['__proto__']);
  });

  it.each([
    ['', /Expecting value/],
    ['{"a": 1,}', /Expecting property name/],
    ['[1 2]', /Expecting ',' delimiter/],
    ['{"a" 1}', /Expecting ':' delimiter/],
    ['"abc', /Unterminated string/],
    ['"a\tb"', /Invalid control character/],
    ['"\\x"', /Invalid \\escape/],
    ['{} {}', /Extra data/],
    ['[-]', /Expecting value/],
    ['['.repeat(2000), /Nested too deeply/]
  ])('rejects %p like Python', (text, message) => {
    expect(() => parsePythonJson(text)).toThrow(JsonSyntaxError);
    expect(() => parsePythonJson(text)).toThrow(message);
  });

  it('reports the line and column', () => {
    expect(() => parsePythonJson('{\n "a": tru\n}')).toThrow(
      'Expecting value at line 2, column 7'
    );
  });
});
