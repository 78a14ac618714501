/**
 * The DefaultTolerationSeconds admission plugin
 * (plugin/pkg/admission/defaulttolerationseconds/admission.go): every pod that does not
 * already tolerate them gets `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable`
 * NoExecute tolerations with tolerationSeconds (default 300). A toleration with an empty key
 * or an empty effect counts as tolerating.
 */
type Obj = Record<string, any>;

/** The two tolerations every pod without its own gets, shared (frozen) per tolerationSeconds. */
const SHARED = new Map<number, readonly Obj[]>();
function sharedDefaults(seconds: number): Obj[] {
  let l = SHARED.get(seconds);
  if (!l) {
    l = Object.freeze([
      Object.freeze({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }),
      Object.freeze({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }),
    ]);
    if (SHARED.size < 64) SHARED.set(seconds, l);
  }
  return l as Obj[];
}

export function addDefaultTolerations(tolerations: Obj[] | undefined, seconds: number): Obj[] | undefined {
  // Store objects are immutable, so pods without tolerations can all share one list.
  if (tolerations === undefined || tolerations === null || (Array.isArray(tolerations) && tolerations.length === 0)) return sharedDefaults(seconds);
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
