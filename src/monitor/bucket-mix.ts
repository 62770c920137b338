/** Most principals tracked per bucket; past it newcomers are only counted in the total. */
const MAX_TRACKED = 64;

/**
 * Who contributed to an aggregate subject's (a tenant's, an address's) current time bucket: the
 * largest single principal's share tells a spike spread over many keys from one principal's own.
 */
export class BucketMix {
  private bucket = -1;
  private readonly byPrincipal = new Map<string, number>();
  private total = 0;
  private top = 0;

  constructor(private readonly bucketMs: number) {}

  add(at: number, principal: string, amount: number): void {
    const bucket = Math.floor(at / this.bucketMs);
    if (bucket !== this.bucket) {
      this.bucket = bucket;
      this.byPrincipal.clear();
      this.total = 0;
      this.top = 0;
    }
    this.total += amount;
    const known = this.byPrincipal.get(principal);
    if (known === undefined && this.byPrincipal.size >= MAX_TRACKED) return;
    const next = (known ?? 0) + amount;
    this.byPrincipal.set(principal, next);
    if (next > this.top) this.top = next;
  }

  /** The largest single principal's share of the current bucket (1 when empty). */
  topShare(): number {
    return this.total > 0 ? this.top / this.total : 1;
  }

  /** Distinct principals seen in the current bucket (capped at 64). */
  principals(): number {
    return this.byPrincipal.size;
  }
}
