/** A hub address as typed in Settings ("192.168.1.20:8443", "https://hub.local:8443/"): host and port. */
export interface HubAddress {
  host: string;
  port: number;
  /** The canonical form kept in the link and shown: https://host:port */
  origin: string;
}

/** null for an address that is not host:port with a port in range (the schema already checked the shape). */
export function parseHubAddress(typed: string): HubAddress | null {
  const m = /^(?:https:\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/.exec(typed.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  const host = m[1]!.replace(/^\[|\]$/g, '');
  return { host, port, origin: `https://${m[1]}:${port}` };
}

/** https://host:port as a link keeps it (an IPv6 address in brackets). */
export function originOf(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
