/**
 * `repr(float)` as Python writes it, from the same double: Python and
 * JavaScript both print the shortest digits that read back to the same
 * double, but they switch to exponent notation at different magnitudes and
 * Python pads the exponent to two digits and keeps `.0` on whole numbers.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) {
    return 'NaN';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'Infinity' : '-Infinity';
  }
  if (x === 0) {
    return Object.is(x, -0) ? '-0.0' : '0.0';
  }
  const sign = x < 0 ? '-' : '';
  const { digits, point } = shortestDigits(Math.abs(x));
  // Python: exponent notation when the decimal point is before the 4th
  // leading zero or after the 16th digit.
  if (point < -3 || point > 16) {
    const mantissa =
      digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponent = point - 1;
    const expDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${expDigits}`;
  }
  if (point <= 0) {
    return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }
  if (point >= digits.length) {
    return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  }
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * The shortest round-trip digits of a positive finite double, without
 * leading or trailing zeros, and the position of the decimal point:
 * x = 0.DIGITS × 10^point.
 */
function shortestDigits(x: number): { digits: string; point: number } {
  const text = String(x);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const fracPart = dot < 0 ? '' : mantissa.slice(dot + 1);
  let digits = intPart + fracPart;
  let point = intPart.length + exponent;
  const leading = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leading);
  point -= leading;
  digits = digits.replace(/0+$/, '');
  return { digits, point };
}
