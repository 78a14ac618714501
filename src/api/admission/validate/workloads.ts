/**
 * Workload validation: pkg/apis/apps/validation/validation.go (ValidateDeploymentSpec,
 * ValidateRollingUpdateDeployment, ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet,
 * ValidateStatefulSetSpec, ValidateDaemonSetSpec, ValidatePositiveIntOrPercent,
 * IsNotMoreThan100Percent) and pkg/apis/batch/validation/validation.go (validateJobSpec,
 * ValidateCronJobCreate, ValidateJobTemplateSpec).
 */
import { labelSelectorAsSelector } from '../../selector.js';
import { isValidPercent, isDNS1123Label } from '../../validation.js';
import { fieldErr, goIntOrString, goLabelSelector, goStringMap, type FieldError, type PathIn } from '../field-error.js';
import { validateLabelSelector } from './label-selector.js';
import { validateLabels, validateAnnotations } from './object-meta.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import { defaultPodTemplate } from '../defaults/pod-spec.js';

/**
 * The template is a struct (not a pointer) upstream: a missing one is the zero value, which the
 * defaulters still fill (restartPolicy Always, dnsPolicy ClusterFirst, ...). Validate that.
 */
function templateOrZero(tpl: unknown): Obj {
  return isObj(tpl) ? tpl : (defaultPodTemplate({ metadata: {}, spec: {} }) as Obj);
}

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

function nonNeg(v: unknown, path: PathIn): FieldError[] {
  return typeof v === 'number' && v < 0 ? [fieldErr.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

/** getPercentValue / getIntOrPercentValue (apps validation). */
function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  return Number.parseInt(v.slice(0, -1), 10);
}
function intOrPercentValue(v: unknown): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === 'number') return v;
  // IntOrString.IntValue() of a non-percent string: strconv.Atoi, 0 on error.
  const n = typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number.parseInt(v, 10) : 0;
  return n;
}

export function validatePositiveIntOrPercent(v: unknown, path: PathIn): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => fieldErr.invalid(path, goIntOrString(v), m));
  if (typeof v === 'number') return nonNeg(v, path);
  return [];
}

export function isNotMoreThan100Percent(v: unknown, path: PathIn): FieldError[] {
  const p = percentValue(v);
  if (p === undefined || p <= 100) return [];
  return [fieldErr.invalid(path, goIntOrString(v), 'must not be greater than 100%')];
}

function selectorMatches(sel: Obj | undefined, labels: Record<string, string> | undefined): { ok: boolean; empty: boolean; error: boolean } {
  try {
    const s = labelSelectorAsSelector(sel as never);
    return { ok: s.matches(labels ?? {}), empty: s.empty(), error: false };
  } catch {
    return { ok: false, empty: false, error: true };
  }
}

function templateLabels(tpl: unknown): Record<string, string> | undefined {
  return isObj(tpl) && isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? (tpl.metadata.labels as Record<string, string>) : undefined;
}

function restartPolicyOf(tpl: unknown): string {
  return isObj(tpl) && isObj(tpl.spec) ? String(tpl.spec.restartPolicy ?? '') : '';
}

/** Selector required, valid, non-empty (`empty selector is invalid for <what>`). */
function validateSelector(spec: Obj, what: string): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.selector === undefined || spec.selector === null) {
    errs.push(fieldErr.required(['spec', 'selector'], ''));
    return errs;
  }
  errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']));
  const ml = isObj(spec.selector.matchLabels) ? Object.keys(spec.selector.matchLabels).length : 0;
  const me = Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0;
  if (ml + me === 0) errs.push(fieldErr.invalid(['spec', 'selector'], goLabelSelector(spec.selector), `empty selector is invalid for ${what}`));
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet (also used by Deployments). */
function validateTemplateForReplicaSet(spec: Obj, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const tpl = templateOrZero(spec.template);
  const m = selectorMatches(spec.selector, templateLabels(tpl));
  if (m.error) {
    errs.push(fieldErr.invalid(['spec', 'selector'], goLabelSelector(spec.selector), 'invalid label selector'));
    return errs;
  }
  if (!m.empty && !m.ok) {
    errs.push(fieldErr.invalid(['spec', 'template', 'metadata', 'labels'], goStringMap(templateLabels(tpl)), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(tpl, ['spec', 'template']));
  const rp = restartPolicyOf(tpl);
  if (rp !== 'Always') errs.push(fieldErr.notSupported(['spec', 'template', 'spec', 'restartPolicy'], rp, ['Always']));
  if (isObj(tpl.spec) && tpl.spec.activeDeadlineSeconds != null) {
    errs.push(fieldErr.forbidden(['spec', 'template', 'spec', 'activeDeadlineSeconds'], `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

export function validateDeploymentSpec(spec0: Obj): FieldError[] {
  const spec: Obj = { ...spec0, template: templateOrZero(spec0.template) };
  const errs: FieldError[] = [];
  errs.push(...nonNeg(spec.replicas, ['spec', 'replicas']));
  errs.push(...validateSelector(spec, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'ReplicaSet'));
  const st: Obj = isObj(spec.strategy) ? spec.strategy : {};
  switch (st.type) {
    case 'Recreate':
      if (st.rollingUpdate != null) errs.push(fieldErr.forbidden(['spec', 'strategy', 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate': {
      if (!isObj(st.rollingUpdate)) {
        errs.push(fieldErr.required(['spec', 'strategy', 'rollingUpdate'], 'this should be defaulted and never be nil'));
        break;
      }
      const ru = st.rollingUpdate;
      const p: PathIn = ['spec', 'strategy', 'rollingUpdate'];
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, [...p, 'maxUnavailable']));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, [...p, 'maxSurge']));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(fieldErr.invalid([...p, 'maxUnavailable'], goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, [...p, 'maxUnavailable']));
      break;
    }
    default:
      errs.push(fieldErr.notSupported(['spec', 'strategy'], { go: `apps.DeploymentStrategy{Type:${JSON.stringify(st.type ?? '')}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}` }, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...nonNeg(spec.minReadySeconds, ['spec', 'minReadySeconds']));
  if (spec.revisionHistoryLimit != null) errs.push(...nonNeg(spec.revisionHistoryLimit, ['spec', 'revisionHistoryLimit']));
  if (spec.progressDeadlineSeconds != null) {
    errs.push(...nonNeg(spec.progressDeadlineSeconds, ['spec', 'progressDeadlineSeconds']));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(fieldErr.invalid(['spec', 'progressDeadlineSeconds'], spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateReplicaSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNeg(spec.replicas, ['spec', 'replicas']));
  errs.push(...nonNeg(spec.minReadySeconds, ['spec', 'minReadySeconds']));
  errs.push(...validateSelector(spec, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'ReplicaSet'));
  return errs;
}

export function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (!pmp) errs.push(fieldErr.required(['spec', 'podManagementPolicy'], ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(fieldErr.invalid(['spec', 'podManagementPolicy'], pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us: Obj = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  switch (us.type ?? '') {
    case '':
      errs.push(fieldErr.required(['spec', 'updateStrategy'], ''));
      break;
    case 'OnDelete':
      if (us.rollingUpdate != null) {
        errs.push(fieldErr.invalid(['spec', 'updateStrategy', 'rollingUpdate'], { go: `&apps.RollingUpdateStatefulSetStrategy{Partition:${us.rollingUpdate.partition ?? 0}, MaxUnavailable:(*intstr.IntOrString)(nil)}` }, "only allowed for updateStrategy 'RollingUpdate'"));
      }
      break;
    case 'RollingUpdate':
      if (isObj(us.rollingUpdate)) {
        errs.push(...nonNeg(us.rollingUpdate.partition, ['spec', 'updateStrategy', 'rollingUpdate', 'partition']));
      }
      break;
    default:
      errs.push(fieldErr.invalid(['spec', 'updateStrategy'], { go: `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(us.type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}` }, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const rp: Obj | undefined = isObj(spec.persistentVolumeClaimRetentionPolicy) ? spec.persistentVolumeClaimRetentionPolicy : undefined;
  if (rp) {
    for (const k of ['whenDeleted', 'whenScaled']) {
      if (rp[k] !== 'Retain' && rp[k] !== 'Delete') errs.push(fieldErr.notSupported(['spec', 'persistentVolumeClaimRetentionPolicy', k], rp[k] ?? '', ['Retain', 'Delete']));
    }
  }
  errs.push(...nonNeg(spec.replicas, ['spec', 'replicas']));
  errs.push(...nonNeg(spec.minReadySeconds, ['spec', 'minReadySeconds']));
  if (spec.selector == null) errs.push(fieldErr.required(['spec', 'selector'], ''));
  else {
    errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']));
    const ml = isObj(spec.selector.matchLabels) ? Object.keys(spec.selector.matchLabels).length : 0;
    const me = Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0;
    if (ml + me === 0) errs.push(fieldErr.invalid(['spec', 'selector'], goLabelSelector(spec.selector), 'empty selector is invalid for statefulset'));
  }
  const tpl = templateOrZero(spec.template);
  const m = selectorMatches(spec.selector, templateLabels(tpl));
  if (m.error) errs.push(fieldErr.invalid(['spec', 'selector'], goLabelSelector(spec.selector), ''));
  else {
    // ValidatePodTemplateSpecForStatefulSet: labels/annotations only (the pod spec is not validated here upstream).
    if (!m.empty && !m.ok) errs.push(fieldErr.invalid(['spec', 'template', 'metadata', 'labels'], goStringMap(templateLabels(tpl)), '`selector` does not match template `labels`'));
    const meta: Obj = isObj(tpl.metadata) ? tpl.metadata : {};
    errs.push(...validateLabels(meta.labels, ['spec', 'template', 'labels']));
    errs.push(...validateAnnotations(meta.annotations, ['spec', 'template', 'annotations']));
  }
  const rpol = restartPolicyOf(tpl);
  if (rpol !== 'Always') errs.push(fieldErr.notSupported(['spec', 'template', 'spec', 'restartPolicy'], rpol, ['Always']));
  if (isObj(tpl) && isObj(tpl.spec) && tpl.spec.activeDeadlineSeconds != null) {
    errs.push(fieldErr.forbidden(['spec', 'template', 'spec', 'activeDeadlineSeconds'], 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

export function validateDaemonSetSpec(spec0: Obj): FieldError[] {
  const spec: Obj = { ...spec0, template: templateOrZero(spec0.template) };
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']));
  const m = selectorMatches(spec.selector, templateLabels(spec.template));
  if (!m.error && !m.ok) {
    errs.push(fieldErr.invalid(['spec', 'template', 'metadata', 'labels'], goStringMap(templateLabels(spec.template)), '`selector` does not match template `labels`'));
  }
  if (isObj(spec.selector)) {
    const ml = isObj(spec.selector.matchLabels) ? Object.keys(spec.selector.matchLabels).length : 0;
    const me = Array.isArray(spec.selector.matchExpressions) ? spec.selector.matchExpressions.length : 0;
    if (ml + me === 0) errs.push(fieldErr.invalid(['spec', 'selector'], goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, ['spec', 'template']));
  const rp = restartPolicyOf(spec.template);
  if (rp !== 'Always') errs.push(fieldErr.notSupported(['spec', 'template', 'spec', 'restartPolicy'], rp, ['Always']));
  if (isObj(spec.template) && isObj(spec.template.spec) && spec.template.spec.activeDeadlineSeconds != null) {
    errs.push(fieldErr.forbidden(['spec', 'template', 'spec', 'activeDeadlineSeconds'], 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...nonNeg(spec.minReadySeconds, ['spec', 'minReadySeconds']));
  const us: Obj = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  const up: PathIn = ['spec', 'updateStrategy'];
  if (us.type === 'RollingUpdate') {
    if (!isObj(us.rollingUpdate)) errs.push(fieldErr.required([...up, 'rollingUpdate'], ''));
    else {
      const ru = us.rollingUpdate;
      const p: PathIn = [...up, 'rollingUpdate'];
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, [...p, 'maxUnavailable']));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, [...p, 'maxSurge']));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, [...p, 'maxUnavailable']));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, [...p, 'maxSurge']));
      const hasU = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasS = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasU && hasS) errs.push(fieldErr.invalid([...p, 'maxSurge'], goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
      if (!hasU && !hasS) errs.push(fieldErr.required([...p, 'maxUnavailable'], 'cannot be 0 when maxSurge is 0'));
    }
  } else if (us.type !== 'OnDelete') {
    errs.push(fieldErr.notSupported(up, { go: `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(us.type ?? '')}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}` }, ['RollingUpdate', 'OnDelete']));
  }
  if (spec.revisionHistoryLimit != null) errs.push(...nonNeg(spec.revisionHistoryLimit, ['spec', 'revisionHistoryLimit']));
  return errs;
}

/** validateJobSpec (common to Jobs and CronJob job templates); `base` is `spec` or `spec.jobTemplate.spec`. */
function validateJobSpecCommon(spec0: Obj, base: PathIn): FieldError[] {
  const spec: Obj = { ...spec0, template: templateOrZero(spec0.template) };
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    if (spec[f] != null) errs.push(...nonNeg(spec[f], [...base, f]));
  }
  if (spec.completionMode != null) {
    if (spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
      errs.push(fieldErr.notSupported([...base, 'completionMode'], spec.completionMode, ['NonIndexed', 'Indexed']));
    }
    if (spec.completionMode === 'Indexed' && spec.completions == null) errs.push(fieldErr.required([...base, 'completions'], 'when completion mode is Indexed'));
  }
  if (spec.podReplacementPolicy != null && !['TerminatingOrFailed', 'Failed'].includes(spec.podReplacementPolicy)) {
    errs.push(fieldErr.notSupported([...base, 'podReplacementPolicy'], spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed']));
  }
  const tp: PathIn = [...base, 'template'];
  const m = selectorMatches(spec.selector, templateLabels(spec.template));
  if (spec.selector != null && !m.error && !m.ok) {
    errs.push(fieldErr.invalid([...tp, 'metadata', 'labels'], goStringMap(templateLabels(spec.template)), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(spec.template, tp));
  const rp = restartPolicyOf(spec.template);
  if (rp === 'Always' || rp === '') errs.push(fieldErr.required([...tp, 'spec', 'restartPolicy'], 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(fieldErr.notSupported([...tp, 'spec', 'restartPolicy'], rp, ['OnFailure', 'Never']));
  return errs;
}

export function validateJob(job: Obj): FieldError[] {
  const spec: Obj = isObj(job.spec) ? job.spec : {};
  const errs: FieldError[] = [];
  // Without manualSelector the selector is generated from the uid (generateJobSelector), which the
  // store assigns after admission: a missing selector is only an error with manualSelector: true.
  if (spec.selector == null) {
    if (spec.manualSelector === true) errs.push(fieldErr.required(['spec', 'selector'], ''));
  } else errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']));
  errs.push(...validateJobSpecCommon(spec, ['spec']));
  const name = String(job.metadata?.name ?? '');
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const host = `${name}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length) errs.push(fieldErr.invalid(['metadata', 'name'], name, `will not able to create pod with invalid DNS label: ${host}`));
  }
  return errs;
}

/** robfig/cron ParseStandard's first check (5 fields, or a @descriptor). */
function cronError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (s.startsWith('@')) {
    if (['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'].includes(s) || s.startsWith('@every ')) return undefined;
    return `unrecognized descriptor: ${s}`;
  }
  let fields = s.split(/\s+/).filter(Boolean);
  if (fields.length && (fields[0]!.startsWith('TZ=') || fields[0]!.startsWith('CRON_TZ='))) fields = fields.slice(1);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  return undefined;
}

export function validateCronJob(cj: Obj): FieldError[] {
  const spec: Obj = isObj(cj.spec) ? cj.spec : {};
  const errs: FieldError[] = [];
  if (!spec.schedule) errs.push(fieldErr.required(['spec', 'schedule'], ''));
  else {
    const e = cronError(String(spec.schedule));
    if (e) errs.push(fieldErr.invalid(['spec', 'schedule'], spec.schedule, e));
    else if (/(^|\s)(CRON_)?TZ=/.test(String(spec.schedule))) {
      errs.push(fieldErr.invalid(['spec', 'schedule'], spec.schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  if (spec.startingDeadlineSeconds != null) errs.push(...nonNeg(spec.startingDeadlineSeconds, ['spec', 'startingDeadlineSeconds']));
  const cp = spec.concurrencyPolicy;
  if (!cp) errs.push(fieldErr.required(['spec', 'concurrencyPolicy'], ''));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(fieldErr.notSupported(['spec', 'concurrencyPolicy'], cp, ['Allow', 'Forbid', 'Replace']));
  const jt: Obj = isObj(spec.jobTemplate) ? spec.jobTemplate : {};
  const js: Obj = isObj(jt.spec) ? jt.spec : {};
  errs.push(...validateJobSpecCommon(js, ['spec', 'jobTemplate', 'spec']));
  if (js.selector != null) errs.push(fieldErr.invalid(['spec', 'jobTemplate', 'spec', 'selector'], goLabelSelector(js.selector), '`selector` will be auto-generated'));
  if (js.manualSelector === true) errs.push(fieldErr.notSupported(['spec', 'jobTemplate', 'spec', 'manualSelector'], true, ['nil', 'false']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) if (spec[f] != null) errs.push(...nonNeg(spec[f], ['spec', f]));
  const name = String(cj.metadata?.name ?? '');
  if (name.length > 52) errs.push(fieldErr.invalid(['metadata', 'name'], name, 'must be no more than 52 characters'));
  return errs;
}
