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

const QUOTES = /^["']|["']$/g;
/** A user name that is itself a template (`$USER`, `{{ user }}`, `$(cat user)`). */
export const TEMPLATED_USER = /^\$|\{\{|\$\(/;

/** Every regex the password filter runs, for the ReDoS audit. */
export const passwordPatterns: readonly RegExp[] = [...FILLER_SHAPES, QUOTES, TEMPLATED_USER];

/** True when a password taken from a URL, connection string or curl flag is filler or a template. */
/** Strips one pair of surrounding quotes. */
export function unquote(value: string): string {
  return value.replace(QUOTES, '');
}

export function isPlaceholderPassword(password: string, user = ''): boolean {
  const p = password.replace(QUOTES, '');
  if (p.length < 3 || FILLER.has(p.toLowerCase()) || p === user) return true;
  if (FILLER_SHAPES.some((re) => re.test(p))) return true;
  return isPlaceholder(p);
}
