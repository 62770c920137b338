/**
 * Log-space helpers for the RDP accountant. Hand-written because the accountant needs log erfc far
 * into the tail (arguments beyond 30), where `Math.log(erfc(x))` underflows; no well-kept npm
 * package provides a log-space erfc.
 */

/** log(e^x + e^y) without overflow. */
export function logAdd(x: number, y: number): number {
  const a = Math.min(x, y);
  const b = Math.max(x, y);
  if (a === -Infinity) return b;
  return Math.log1p(Math.exp(a - b)) + b;
}

/** log(e^x − e^y) for x ≥ y. */
export function logSub(x: number, y: number): number {
  if (x < y) throw new RangeError('logSub: the result would be negative');
  if (y === -Infinity) return x;
  if (x === y) return -Infinity;
  const diff = x - y;
  return diff > 700 ? x : Math.log(Math.expm1(diff)) + y;
}

const SQRT_PI = Math.sqrt(Math.PI);

/** erf by its Maclaurin series; accurate to ~1e-16 for |x| < 0.5, where no cancellation occurs. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/**
 * log(erfc(x) · e^{x²}) for x ≥ 0.5 from the continued fraction
 * erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated by the
 * modified Lentz method.
 */
function logScaledErfcCf(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -Math.log(SQRT_PI) - Math.log(f);
}

/** log(erfc(x)) for any real x, accurate in the far tail. */
export function logErfc(x: number): number {
  if (x >= 0.5) return -x * x + logScaledErfcCf(x);
  if (x > -0.5) return Math.log1p(-erfSeries(x));
  // erfc(x) = 2 − erfc(−x) for negative x.
  return Math.log(2 - Math.exp(logErfc(-x)));
}
