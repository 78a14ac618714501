import type { EditConfigMapStep } from '../../../generated/scenario.js';
import { editData } from './edit-data.js';
import type { StepHandler } from './types.js';

/** `editConfigMap: {name, namespace, data, binaryData, remove}`: kubectl edit cm. */
export const editConfigMap: StepHandler = (arg: EditConfigMapStep, rt) => {
  const set: Parameters<typeof editData>[1]['set'] = [];
  if (arg.data) set.push({ field: 'data', values: arg.data, base64: false, argKey: 'data' });
  if (arg.binaryData) set.push({ field: 'binaryData', values: arg.binaryData, base64: true, argKey: 'binaryData' });
  editData('ConfigMap', { name: arg.name, namespace: arg.namespace, set, remove: arg.remove }, rt);
};
