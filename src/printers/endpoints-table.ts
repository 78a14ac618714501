import { age } from './age.js';
import type { KindPrinter } from './kind-printer.js';

/** net.JoinHostPort: IPv6 addresses get brackets. */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * formatEndpoints (pkg/printers/internalversion/printers.go): subsets, then ports (outer), then
 * ready addresses (inner); at most 3 shown, then ` + N more...`; `<none>` without subsets.
 * Not-ready addresses are not listed. With `portName` (describe service passes the Service
 * port's name), only ports of that name count.
 */
export function formatEndpoints(ep: any, portName?: string): string {
  const subsets: any[] = ep?.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      if (portName !== undefined && (p.name ?? '') !== portName) continue;
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, p.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** printEndpoints. */
export const endpointsTable: KindPrinter = {
  columns: ['NAME', 'ENDPOINTS', 'AGE'],
  wideColumns: [],
  row(o, now) {
    return [o.metadata.name ?? '', formatEndpoints(o), age(o.metadata.creationTimestamp, now)];
  },
};
