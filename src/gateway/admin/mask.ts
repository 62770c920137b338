/**
 * A client address with its host part hidden (IPv4 /24, IPv6 /48): enough to spot a network in an
 * investigation, not enough to single out a person (an address is personal data).
 */
export function maskAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const v4 = mapped?.[1] ?? address;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  if (octets) return `${octets[1]}.${octets[2]}.${octets[3]}.x`;
  if (address.includes(':')) {
    const groups = address.split('::')[0]!.split(':').filter(Boolean).slice(0, 3);
    return `${groups.join(':') || '0'}::/48`;
  }
  return 'masked';
}
