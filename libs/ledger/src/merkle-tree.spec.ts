import { createHash } from 'node:crypto';
import { EMPTY_ROOT, leafHash, MerkleTree, verifyConsistency, verifyInclusion } from './merkle-tree';

const hex = (value: string) => Buffer.from(value, 'hex');
const hexes = (values: Buffer[]) => values.map((value) => value.toString('hex'));

// Known answers from transparency-dev/merkle (testonly/constants.go, proof/verify_test.go), the RFC 6962 vectors
// carried over from Certificate Transparency.
const leafInputs = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const rootsBySize = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const inclusionVectors = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const consistencyVectors = [
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

function knownAnswerTree(): MerkleTree {
  const tree = new MerkleTree();
  for (const input of leafInputs) tree.append(hex(input));
  return tree;
}

/** RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 as written: recursive, over the whole list, nothing kept. */
const reference = {
  sha256: (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest(),
  k: (n: number) => 2 ** Math.ceil(Math.log2(n) - 1),
  mth(d: Buffer[]): Buffer {
    if (d.length === 0) return reference.sha256();
    if (d.length === 1) return reference.sha256(Buffer.of(0), d[0]);
    const k = reference.k(d.length);
    return reference.sha256(Buffer.of(1), reference.mth(d.slice(0, k)), reference.mth(d.slice(k)));
  },
  path(m: number, d: Buffer[]): Buffer[] {
    if (d.length === 1) return [];
    const k = reference.k(d.length);
    return m < k
      ? [...reference.path(m, d.slice(0, k)), reference.mth(d.slice(k))]
      : [...reference.path(m - k, d.slice(k)), reference.mth(d.slice(0, k))];
  },
  subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
    if (m === d.length) return b ? [] : [reference.mth(d)];
    const k = reference.k(d.length);
    return m <= k
      ? [...reference.subproof(m, d.slice(0, k), b), reference.mth(d.slice(k))]
      : [...reference.subproof(m - k, d.slice(k), false), reference.mth(d.slice(0, k))];
  },
};

const MAX = 64;
const data = Array.from({ length: MAX }, (_, i) => createHash('sha256').update(`event ${i}`).digest());
const tree = new MerkleTree();
data.forEach((leaf) => tree.append(leaf));

describe('the Merkle tree (RFC 9162 §2.1)', () => {
  it('gives the known roots for every size of the RFC 6962 test tree, the empty one SHA-256 of nothing', () => {
    const known = knownAnswerTree();
    expect(EMPTY_ROOT.toString('hex')).toBe(createHash('sha256').digest('hex'));
    expect(rootsBySize.map((_, size) => known.root(size).toString('hex'))).toEqual(rootsBySize);
    expect(new MerkleTree().root().toString('hex')).toBe(rootsBySize[0]);
  });

  it('gives the known inclusion proofs, and they verify', () => {
    const known = knownAnswerTree();
    for (const { index, size, proof } of inclusionVectors) {
      expect(hexes(known.inclusionProof(index, size))).toEqual(proof);
      const root = hex(rootsBySize[size]);
      expect(verifyInclusion(leafHash(hex(leafInputs[index])), index, size, proof.map(hex), root)).toBe(true);
    }
  });

  it('gives the known consistency proofs, and they verify', () => {
    const known = knownAnswerTree();
    for (const { from, to, proof } of consistencyVectors) {
      expect(hexes(known.consistencyProof(from, to))).toEqual(proof);
      const [fromRoot, toRoot] = [hex(rootsBySize[from]), hex(rootsBySize[to])];
      expect(verifyConsistency(from, to, proof.map(hex), fromRoot, toRoot)).toBe(true);
    }
  });

  it(`matches the RFC's recursive MTH and PATH for every size 1..${MAX} and every index`, () => {
    for (let size = 1; size <= MAX; size++) {
      const leaves = data.slice(0, size);
      const root = reference.mth(leaves);
      expect(tree.root(size).equals(root)).toBe(true);
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusionProof(index, size);
        expect(hexes(proof)).toEqual(hexes(reference.path(index, leaves)));
        expect(verifyInclusion(tree.leafHash(index), index, size, proof, root)).toBe(true);
      }
    }
  });

  it(`matches the RFC's recursive SUBPROOF for every pair of sizes 1 <= from <= to <= ${MAX}`, () => {
    for (let to = 1; to <= MAX; to++) {
      for (let from = 1; from <= to; from++) {
        const proof = tree.consistencyProof(from, to);
        expect(hexes(proof)).toEqual(hexes(reference.subproof(from, data.slice(0, to), true)));
        expect(verifyConsistency(from, to, proof, tree.root(from), tree.root(to))).toBe(true);
      }
    }
  });

  it('proves that every tree extends the empty one, and each tree itself, with an empty proof', () => {
    expect(tree.consistencyProof(0, 5)).toEqual([]);
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT, tree.root(5))).toBe(true);
    expect(verifyConsistency(0, 5, [], tree.root(1), tree.root(5))).toBe(false);
    expect(verifyConsistency(5, 5, [], tree.root(5), tree.root(5))).toBe(true);
    expect(verifyConsistency(5, 5, [], tree.root(5), tree.root(6))).toBe(false);
    expect(verifyConsistency(5, 5, [tree.root(5)], tree.root(5), tree.root(5))).toBe(false);
    expect(verifyConsistency(6, 5, [], tree.root(6), tree.root(5))).toBe(false);
  });

  it('refuses sizes and indices it does not have', () => {
    expect(() => tree.root(MAX + 1)).toThrow(RangeError);
    expect(() => tree.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => tree.inclusionProof(-1)).toThrow(RangeError);
    expect(() => tree.consistencyProof(6, 5)).toThrow(RangeError);
    expect(() => tree.appendLeafHash(Buffer.alloc(31))).toThrow(RangeError);
  });
});

/** Every single change to a proof an attacker could try: each element altered, dropped, duplicated; extra ones. */
function tamperedProofs(proof: Buffer[], roots: Buffer[]): Array<{ what: string; proof: Buffer[] }> {
  const probes: Array<{ what: string; proof: Buffer[] }> = [];
  proof.forEach((element, i) => {
    for (const bit of [0, 7, 255]) {
      const altered = Buffer.from(element);
      altered[bit % 32] ^= 1 << (bit % 8);
      probes.push({ what: `element ${i} altered`, proof: proof.map((e, j) => (j === i ? altered : e)) });
    }
    probes.push({ what: `element ${i} dropped`, proof: proof.filter((_, j) => j !== i) });
    probes.push({ what: `element ${i} duplicated`, proof: [...proof.slice(0, i + 1), ...proof.slice(i)] });
    probes.push({
      what: `element ${i} truncated`,
      proof: proof.map((e, j) => (j === i ? e.subarray(1) : e)),
    });
  });
  for (let i = 0; i < proof.length - 1; i++) {
    const swapped = [...proof];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
    if (!swapped[i].equals(swapped[i + 1])) {
      probes.push({ what: `elements ${i}, ${i + 1} swapped`, proof: swapped });
    }
  }
  for (const extra of [Buffer.alloc(32), ...roots, ...proof.slice(0, 1)]) {
    probes.push({ what: 'extended', proof: [...proof, extra] });
    probes.push({ what: 'prefixed', proof: [extra, ...proof] });
  }
  return probes;
}

describe('proof probes: 0 accepted', () => {
  it('inclusion proofs altered, dropped, duplicated, extended, or for another leaf, index or size', () => {
    let tried = 0;
    const accepted: string[] = [];
    const check = (what: string, ok: boolean) => {
      tried += 1;
      if (ok) accepted.push(what);
    };
    for (let size = 1; size <= MAX; size++) {
      const root = tree.root(size);
      for (let index = 0; index < size; index++) {
        const leaf = tree.leafHash(index);
        const proof = tree.inclusionProof(index, size);
        const at = `${index}/${size}`;
        for (const probe of tamperedProofs(proof, [root, leaf])) {
          check(`${at} ${probe.what}`, verifyInclusion(leaf, index, size, probe.proof, root));
        }
        for (const other of [index - 1, index + 1, index ^ 2, size, -1, 2 ** 53]) {
          if (other !== index) {
            check(`${at} as index ${other}`, verifyInclusion(leaf, other, size, proof, root));
          }
        }
        for (const other of [size - 1, size + 1, size * 2, Math.floor(size / 2), 0]) {
          // A claimed size comes with its root (a checkpoint signs both together).
          const otherRoot = other <= MAX ? tree.root(other) : root;
          if (other !== size) {
            check(`${at} as size ${other}`, verifyInclusion(leaf, index, other, proof, otherRoot));
          }
        }
        for (const other of [size * 2, Math.floor(size / 2)]) {
          if (other !== size) {
            check(`${at} as size ${other}, same root`, verifyInclusion(leaf, index, other, proof, root));
          }
        }
        check(
          `${at} another leaf`,
          verifyInclusion(tree.leafHash((index + 1) % MAX), index, size, proof, root),
        );
        check(`${at} leaf data as hash`, verifyInclusion(data[index], index, size, proof, root));
        check(
          `${at} another root`,
          verifyInclusion(leaf, index, size, proof, tree.root(size === MAX ? 1 : MAX)),
        );
        check(`${at} empty root`, verifyInclusion(leaf, index, size, proof, EMPTY_ROOT));
      }
    }
    expect(accepted).toEqual([]);
    expect(tried).toBeGreaterThan(50_000);
  });

  it('consistency proofs altered, dropped, duplicated, extended, or for other sizes or roots', () => {
    let tried = 0;
    const accepted: string[] = [];
    const check = (what: string, ok: boolean) => {
      tried += 1;
      if (ok) accepted.push(what);
    };
    for (let to = 2; to <= MAX; to++) {
      const toRoot = tree.root(to);
      for (let from = 1; from < to; from++) {
        const fromRoot = tree.root(from);
        const proof = tree.consistencyProof(from, to);
        const at = `${from}->${to}`;
        for (const probe of tamperedProofs(proof, [fromRoot, toRoot])) {
          check(`${at} ${probe.what}`, verifyConsistency(from, to, probe.proof, fromRoot, toRoot));
        }
        check(`${at} empty proof`, verifyConsistency(from, to, [], fromRoot, toRoot));
        check(`${at} roots swapped`, verifyConsistency(from, to, proof, toRoot, fromRoot));
        check(`${at} another old root`, verifyConsistency(from, to, proof, tree.root(from - 1), toRoot));
        check(`${at} another new root`, verifyConsistency(from, to, proof, fromRoot, tree.root(to - 1)));
        const sizes = [
          [from - 1, to],
          [from + 1, to],
          [from ^ 2, to],
          [from, to - 1],
          [from, to + 1],
          [from, to * 2],
          [from, Math.floor(to / 2)],
          [to, from],
        ];
        for (const [a, b] of sizes) {
          if (a === from && b === to) continue;
          // Claimed sizes come with their roots (checkpoints sign both together).
          const roots = [a, b].map((size) => (size >= 0 && size <= MAX ? tree.root(size) : toRoot));
          check(`${at} as ${a}->${b}`, verifyConsistency(a, b, proof, roots[0], roots[1]));
        }
        for (const [a, b] of [
          [from ^ 2, to],
          [from, to * 2],
          [from, Math.floor(to / 2)],
        ]) {
          if (a !== from || b !== to) {
            check(`${at} as ${a}->${b}, same roots`, verifyConsistency(a, b, proof, fromRoot, toRoot));
          }
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(tried).toBeGreaterThan(50_000);
  });

  it('binds a tree size only through its root: callers take both from one verified checkpoint', () => {
    // RFC 9162's verifiers read the proof's shape from the sizes, and neighbouring sizes can share a shape: the
    // proof for leaf 0 of 3 also "verifies" leaf 0 of 4 against the root of 3. No conforming verifier can tell.
    expect(verifyInclusion(tree.leafHash(0), 0, 4, tree.inclusionProof(0, 3), tree.root(3))).toBe(true);
    expect(verifyInclusion(tree.leafHash(0), 0, 4, tree.inclusionProof(0, 3), tree.root(4))).toBe(false);
  });
});

describe('a large tree', () => {
  it('keeps earlier sizes provable as it grows past 2^16 leaves', () => {
    const big = new MerkleTree();
    const roots = new Map<number, Buffer>();
    for (let i = 0; i < 70_000; i++) {
      big.append(createHash('sha256').update(String(i)).digest());
      if ([1, 1000, 65_536, 65_537, 69_999].includes(big.size)) roots.set(big.size, big.root());
    }
    for (const [size, root] of roots) {
      expect(big.root(size).equals(root)).toBe(true);
      for (const index of [0, size - 1, Math.floor(size / 3)]) {
        expect(verifyInclusion(big.leafHash(index), index, size, big.inclusionProof(index, size), root)).toBe(
          true,
        );
      }
      const proof = big.consistencyProof(size, big.size);
      expect(verifyConsistency(size, big.size, proof, root, big.root())).toBe(true);
    }
  });
});
