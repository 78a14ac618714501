// The barrel exports every api module (other helpers import from 'src/api/index.js').
import { expect, it } from 'vitest';
import * as api from '../../src/api/index.js';

it('exports the api surface', () => {
  for (const name of [
    'parseQuantity', 'mustParseQuantity', 'quantityBytes', 'quantityMillis', 'Quantity',
    'parseSelector', 'labelSelectorAsSelector', 'selectorFromSet', 'everything', 'nothing',
    'isDNS1123Subdomain', 'isDNS1123Label', 'isDNS1035Label', 'isQualifiedName', 'isValidLabelValue',
    'isConfigMapKey', 'isValidPortName', 'isValidPortNum', 'isValidPercent', 'isValidIP', 'isValidCIDR',
    'validateLabels', 'validateAnnotations',
    'parseIntOrString', 'getScaledValueFromIntOrPercent', 'getValueFromIntOrPercent',
    'resolveFenceposts', 'maxUnavailable', 'maxSurge', 'minAvailable',
    'computePodQOS', 'parseDuration', 'formatDuration', 'humanDuration', 'shortHumanDuration',
    'toTimestamp', 'resolveKind',
  ]) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
});
