/**
 * The Job strategy's generateSelector (pkg/registry/batch/job/strategy.go): unless
 * spec.manualSelector is true, the template gets `batch.kubernetes.io/job-name`, `job-name`,
 * `batch.kubernetes.io/controller-uid` and `controller-uid` labels and the selector matches
 * `batch.kubernetes.io/controller-uid=<uid>`. It needs the uid, so the store calls it once the uid
 * is assigned (admit() also calls it when metadata.uid is already set). batch/v1 defaulting then
 * copies the template labels to a Job that has none (done here too).
 */
import type { KubeObject } from '../../store/types.js';

export function generateJobSelector(job: KubeObject): KubeObject {
  const spec = job.spec && typeof job.spec === 'object' ? job.spec : {};
  const uid = job.metadata?.uid;
  if (spec.manualSelector === true || !uid) return job;
  const tpl = spec.template && typeof spec.template === 'object' ? spec.template : {};
  const tmeta = tpl.metadata && typeof tpl.metadata === 'object' ? tpl.metadata : {};
  const labels: Record<string, string> = { ...(tmeta.labels ?? {}) };
  const name = String(job.metadata.name ?? '');
  for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!(k in labels)) labels[k] = name;
  for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(k in labels)) labels[k] = uid;
  const sel = spec.selector && typeof spec.selector === 'object' ? spec.selector : {};
  const matchLabels: Record<string, string> = { ...(sel.matchLabels ?? {}) };
  if (!('batch.kubernetes.io/controller-uid' in matchLabels)) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
  const out: KubeObject = {
    ...job,
    spec: { ...spec, selector: { ...sel, matchLabels }, template: { ...tpl, metadata: { ...tmeta, labels } } },
  };
  const own = job.metadata.labels;
  if (!own || Object.keys(own).length === 0) out.metadata = { ...job.metadata, labels: { ...labels } };
  return out;
}
