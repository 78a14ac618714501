import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { cmp, printAnnotationsMultiline, printLabelsMultiline } from './describe-format.js';
import { base64ByteLength } from './secret-describe.js';
import { LEVEL_0, PrefixWriter } from './prefix-writer.js';

/**
 * ConfigMapDescriber: each `data` key with `----` and its value, then `BinaryData` byte counts,
 * then events. Keys sorted (1.30 iterates the Go map in random order).
 */
export function describeConfigMap(store: StoreApi, cm: KubeObject, now: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(LEVEL_0, '\nData\n====\n');
  const data: Record<string, string> = cm.data ?? {};
  for (const k of Object.keys(data).sort(cmp)) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${data[k]}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const bin: Record<string, string> = cm.binaryData ?? {};
  for (const k of Object.keys(bin).sort(cmp)) w.write(LEVEL_0, `${k}: ${base64ByteLength(String(bin[k]))} bytes\n`);
  w.write(LEVEL_0, '\n');
  describeEvents(searchEvents(store, cm), w, now);
  return w.toString();
}
