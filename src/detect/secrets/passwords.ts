import { isPlaceholder } from './placeholder.js';

// Words people type where a password goes in docs and samples; a URL or curl flag carrying one is an example.
const FILLER = new Set([
  'pass',
  'password',
  'passwd',
  'pwd',
  'secret',
  'test',
  'token',
  'changeit',
  'changeme',
  'user',
  'username',
  'xxx',
  'yyy',
  'foo',
  'bar',
  'mypassword',
  'yourpassword',
  'p@ssw0rd!',
]);

const FILLER_SHAPES = [/^[*x.#-]+$/i, /^\$|^%.{1,64}%$|^\$?\{\{.{0,256}\}\}$|^<.{0,256}>$|^\[.{0,256}\]$/];

/** Every regex the password filter runs, for the ReDoS audit. */
export const passwordPatterns: readonly RegExp[] = FILLER_SHAPES;

/** True when a password taken from a URL, connection string or curl flag is filler or a template. */
export function isPlaceholderPassword(password: string, user = ''): boolean {
  const p = password.replace(/^["']|["']$/g, '');
  if (p.length < 3 || FILLER.has(p.toLowerCase()) || p === user) return true;
  if (FILLER_SHAPES.some((re) => re.test(p))) return true;
  return isPlaceholder(p);
}
