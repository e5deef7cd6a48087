// PyDict and PySet: insertion-ordered hash tables with Python key rules
// (1 == 1.0 == True, tuples / frozensets / bytes by value, str, None; other
// objects by identity; list / dict / set unhashable).
import { PyFloat, PySlice, normBig, objectId } from './values.js';
import { TypeErr, exc } from './exceptions.js';

const COMPOUND = Symbol('compound');
const HOLE: unique symbol = Symbol('hole');

/** The key of a hashable value in the primitive map, or COMPOUND for by-value containers. */
function primKey(k: any): any {
  switch (typeof k) {
    case 'string':
      return k;
    case 'number':
      if (Number.isInteger(k)) {
        if (Number.isSafeInteger(k)) return k === 0 ? 0 : k;
        return BigInt(k);
      }
      return k;
    case 'bigint':
      return normBig(k);
    case 'boolean':
      return k ? 1 : 0;
    case 'undefined':
      return null;
    case 'object':
      if (k === null) return null;
      if (k instanceof PyFloat) return primKey(k.v);
      if (Array.isArray(k)) {
        if (Object.isFrozen(k)) return COMPOUND;
        throw unhashable(k);
      }
      if (k instanceof PySet) {
        if (k.frozen) return COMPOUND;
        throw unhashable(k);
      }
      if (k instanceof PyDict || k instanceof PySlice) throw unhashable(k);
      if (k instanceof Uint8Array) return COMPOUND;
      if (typeof k.__hash__ === 'function' && typeof k.__eq__ === 'function') return COMPOUND;
      if (k.__hash__ === null) throw unhashable(k);
      return k;
    default:
      return k; // functions, symbols: identity
  }
}

function unhashable(k: any) {
  const name = Array.isArray(k) ? 'list' : k instanceof PyDict ? 'dict' : k instanceof PySet ? 'set' : k instanceof PySlice ? 'slice' : (k?.constructor?.__name__ ?? k?.constructor?.name ?? 'object');
  return TypeErr(`unhashable type: '${name}'`);
}

/** Injective serialization of a by-value key (tuple, frozenset, bytes, __hash__ objects). */
function ser(k: any): string {
  const p = primKey(k);
  if (p !== COMPOUND) {
    switch (typeof p) {
      case 'string':
        return 's' + p.length + ':' + p;
      case 'number':
      case 'bigint':
        return 'n' + String(p);
      case 'object':
        return p === null ? 'N' : 'o' + objectId(p);
      case 'function':
        return 'o' + objectId(p);
      default:
        return 'x' + String(p);
    }
  }
  if (Array.isArray(k)) {
    let s = '(';
    for (let i = 0; i < k.length; i++) s += (i ? ',' : '') + ser(k[i]);
    return s + ')';
  }
  if (k instanceof PySet) {
    const parts: string[] = [];
    for (const x of k) parts.push(ser(x));
    parts.sort();
    return '{' + parts.join(',') + '}';
  }
  if (k instanceof Uint8Array) {
    let s = 'b';
    for (let i = 0; i < k.length; i++) s += (k[i] < 16 ? '0' : '') + k[i].toString(16);
    return s;
  }
  // objects with __hash__/__eq__: group by hash, then identity of the first equal key
  return 'h' + String(k.__hash__()) + ':' + objectId(k);
}

/** Shared ordered hash table. */
class KeyTable {
  /** primitive key → index */
  protected pm = new Map<any, number>();
  /** serialized compound key → index */
  protected cm: Map<string, number> | null = null;
  /** keys in insertion order; HOLE for deleted slots */
  protected ks: any[] = [];
  size = 0;
  /** bumped whenever slots move (compaction / clear) */
  layout = 0;

  protected find(k: any): number {
    const p = primKey(k);
    if (p !== COMPOUND) {
      const i = this.pm.get(p);
      return i === undefined ? -1 : i;
    }
    if (this.cm === null) return -1;
    const s = this.serFind(k);
    const i = this.cm.get(s);
    return i === undefined ? -1 : i;
  }

  private serFind(k: any): string {
    if (typeof k?.__hash__ === 'function' && !Array.isArray(k) && !(k instanceof PySet) && !(k instanceof Uint8Array)) {
      // find an equal key with the same hash
      const h = String(k.__hash__());
      for (const [s] of this.cm!) {
        if (s.startsWith('h' + h + ':')) {
          const idx = this.cm!.get(s)!;
          const other = this.ks[idx];
          if (other === k || k.__eq__(other) === true) return s;
        }
      }
    }
    return ser(k);
  }

  /** index of k, inserting it when missing (returns [index, inserted]) */
  protected slot(k: any): number {
    const p = primKey(k);
    if (p !== COMPOUND) {
      const i = this.pm.get(p);
      if (i !== undefined) return i;
      const n = this.ks.length;
      this.pm.set(p, n);
      this.ks.push(k);
      this.size++;
      return -1 - n;
    }
    if (this.cm === null) this.cm = new Map();
    const s = this.serFind(k);
    const i = this.cm.get(s);
    if (i !== undefined) return i;
    const n = this.ks.length;
    this.cm.set(s, n);
    this.ks.push(k);
    this.size++;
    return -1 - n;
  }

  protected remove(k: any): number {
    const p = primKey(k);
    let i: number | undefined;
    if (p !== COMPOUND) {
      i = this.pm.get(p);
      if (i === undefined) return -1;
      this.pm.delete(p);
    } else {
      if (this.cm === null) return -1;
      const s = this.serFind(k);
      i = this.cm.get(s);
      if (i === undefined) return -1;
      this.cm.delete(s);
    }
    this.ks[i] = HOLE;
    this.size--;
    return i;
  }

  protected maybeCompact(vals: any[] | null): void {
    const holes = this.ks.length - this.size;
    if (holes > 32 && holes > this.size) this.compact(vals);
  }

  protected compact(vals: any[] | null): void {
    const ks: any[] = [];
    const vs: any[] = [];
    const pm = new Map<any, number>();
    const cm = this.cm ? new Map<string, number>() : null;
    for (let i = 0; i < this.ks.length; i++) {
      const k = this.ks[i];
      if (k === HOLE) continue;
      const n = ks.length;
      ks.push(k);
      if (vals) vs.push(vals[i]);
      const p = primKey(k);
      if (p !== COMPOUND) pm.set(p, n);
      else cm!.set(ser(k), n);
    }
    this.ks = ks;
    this.pm = pm;
    this.cm = cm;
    this.layout++;
    if (vals) {
      vals.length = 0;
      for (const v of vs) vals.push(v);
    }
  }

  protected clearTable(): void {
    this.pm = new Map();
    this.cm = null;
    this.ks = [];
    this.size = 0;
    this.layout++;
  }

  /** Raw slot access for iterators: number of slots, key at slot (HOLE if deleted). */
  slotCount(): number {
    return this.ks.length;
  }
  keyAt(i: number): any {
    return this.ks[i];
  }
  static readonly HOLE = HOLE;
}

export { HOLE };

export class PyDict extends KeyTable {
  protected vs: any[] = [];

  static from(entries: Iterable<[any, any]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }

  has(k: any): boolean {
    return this.find(k) >= 0;
  }
  /** value or undefined when missing */
  get(k: any): any {
    const i = this.find(k);
    return i < 0 ? undefined : this.vs[i];
  }
  set(k: any, v: any): void {
    const i = this.slot(k);
    if (i >= 0) this.vs[i] = v;
    else this.vs.push(v);
  }
  /** Returns the removed value or undefined. */
  delete(k: any): any {
    const i = this.remove(k);
    if (i < 0) return undefined;
    const v = this.vs[i];
    this.vs[i] = undefined;
    this.maybeCompact(this.vs);
    return v;
  }
  clear(): void {
    this.clearTable();
    this.vs = [];
  }
  valueAt(i: number): any {
    return this.vs[i];
  }
  /** Last inserted entry (for popitem) or undefined. */
  lastEntry(): [any, any] | undefined {
    for (let i = this.ks.length - 1; i >= 0; i--) if (this.ks[i] !== HOLE) return [this.ks[i], this.vs[i]];
    return undefined;
  }
  *keys(): IterableIterator<any> {
    const ks = this.ks;
    for (let i = 0; i < ks.length; i++) if (ks[i] !== HOLE) yield ks[i];
  }
  *values(): IterableIterator<any> {
    const ks = this.ks;
    for (let i = 0; i < ks.length; i++) if (ks[i] !== HOLE) yield this.vs[i];
  }
  *entries(): IterableIterator<[any, any]> {
    const ks = this.ks;
    for (let i = 0; i < ks.length; i++) if (ks[i] !== HOLE) yield [ks[i], this.vs[i]];
  }
  [Symbol.iterator](): IterableIterator<any> {
    return this.keys();
  }
  copy(): PyDict {
    const d = new PyDict();
    const ks = this.ks;
    for (let i = 0; i < ks.length; i++) if (ks[i] !== HOLE) d.set(ks[i], this.vs[i]);
    return d;
  }
}

export class PySet extends KeyTable {
  readonly frozen: boolean;
  constructor(items?: Iterable<any> | null, frozen = false) {
    super();
    this.frozen = frozen;
    if (items) for (const x of items) this.slot(x);
  }
  has(k: any): boolean {
    return this.find(k) >= 0;
  }
  add(k: any): void {
    this.slot(k);
  }
  /** true when removed */
  delete(k: any): boolean {
    const i = this.remove(k);
    if (i < 0) return false;
    this.maybeCompact(null);
    return true;
  }
  clear(): void {
    this.clearTable();
  }
  first(): any {
    for (let i = 0; i < this.ks.length; i++) if (this.ks[i] !== HOLE) return this.ks[i];
    return HOLE;
  }
  *[Symbol.iterator](): IterableIterator<any> {
    const ks = this.ks;
    for (let i = 0; i < ks.length; i++) if (ks[i] !== HOLE) yield ks[i];
  }
  copy(frozen = this.frozen): PySet {
    return new PySet(this, frozen);
  }
}

/** Throws TypeError "unhashable type" when `k` cannot be a dict key / set member. */
export function checkHashable(k: any): void {
  primKey(k);
}

/** Raise RuntimeError for mutation during iteration. */
export function changedSize(kind: 'dictionary' | 'set'): never {
  throw new exc.RuntimeError(`${kind} changed size during iteration`);
}

