const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Masks e-mail addresses in a display name (`ana@example.com` → `a***@example.com`). */
export function maskName(name: string): string {
  return name.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
}
