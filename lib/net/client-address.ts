// Who is the client? Pure: no I/O, no environment. The HTTP front (lib/cli/serve.ts) hands Next.js
// every request with `X-Forwarded-For` ending in the socket's own address, and with the client's
// X-Forwarded-For, -Proto and -Host kept only when that socket is a trusted proxy (TRUSTED_PROXIES).
// clientAddress() then walks the list from the right through trusted proxies: the first address
// that is not one is the client. Without trusted proxies the client is the socket, whatever a
// client writes into X-Forwarded-For.
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type AddressRange = readonly [Address, number];
/** Parsed TRUSTED_PROXIES: the CIDR ranges whose forwarded headers are believed. */
export type TrustedProxies = readonly AddressRange[];

/** A strict IP literal (dotted-quad IPv4 or IPv6), IPv4-mapped IPv6 unwrapped; null for anything else. */
export function parseAddress(text: string): Address | null {
  const value = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (!ipaddr.IPv6.isValid(value)) return null;
  const v6 = ipaddr.IPv6.parse(value);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** "10.0.0.0/8, 192.168.1.7, ::1" → ranges (a bare address is a /32 or /128). */
export function parseAddressRanges(
  list: string,
): { ok: true; ranges: AddressRange[] } | { ok: false; invalid: string } {
  const ranges: AddressRange[] = [];
  for (const item of list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [base, bits, ...rest] = item.split("/");
    const address = parseAddress(base);
    const max = address?.kind() === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!address || rest.length || !(prefix >= 0 && prefix <= max)) return { ok: false, invalid: item };
    ranges.push([address, prefix]);
  }
  return { ok: true, ranges };
}

export function inRanges(address: Address | string, ranges: readonly AddressRange[]): boolean {
  const parsed = typeof address === "string" ? parseAddress(address) : address;
  if (!parsed) return false;
  return ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits));
}

/** The addresses of an X-Forwarded-For value, left (original client) to right (nearest hop). */
const hops = (forwardedFor: string | null | undefined): string[] =>
  (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The client's address from X-Forwarded-For as lib/cli/serve.ts passes it on (the rightmost entry is
 * the socket's address). Walks left while the hop is a trusted proxy; stops at the first address
 * that is not trusted, or at a malformed entry (nothing left of it can be believed). Null only when
 * there is no address at all.
 */
export function clientAddress(forwardedFor: string | null | undefined, trusted: TrustedProxies): string | null {
  const list = hops(forwardedFor);
  let client: Address | null = null;
  for (let i = list.length - 1; i >= 0; i--) {
    const address = parseAddress(list[i]);
    if (!address) break;
    client = address;
    if (!inRanges(address, trusted)) break;
  }
  return client ? client.toString() : null;
}

export type IncomingForwarded = { forwardedFor?: string; proto?: string; host?: string };

/**
 * What the HTTP front tells Next.js: the socket's address appended to X-Forwarded-For when the socket
 * is a trusted proxy (which also vouches for -Proto and -Host), else the socket's address alone and
 * no forwarded protocol or host (Next.js then uses the connection's own).
 */
export function forwardedFromPeer(
  peer: string | undefined,
  incoming: IncomingForwarded,
  trusted: TrustedProxies,
): IncomingForwarded {
  const address = parseAddress(peer ?? "");
  const self = address ? address.toString() : undefined;
  if (!address || !inRanges(address, trusted)) return { forwardedFor: self };
  const forwardedFor = [incoming.forwardedFor?.trim(), self].filter(Boolean).join(", ");
  return { forwardedFor, proto: incoming.proto, host: incoming.host };
}
