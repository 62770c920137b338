import type { TenantRecord } from './tenant-store.js';

/** The record after an update; every adapter stores the whole record, so they agree on this. */
export function applyTenantChange(
  t: TenantRecord,
  change: { name?: string; disabled?: boolean },
  at: string,
): TenantRecord {
  const { disabledAt, ...rest } = t;
  const disabled = change.disabled ?? disabledAt !== undefined;
  return {
    ...rest,
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(disabled ? { disabledAt: disabledAt ?? at } : {}),
    updatedAt: at,
  };
}
