export { describeObject, DESCRIBERS, type DescribeResult } from './describe-object.js';
export { tabwrite } from './tab-writer.js';
export { normaliseDescribeText, describeContains } from './describe-contains.js';
