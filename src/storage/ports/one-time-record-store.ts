/**
 * Short-lived single-use state shared by replicas (pending SSO logins, SSO TOTP tickets). `auth`
 * keys each record by a keyed hash of its random id and seals the value; the store sees neither.
 * Times are epoch milliseconds.
 */
export interface OneTimeRecord {
  /** Which family the record belongs to (`sso-flow`, `sso-ticket`); each has its own bound. */
  kind: string;
  idHash: string;
  /** Opaque (sealed by the caller). */
  value: string;
  expiresAt: number;
}

export interface OneTimeRecordStore {
  /**
   * Stores a record; false when (kind, idHash) is taken. When the kind already holds `max`
   * records the oldest are dropped first, so a flood evicts and never grows the table.
   */
  put(record: OneTimeRecord, max: number): Promise<boolean>;
  /** The record if live at `now`, not consumed. */
  peek(kind: string, idHash: string, now: number): Promise<OneTimeRecord | undefined>;
  /**
   * The record if live at `now`, deleted by the same statement: of concurrent takers on any replica
   * exactly one gets it.
   */
  take(kind: string, idHash: string, now: number): Promise<OneTimeRecord | undefined>;
  delete(kind: string, idHash: string): Promise<boolean>;
  /** Deletes up to `limit` records expired at `now`, of every kind; returns how many. */
  deleteExpired(now: number, limit: number): Promise<number>;
}
