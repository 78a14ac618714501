import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './describe-format.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';

/**
 * describeServiceAccount (kubectl 1.30): Image pull secrets, Mountable secrets and Tokens
 * (`(not found)` after a referenced Secret that does not exist) and Tokens (service-account-token Secrets annotated with this account's name
 * and uid), each header padded to 19 characters, `<none>` when empty; then events.
 */
export function describeServiceAccount(store: StoreApi, sa: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const ns = sa.metadata.namespace;
  w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ns}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const secrets = store.list('Secret', { namespace: ns });
  const tokens = secrets
    .filter(
      (s) =>
        s.type === 'kubernetes.io/service-account-token' &&
        s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name &&
        s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid,
    )
    .map((s) => s.metadata.name!);
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const empty = ' '.repeat(19);
  // sets.StringKeySet(types).List(): the headers in sorted order.
  const groups: Array<[string, string[]]> = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
    ['Tokens:            ', tokens],
  ];
  for (const [header, names] of groups) {
    if (names.length === 0) {
      w.write(LEVEL_0, `${header}\t<none>\n`);
      continue;
    }
    let prefix = header;
    for (const name of names) {
      w.write(LEVEL_0, `${prefix}\t${name}${existing.has(name) ? '' : ' (not found)'}\n`);
      prefix = empty;
    }
  }
  describeEvents(searchEvents(store, sa), w, now);
  return w.toString();
}
