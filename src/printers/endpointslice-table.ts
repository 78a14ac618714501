import { age } from './age.js';
import type { KindPrinter } from './kind-printer.js';

/** listWithMoreString: at most 3, ` + N more...`, `<unset>` when empty. */
function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** printEndpointSlice with formatDiscoveryPorts / formatDiscoveryEndpoints. */
export const endpointSliceTable: KindPrinter = {
  columns: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
  wideColumns: [],
  row(o, now) {
    const max = 3;
    let list: string[] = [];
    let more = false;
    let count = 0;
    for (const p of o.ports ?? []) {
      if (list.length < max) list.push(p.port != null ? String(p.port) : p.name != null ? p.name : '*');
      else if (list.length === max) more = true;
      count++;
    }
    const ports = listWithMore(list, more, count, max);
    list = [];
    more = false;
    count = 0;
    for (const e of o.endpoints ?? []) {
      for (const a of e.addresses ?? []) {
        if (list.length < max) list.push(a);
        else if (list.length === max) more = true;
        count++;
      }
    }
    return [o.metadata.name ?? '', o.addressType ?? '', ports, listWithMore(list, more, count, max), age(o.metadata.creationTimestamp, now)];
  },
};
