/** NodeColumns.flags bits. */
export const PLAIN = 1;
export const HAS_HOSTNAME = 2;
export const PREFER_NO_SCHEDULE = 4;

/**
 * The numbers the Filter and Score loops read for every node, one typed array per field,
 * indexed by NodeInfo.slot (struct of arrays). A NodeInfo of the cache writes its fields through
 * to these on every change, so a scheduling cycle over 500 nodes reads a few contiguous arrays
 * instead of 500 objects with boxed doubles (memory sizes exceed small integers).
 */
export class NodeColumns {
  capacity = 0;
  allocCPU = new Float64Array(0);
  allocMemory = new Float64Array(0);
  allocEphemeral = new Float64Array(0);
  allocPods = new Float64Array(0);
  reqCPU = new Float64Array(0);
  reqMemory = new Float64Array(0);
  reqEphemeral = new Float64Array(0);
  nzCPU = new Float64Array(0);
  nzMemory = new Float64Array(0);
  podCount = new Float64Array(0);
  /** PLAIN | HAS_HOSTNAME | PREFER_NO_SCHEDULE. */
  flags = new Uint8Array(0);
  /** NodeInfo.zoneId. */
  zoneId = new Int32Array(0);
  /**
   * Last NodeResourcesFit / BalancedAllocation score per node and the pod requests it was for
   * (pods of one template ask the same): valid until the node changes (flush sets the key to NaN).
   */
  fitKeyCPU = new Float64Array(0);
  fitKeyMemory = new Float64Array(0);
  fitScore = new Float64Array(0);
  balKeyCPU = new Float64Array(0);
  balKeyMemory = new Float64Array(0);
  balScore = new Float64Array(0);

  /** Make room for `slot`. */
  ensure(slot: number): void {
    if (slot < this.capacity) return;
    let cap = Math.max(64, this.capacity * 2);
    while (cap <= slot) cap *= 2;
    const f = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.allocCPU = f(this.allocCPU);
    this.allocMemory = f(this.allocMemory);
    this.allocEphemeral = f(this.allocEphemeral);
    this.allocPods = f(this.allocPods);
    this.reqCPU = f(this.reqCPU);
    this.reqMemory = f(this.reqMemory);
    this.reqEphemeral = f(this.reqEphemeral);
    this.nzCPU = f(this.nzCPU);
    this.nzMemory = f(this.nzMemory);
    this.podCount = f(this.podCount);
    this.fitKeyCPU = f(this.fitKeyCPU);
    this.fitKeyMemory = f(this.fitKeyMemory);
    this.fitScore = f(this.fitScore);
    this.balKeyCPU = f(this.balKeyCPU);
    this.balKeyMemory = f(this.balKeyMemory);
    this.balScore = f(this.balScore);
    this.fitKeyCPU.fill(NaN, this.capacity);
    this.balKeyCPU.fill(NaN, this.capacity);
    const flags = new Uint8Array(cap);
    flags.set(this.flags);
    this.flags = flags;
    const zone = new Int32Array(cap).fill(-1);
    zone.set(this.zoneId);
    this.zoneId = zone;
    this.capacity = cap;
  }
}
