/**
 * A tenant as registered by an admin. Tenants are named by the records that carry them (users, keys,
 * audit entries); one without a record here is active, so a record exists to name, describe and
 * disable a tenant, never to make its data reachable.
 */
export interface TenantRecord {
  /** The identifier users, keys and audit entries carry. Unique. */
  id: string;
  /** Display name. */
  name: string;
  /** Set while the tenant is disabled: its keys and console users are refused. */
  disabledAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** Storage port for tenants (issue 5). */
export interface TenantStore {
  /** Stores a new tenant; false when the id exists. */
  create(tenant: TenantRecord): Promise<boolean>;
  get(id: string): Promise<TenantRecord | undefined>;
  list(): Promise<TenantRecord[]>;
  /** Renames, disables (`disabled: true`) or re-enables; false when absent. */
  update(id: string, change: { name?: string; disabled?: boolean }, at: string): Promise<boolean>;
}
