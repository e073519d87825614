//! Sparse vectors and MinHash signatures: the arithmetic that features, coverage, clustering
//! and discovery share.
//!
//! Why it is separate from `features`: reading articles into vectors is one job, and adding,
//! comparing and hashing vectors is another that every later step uses on its own.

/// A sparse vector: (dimension, weight) sorted by dimension, usually of unit length.
pub type SparseVec = Vec<(u32, f32)>;

/// MinHash functions per signature.
pub const MINHASH_LEN: usize = 32;
/// Words per shingle for near-duplicate detection.
const SHINGLE_WORDS: usize = 4;

/// Keeps the `n` heaviest entries (ties by id), sorted by id again.
pub(super) fn keep_heaviest(vector: &mut SparseVec, n: usize) {
    if vector.len() > n {
        vector.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        vector.truncate(n);
        vector.sort_by_key(|e| e.0);
    }
}

/// Scales a vector to unit length (an empty or zero vector stays as it is).
pub fn normalise(vector: &mut SparseVec) {
    let norm = vector.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in vector.iter_mut() {
            e.1 /= norm;
        }
    }
}

/// Dot product of two sparse vectors sorted by dimension (cosine for unit vectors).
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Adds `weight × b` into the accumulator `a` (both sorted by dimension).
pub fn add_scaled(a: &SparseVec, b: &[(u32, f32)], weight: f32) -> SparseVec {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push((b[j].0, b[j].1 * weight));
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1 * weight));
            i += 1;
            j += 1;
        }
    }
    out
}

/// The sum of sparse vectors added in the order given: bit for bit what folding them with
/// `add_scaled(.., 1.0)` gives (each dimension's first weight is taken as it is, later ones are
/// added in order), without copying the growing sum once per vector, which made summing the
/// articles of a big story quadratic.
pub fn sum_in_order<V: AsRef<[(u32, f32)]>>(vectors: &[V]) -> SparseVec {
    weighted_sum_in_order(vectors, &vec![1.0; vectors.len()])
}

/// The sum of `weights[k] × vectors[k]`, added in the order given: bit for bit what folding
/// them with `add_scaled(.., weights[k])` gives (see `sum_in_order`).
pub fn weighted_sum_in_order<V: AsRef<[(u32, f32)]>>(vectors: &[V], weights: &[f32]) -> SparseVec {
    /// Up to this many vectors, folding is as cheap.
    const FOLD: usize = 4;
    let pairs = vectors.iter().zip(weights.iter().copied());
    if vectors.len() <= FOLD {
        return pairs.fold(Vec::new(), |sum, (v, weight)| {
            add_scaled(&sum, v.as_ref(), weight)
        });
    }
    let mut at: crate::text::FastMap<u32, f32> = crate::text::FastMap::default();
    for (vector, weight) in pairs {
        for &(d, w) in vector.as_ref() {
            match at.get_mut(&d) {
                Some(sum) => *sum += w * weight,
                None => {
                    at.insert(d, w * weight);
                }
            }
        }
    }
    let mut out: SparseVec = at.into_iter().collect();
    out.sort_unstable_by_key(|e| e.0);
    out
}

/// MinHash signature of the word shingles of `text`; empty for texts of fewer than
/// `SHINGLE_WORDS` words. Each function is a differently seeded mix of the shingle hash.
pub fn minhash(text: &str) -> Vec<u64> {
    let words: Vec<String> = crate::text::words(text).collect();
    signature(&words)
}

/// `minhash` of a text already cut into lowercase words.
pub(super) fn signature<W: AsRef<str>>(words: &[W]) -> Vec<u64> {
    if words.len() < SHINGLE_WORDS {
        return Vec::new();
    }
    // A shingle's hash is FNV-1a over its words, each followed by a space: the words are
    // written out so once, and each shingle is a slice of that.
    let mut joined: Vec<u8> = Vec::new();
    let mut ends: Vec<usize> = Vec::with_capacity(words.len() + 1);
    ends.push(0);
    for word in words {
        joined.extend_from_slice(word.as_ref().as_bytes());
        joined.push(b' ');
        ends.push(joined.len());
    }
    let shingles = words.len() + 1 - SHINGLE_WORDS;
    let shingle = |s: usize| &joined[ends[s]..ends[s + SHINGLE_WORDS]];
    // FNV-1a is one long chain of multiplications per shingle; four shingles are hashed side
    // by side so the chains overlap.
    const LANES: usize = 4;
    let mut hashes: Vec<u64> = Vec::with_capacity(shingles);
    let mut s = 0;
    while s + LANES <= shingles {
        let parts: [&[u8]; LANES] = std::array::from_fn(|j| shingle(s + j));
        let common = parts.iter().map(|p| p.len()).min().unwrap_or(0);
        let mut lanes = [FNV_BASIS; LANES];
        for i in 0..common {
            for (hash, part) in lanes.iter_mut().zip(&parts) {
                *hash = fnv(*hash, part[i]);
            }
        }
        for (hash, part) in lanes.into_iter().zip(&parts) {
            hashes.push(part[common..].iter().fold(hash, |h, &b| fnv(h, b)));
        }
        s += LANES;
    }
    hashes.extend((s..shingles).map(|s| shingle(s).iter().fold(FNV_BASIS, |h, &b| fnv(h, b))));
    // Slot k keeps the least of the shingles' hashes under the k-th mix (a minimum, so the
    // order the shingles are taken in does not matter). Written as a compare and a store:
    // as a `min` the loop is vectorised with SSE2, which has no 64-bit multiply or compare,
    // and that emulation was slower than plain scalar code.
    let mut signature = vec![u64::MAX; MINHASH_LEN];
    for &hash in &hashes {
        for (k, slot) in signature.iter_mut().enumerate() {
            let h = mix(hash ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            if h < *slot {
                *slot = h;
            }
        }
    }
    signature
}

/// The starting value of an FNV-1a hash.
pub(super) const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into an FNV-1a hash.
pub(super) fn fnv(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// Share of equal MinHash slots: an estimate of the Jaccard similarity of two shingle sets.
pub fn minhash_similarity(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / a.len() as f32
}

/// SplitMix64 finaliser: a fast, well-spread 64-bit mix.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_unit_vectors_and_sums() {
        let mut a: SparseVec = vec![(1, 1.0), (3, 1.0)];
        let mut b: SparseVec = vec![(3, 2.0), (4, 2.0)];
        normalise(&mut a);
        normalise(&mut b);
        assert!((dot(&a, &b) - 0.5).abs() < 1e-6);
        assert_eq!(
            add_scaled(&vec![(1, 1.0)], &[(0, 1.0), (1, 1.0)], 2.0),
            vec![(0, 2.0), (1, 3.0)]
        );
    }

    #[test]
    fn summing_in_order_is_folding_bit_for_bit() {
        let vectors: Vec<SparseVec> = (0..9u32)
            .map(|k| {
                (0..40u32)
                    .map(|i| ((i * 7 + k * 3) % 50, 1.0 / (1.0 + (i + k) as f32 * 0.37)))
                    .collect::<std::collections::BTreeMap<u32, f32>>()
                    .into_iter()
                    .collect()
            })
            .collect();
        for n in [0, 1, 3, 5, 9] {
            let folded = vectors[..n]
                .iter()
                .fold(Vec::new(), |sum, v| add_scaled(&sum, v, 1.0));
            let bits = |v: &SparseVec| v.iter().map(|e| (e.0, e.1.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(&sum_in_order(&vectors[..n])), bits(&folded), "{n}");
            let weights: Vec<f32> = (0..n).map(|k| 0.5 + k as f32 * 0.75).collect();
            let folded = vectors[..n]
                .iter()
                .zip(&weights)
                .fold(Vec::new(), |sum, (v, &w)| add_scaled(&sum, v, w));
            let summed = weighted_sum_in_order(&vectors[..n], &weights);
            assert_eq!(bits(&summed), bits(&folded), "{n} weighted");
        }
    }

    #[test]
    fn signatures_are_the_plain_shingle_minima() {
        // The definition, written the slow way: FNV-1a of each shingle's words and spaces,
        // then per slot the least mixed hash.
        let plain = |words: &[&str]| -> Vec<u64> {
            if words.len() < SHINGLE_WORDS {
                return Vec::new();
            }
            let mut out = vec![u64::MAX; MINHASH_LEN];
            for shingle in words.windows(SHINGLE_WORDS) {
                let mut hash = FNV_BASIS;
                for byte in shingle.iter().flat_map(|w| w.bytes().chain([b' '])) {
                    hash = fnv(hash, byte);
                }
                for (k, slot) in out.iter_mut().enumerate() {
                    *slot = (*slot).min(mix(hash ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)));
                }
            }
            out
        };
        let text = "the quick brown fox jumps over a lazy dog while überall zögern 12 345 x y zz";
        let words: Vec<&str> = text.split(' ').collect();
        for n in 0..=words.len() {
            assert_eq!(signature(&words[..n]), plain(&words[..n]), "{n}");
        }
    }

    #[test]
    fn minhash_sees_near_duplicates() {
        let a = "Oman's foreign minister said on Sunday that the talks between Iran and the United States would resume in Muscat next week";
        let b = "Oman's foreign minister said on Sunday that the talks between Iran and the United States would resume in Muscat on Tuesday";
        let c = "Storm warnings were issued for the Baltic coast as gusts reached hurricane force overnight";
        assert!(minhash_similarity(&minhash(a), &minhash(b)) > 0.6);
        assert!(minhash_similarity(&minhash(a), &minhash(c)) < 0.2);
    }
}
