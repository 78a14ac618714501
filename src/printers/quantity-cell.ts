import { parseQuantity } from '../api/index.js';

/** resource.Quantity.String() of a stored quantity (canonical form); `0` when unset. */
export function quantityCell(q: unknown): string {
  if (q === undefined || q === null || q === '') return '0';
  try {
    return parseQuantity(String(q)).toString();
  } catch {
    return String(q);
  }
}
