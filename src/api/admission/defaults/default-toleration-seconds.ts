/**
 * The DefaultTolerationSeconds admission plugin
 * (plugin/pkg/admission/defaulttolerationseconds/admission.go): every pod that does not
 * already tolerate them gets `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable`
 * NoExecute tolerations with tolerationSeconds (default 300). A toleration with an empty key
 * or an empty effect counts as tolerating.
 */
type Obj = Record<string, any>;

export function addDefaultTolerations(tolerations: Obj[] | undefined, seconds: number): Obj[] | undefined {
  const list = Array.isArray(tolerations) ? tolerations : [];
  let notReady = false;
  let unreachable = false;
  for (const t of list) {
    const key = t?.key ?? '';
    const effectOk = !t?.effect || t.effect === 'NoExecute';
    if (effectOk && (key === 'node.kubernetes.io/not-ready' || key === '')) notReady = true;
    if (effectOk && (key === 'node.kubernetes.io/unreachable' || key === '')) unreachable = true;
  }
  if (notReady && unreachable) return tolerations;
  const out = [...list];
  if (!notReady) out.push({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  if (!unreachable) out.push({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  return out;
}
