/**
 * SetDefaults_Container (pkg/apis/core/v1/defaults.go): `Always` when the image's tag is
 * `latest` (an image with neither tag nor digest counts as `latest`, parsers.ParseImageName),
 * else `IfNotPresent`.
 */
export function defaultImagePullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  const img = image ?? '';
  const at = img.indexOf('@');
  const name = at >= 0 ? img.slice(0, at) : img;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  if (tag === 'latest') return 'Always';
  if (tag === '' && at < 0) return 'Always';
  return 'IfNotPresent';
}
