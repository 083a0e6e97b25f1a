/** A small least-recently-used map: the graph view keeps the last few layouts so that going back
 *  from a subgraph (or toggling initializers back) shows at once. Bounded by entry count and, with
 *  a weight function, by total weight (a few 50k-node layouts would otherwise hold a lot of memory);
 *  the entry just set is always kept. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weight: (v: V) => number = () => 0,
    private readonly maxWeight = Infinity,
  ) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.remove(key);
    this.map.set(key, value);
    this.total += this.weight(value);
    while (this.map.size > 1 && (this.map.size > this.capacity || this.total > this.maxWeight))
      this.remove(this.map.keys().next().value as K);
  }

  private remove(key: K): void {
    const v = this.map.get(key);
    if (v === undefined) return;
    this.total -= this.weight(v);
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
