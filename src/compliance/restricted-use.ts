import type { PrincipalUsage } from './access-review-types.js';

/** Modified z-score cut-off (Iglewicz and Hoaglin): beyond it a value is an outlier. */
export const OUTLIER_Z = 3.5;
/** Fewer peers than this and nobody is compared (a baseline of one or two says nothing). */
export const MIN_PEERS = 3;

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Flags principals whose restricted-data requests are far beyond their peers': peers are the other
 * principals of the same tenant and role (else the whole tenant when the role has too few), and the
 * threshold is median + 3.5 × the scaled median absolute deviation, floored at 1 so that peers who
 * never touch restricted data still leave room for occasional use. Median and MAD resist the outlier
 * itself, where mean and standard deviation would be dragged towards it.
 */
export function restrictedOutliers(
  counts: readonly Omit<PrincipalUsage, 'peers' | 'peerMedian' | 'threshold' | 'outlier'>[],
  minRestricted: number,
): PrincipalUsage[] {
  return counts.map((self) => {
    const others = (sameRole: boolean) =>
      counts.filter((c) => c !== self && c.tenant === self.tenant && (!sameRole || c.role === self.role));
    let peers = others(true);
    if (peers.length < MIN_PEERS) peers = others(false);
    const values = peers.map((p) => p.restricted);
    const peerMedian = median(values);
    if (peers.length < MIN_PEERS) return { ...self, peers: peers.length, peerMedian, outlier: false };
    const mad = median(values.map((v) => Math.abs(v - peerMedian)));
    const threshold = peerMedian + OUTLIER_Z * Math.max(1.4826 * mad, 1);
    return {
      ...self,
      peers: peers.length,
      peerMedian,
      threshold: Math.round(threshold * 10) / 10,
      outlier: self.restricted >= minRestricted && self.restricted > threshold,
    };
  });
}
