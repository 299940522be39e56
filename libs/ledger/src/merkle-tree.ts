/**
 * The Merkle tree of RFC 9162 §2.1 over SHA-256, kept incrementally, with inclusion and consistency proofs for any
 * tree size up to the current one, and the RFC's verification algorithms.
 */
import { hash } from 'node:crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// One-shot hashing of a reused input buffer: the fixed cost per call dominates SHA-256 of 33 or 65 bytes.
const leafInput = Buffer.alloc(1 + HASH_SIZE);
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
leafInput[0] = LEAF_PREFIX;
nodeInput[0] = NODE_PREFIX;

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

/** SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Buffer {
  // The ledger's leaves are 32-byte event hashes; other lengths (the RFC's test leaves) take a fresh buffer.
  if (data.length === HASH_SIZE) {
    leafInput.set(data, 1);
    return hash('sha256', leafInput, 'buffer');
  }
  return hash('sha256', Buffer.concat([Buffer.of(LEAF_PREFIX), data]), 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}

/** The hashes of one level of the tree, packed in one growing Buffer (32 bytes each, no per-hash object). */
class HashLevel {
  private bytes = Buffer.allocUnsafe(64 * HASH_SIZE);
  length = 0;

  push(value: Uint8Array): void {
    if ((this.length + 1) * HASH_SIZE > this.bytes.length) {
      const grown = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(grown, 0, 0, this.length * HASH_SIZE);
      this.bytes = grown;
    }
    this.bytes.set(value, this.length * HASH_SIZE);
    this.length += 1;
  }

  /** A view of hash `index`: written hashes never change, so a view stays right even after the level grows. */
  get(index: number): Buffer {
    return this.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  /** nodeHash of the last two hashes, copied straight into the node input: appending is this library's hot path. */
  hashLastPair(): Buffer {
    this.bytes.copy(nodeInput, 1, (this.length - 2) * HASH_SIZE, this.length * HASH_SIZE);
    return hash('sha256', nodeInput, 'buffer');
  }

  get bytesUsed(): number {
    return this.bytes.length;
  }
}

/**
 * An append-only RFC 9162 tree. `levels[k]` holds the hash of every complete, aligned subtree of 2^k leaves (level 0
 * the leaf hashes), so appending hashes only the subtrees it completes (one on average, log2(n) at most) and the
 * root or a proof for any earlier size needs at most O(log n) hashing, never the log again. About 64 bytes a leaf.
 */
export class MerkleTree {
  private readonly levels: HashLevel[] = [new HashLevel()];

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a leaf by its data (for the ledger: an event's hash, 32 bytes); returns its index. */
  append(data: Uint8Array): number {
    return this.appendLeafHash(leafHash(data));
  }

  /** Appends a leaf by its leaf hash (when rebuilding from stored leaf hashes); returns its index. */
  appendLeafHash(hashOfLeaf: Uint8Array): number {
    if (hashOfLeaf.length !== HASH_SIZE) throw new RangeError(`A leaf hash is ${HASH_SIZE} bytes`);
    const index = this.size;
    this.levels[0].push(hashOfLeaf);
    // Each trailing 1 bit of the new size completes one more subtree, a level up.
    for (let level = 0, count = index + 1; count % 2 === 0; level++, count /= 2) {
      if (this.levels.length === level + 1) this.levels.push(new HashLevel());
      this.levels[level + 1].push(this.levels[level].hashLastPair());
    }
    return index;
  }

  leafHash(index: number): Buffer {
    this.checkIndex(index, this.size);
    return Buffer.from(this.levels[0].get(index));
  }

  /** MTH of the first `size` leaves (RFC 9162 §2.1.1). */
  root(size: number = this.size): Buffer {
    this.checkSize(size);
    return size === 0 ? Buffer.from(EMPTY_ROOT) : this.rangeHash(0, size);
  }

  /** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, the sibling nearest the leaf first. */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    this.checkSize(size);
    this.checkIndex(index, size);
    const proof: Buffer[] = [];
    let start = 0;
    let width = size;
    let m = index;
    while (width > 1) {
      const k = largestPowerOfTwoBelow(width);
      if (m < k) {
        proof.push(this.rangeHash(start + k, width - k));
        width = k;
      } else {
        proof.push(this.rangeHash(start, k));
        start += k;
        m -= k;
        width -= k;
      }
    }
    return proof.reverse();
  }

  /** PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1; empty when `from` is 0 or equals `to` (nothing to prove). */
  consistencyProof(from: number, to: number = this.size): Buffer[] {
    this.checkSize(to);
    if (!Number.isSafeInteger(from) || from < 0 || from > to) {
      throw new RangeError(`No tree size ${from} before ${to}`);
    }
    if (from === 0 || from === to) return [];
    const proof: Buffer[] = [];
    let start = 0;
    let width = to;
    let m = from;
    let wholeOldTree = true;
    while (m !== width) {
      const k = largestPowerOfTwoBelow(width);
      if (m <= k) {
        proof.push(this.rangeHash(start + k, width - k));
        width = k;
      } else {
        proof.push(this.rangeHash(start, k));
        start += k;
        m -= k;
        width -= k;
        wholeOldTree = false;
      }
    }
    // SUBPROOF(m, D[m], false) = [MTH(D[m])]; with b true the verifier already holds that hash as the old root.
    if (!wholeOldTree) proof.push(this.rangeHash(start, m));
    return proof.reverse();
  }

  /** Bytes held for hashes (the packed levels, spare capacity included). */
  get bytesUsed(): number {
    return this.levels.reduce((total, level) => total + level.bytesUsed, 0);
  }

  /**
   * MTH(D[start:start+width]) for a range the RFC's recursion produces: `start` is a multiple of every power of two
   * in `width`, so the range is complete subtrees of decreasing size, folded from the right as MTH splits them.
   */
  private rangeHash(start: number, width: number): Buffer {
    const parts: Buffer[] = [];
    let position = start;
    let remaining = width;
    for (let level = this.levels.length - 1; level >= 0 && remaining > 0; level--) {
      const span = 2 ** level;
      if (remaining >= span) {
        parts.push(this.levels[level].get(position / span));
        position += span;
        remaining -= span;
      }
    }
    let folded = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) folded = nodeHash(parts[i], folded);
    return Buffer.from(folded);
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`No tree size ${size}: the tree has ${this.size} leaves`);
    }
  }

  private checkIndex(index: number, size: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`No leaf ${index} in a tree of ${size}`);
    }
  }
}

/** RFC 9162 §2.1.3.2: whether `proof` shows the leaf `hashOfLeaf` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(
  hashOfLeaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(hashOfLeaf) || !isHash(root) || !proof.every(isHash)) return false;
  if (!isTreeSize(index) || !isTreeSize(size) || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = hashOfLeaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows the tree of `to` leaves with `toRoot` extends the tree of `from` leaves
 * with `fromRoot`. The RFC's algorithm covers 0 < from < to; a tree is consistent with itself (equal roots, empty
 * proof) and every tree extends the empty one (its root is SHA-256 of nothing, empty proof).
 */
export function verifyConsistency(
  from: number,
  to: number,
  proof: readonly Uint8Array[],
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
): boolean {
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (!isTreeSize(from) || !isTreeSize(to) || from > to) return false;
  if (from === to) return proof.length === 0 && Buffer.from(fromRoot).equals(toRoot);
  if (from === 0) return proof.length === 0 && EMPTY_ROOT.equals(fromRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : proof;
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr: Uint8Array = path[0];
  let sr: Uint8Array = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return Buffer.from(fr).equals(fromRoot) && Buffer.from(sr).equals(toRoot) && sn === 0;
}

// Sizes reach past 2^32, where JavaScript's bit operators stop working: plain arithmetic instead.
const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
const isTreeSize = (n: number) => Number.isSafeInteger(n) && n >= 0;
const isHash = (value: Uint8Array) => value instanceof Uint8Array && value.length === HASH_SIZE;

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && !isOdd(n)) n = half(n);
  return n === 1;
}

/** The k of RFC 9162: the largest power of two smaller than n (n > 1). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
