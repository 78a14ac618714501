import type { EditSecretStep } from '../../../generated/scenario.js';
import { editData } from './edit-data.js';
import type { StepHandler } from './types.js';

/**
 * `editSecret: {name, namespace, data, base64Data, remove}`: kubectl edit secret. `data` values
 * are plain text (stored base64-encoded, as stringData would be); `base64Data` values are
 * stored as given.
 */
export const editSecret: StepHandler = (arg: EditSecretStep, rt) => {
  const set: Parameters<typeof editData>[1]['set'] = [];
  if (arg.data) set.push({ field: 'data', values: arg.data, base64: false, argKey: 'data' });
  if (arg.base64Data) set.push({ field: 'data', values: arg.base64Data, base64: true, argKey: 'base64Data' });
  editData('Secret', { name: arg.name, namespace: arg.namespace, set, remove: arg.remove }, rt);
};
