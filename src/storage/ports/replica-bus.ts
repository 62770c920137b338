/** Connection state of a replica bus; `reason` is a short operator-facing message (no secrets). */
export interface ReplicaBusStatus {
  up: boolean;
  reason?: string;
}

/**
 * What gateway replicas share besides the database: a broadcast channel and first-wins claims
 * (Redis pub/sub and `SET NX PX`; an in-process hub for tests). Messages are opaque strings: the
 * sender decides what goes in them and must keep secrets and prompt text out.
 */
export interface ReplicaBus {
  /** Sends one message to every subscriber, the sender's own included. Rejects while the bus is down. */
  publish(message: string): Promise<void>;
  /** Calls `onMessage` for every message anyone publishes from now on, across reconnects. */
  subscribe(onMessage: (message: string) => void): Promise<void>;
  /** True for exactly one caller of `key` per `ttlMs`, across all replicas. Rejects while down. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Calls `listener` with the current state now, then on every change (not on every failed command). */
  onStatus(listener: (status: ReplicaBusStatus) => void): void;
  close(): Promise<void>;
}
