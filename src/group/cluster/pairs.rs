//! Which pairs of items clustering compares, and the tools for comparing them quickly.
//!
//! Why it is apart from `cluster.rs`: the merge loop is the algorithm; this is its plumbing.
//! `candidates` finds the pairs worth comparing (items sharing one of their heaviest
//! dimensions, among the nearest in time on that dimension's list), `Candidate` orders queued
//! merges by a total order so the result never depends on push order, and `Dense` spreads one
//! centroid for many dot products.

use super::drift::Near;
use super::{Item, MIN_KEY_LIST, Params, Work};

/// A dense copy of one sparse vector, for many dot products against it. The sum runs over the
/// other vector's dimensions in ascending order, as `dot` does, so the results are identical.
///
/// The dense array spans every dimension of the corpus (megabytes), and most dimensions of the
/// other vector are not in this one. A filter of `FILTER_BITS` bits, one per dimension modulo
/// its size (4 KB, so it stays in the fastest cache however big the corpus), answers "absent"
/// for nearly all of them without touching the array. A dimension it lets through that is not
/// loaded reads 0 from the array and adds a product of zero, which leaves the sum as it is:
/// the sum starts at +0 and a sum of floats is never -0 after that, and `x + ±0 = x` for
/// every other `x` (weights are finite). So the sums are those of `dot`, bit for bit.
///
/// (An exact bitset over every dimension was a hundred kilobytes and more for a big corpus:
/// one of its words was fetched from a slower cache for each dimension of the other vector,
/// and this dot product is most of the serial merge loops' time.)
pub(super) struct Dense {
    values: Vec<f32>,
    filter: Box<[u64; FILTER_BITS / 64]>,
}

/// Bits of `Dense`'s filter: a power of two. Centroids have at most `CENTROID_DIMS` (300)
/// dimensions, so under 1% of the absent dimensions pass it.
const FILTER_BITS: usize = 1 << 15;

impl Dense {
    pub(super) fn new(dims: usize) -> Self {
        Dense {
            values: vec![0.0; dims],
            filter: Box::new([0; FILTER_BITS / 64]),
        }
    }

    pub(super) fn load(&mut self, vector: &[(u32, f32)]) {
        for &(d, w) in vector {
            self.values[d as usize] = w;
            let slot = d as usize % FILTER_BITS;
            self.filter[slot / 64] |= 1 << (slot % 64);
        }
    }

    pub(super) fn clear(&mut self, vector: &[(u32, f32)]) {
        for &(d, _) in vector {
            self.values[d as usize] = 0.0;
            self.filter[d as usize % FILTER_BITS / 64] = 0;
        }
    }

    pub(super) fn dot(&self, other: &[(u32, f32)]) -> f32 {
        // Whether a dimension passes the filter is a coin toss the branch predictor loses, so
        // the products of each block of dimensions are first packed without branching, then
        // summed in the same (ascending) order as `dot`. Leaving out the products of
        // dimensions the filter stops is adding nothing, since they are not loaded.
        const BLOCK: usize = 64;
        let mut sum = 0.0;
        let mut packed = [0.0f32; BLOCK];
        let len = self.values.len();
        for block in other.chunks(BLOCK) {
            let mut k = 0;
            for &(d, w) in block {
                let (d, slot) = (d as usize, d as usize % FILTER_BITS);
                let bit = (self.filter[slot / 64] >> (slot % 64)) & (d < len) as u64;
                let at = if bit != 0 { d } else { 0 };
                packed[k] = self.values[at] * w;
                k += bit as usize;
            }
            for &product in &packed[..k] {
                sum += product;
            }
        }
        sum
    }
}

/// Asks the processor to bring `value`'s cache line closer, without waiting for it and
/// without changing anything: a hint, nothing on other processors.
#[inline(always)]
pub(super) fn prefetch<T>(value: &T) {
    // SAFETY: a prefetch never reads or writes memory as far as the program can tell, and
    // never faults (it is dropped for an address that is not mapped); SSE, which it needs,
    // is part of every x86_64 processor.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (value as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// `prefetch` for the first cache lines of a vector's entries (the processor's own prefetcher
/// follows the rest once they are read in order).
#[inline(always)]
pub(super) fn prefetch_vector(vector: &[(u32, f32)]) {
    for line in vector.chunks(8).take(4) {
        prefetch(&line[0]);
    }
}

/// Candidate neighbours of each item: items sharing one of its heaviest dimensions, among the
/// nearest in time on that dimension's list, in the same language and near enough in time to
/// merge on their own, as neighbour records with
/// nothing known yet (`Near::unknown`). Each list is sorted and holds each neighbour once; lists
/// are symmetric.
///
/// Each item's list is gathered on its own (on all cores) and allocated once at its length: at
/// 100,000 articles these lists hold tens of millions of records, and lists grown by pushes,
/// then deduplicated and converted, held several times that at once.
pub(super) fn candidates(items: &[Item], params: &Params, work: &mut Work) -> Vec<Vec<Near>> {
    use rayon::prelude::*;
    // (dimension, item) for each item's heaviest dimensions; sorted, they are the list of
    // each dimension. (A list per dimension of the corpus, most of them empty, took tens of
    // megabytes at 100,000 articles.)
    let mut keyed: Vec<(u32, u32)> = Vec::with_capacity(items.len() * params.keys_per_item);
    let mut heaviest: Vec<(u32, f32)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        heaviest.clear();
        heaviest.extend_from_slice(&item.vector);
        // Dimensions are unique, so this order is total and the heaviest ones are the same
        // whichever way they are found.
        let order = |x: &(u32, f32), y: &(u32, f32)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
        let keys = params.keys_per_item.min(heaviest.len());
        if keys > 0 && keys < heaviest.len() {
            heaviest.select_nth_unstable_by(keys - 1, order);
        }
        keyed.extend(heaviest[..keys].iter().map(|&(dim, _)| (dim, i as u32)));
    }
    // Each dimension's list in time order (ties by item); lists too common are left out.
    // Short lists always count: in a small corpus every story's main name is "common".
    let max_list = ((items.len() as f32 * params.max_key_share).ceil() as usize).max(MIN_KEY_LIST);
    keyed.par_sort_unstable_by_key(|&(dim, i)| (dim, items[i as usize].first, i));
    // Where each item stands in the lists it is on: (item, start of the list, its position,
    // end of the list), by item.
    let mut places: Vec<(u32, u32, u32, u32)> = Vec::with_capacity(keyed.len());
    let mut start = 0;
    for list in keyed.chunk_by(|x, y| x.0 == y.0) {
        let end = start + list.len();
        if list.len() <= max_list {
            for (k, &(_, i)) in list.iter().enumerate() {
                places.push((i, start as u32, (start + k) as u32, end as u32));
            }
        }
        start = end;
    }
    places.par_sort_unstable();
    // An item's neighbours on a list are the items up to `neighbours` places before and after
    // it: those it follows closely, and those that follow it closely.
    let reach = params.neighbours;
    // Items further apart in time than the discount lets any similarity reach the least one
    // acted on are never paired on their own. Neighbours in time on a list of a rare word in
    // an archive of years are mostly of that kind, and the candidates per item grew with the
    // archive's span without them.
    let floor = if params.attach_weight > 0.0 {
        params.threshold.min(params.attach_threshold)
    } else {
        params.threshold
    };
    let too_far = |a: &Item, b: &Item| {
        let gap = (a.first.max(b.first) - a.last.min(b.last)).max(0) as f32;
        super::time_discount(gap, params) * 1.001 < floor
    };
    let mut bounds: Vec<usize> = Vec::with_capacity(items.len() + 1);
    let mut at = 0;
    for i in 0..items.len() {
        bounds.push(at);
        while at < places.len() && places[at].0 as usize == i {
            at += 1;
        }
    }
    bounds.push(places.len());
    let near: Vec<Vec<Near>> = (0..items.len())
        .into_par_iter()
        .map_init(Vec::new, |found: &mut Vec<u32>, i| {
            found.clear();
            for &(_, start, pos, end) in &places[bounds[i]..bounds[i + 1]] {
                let (start, pos, end) = (start as usize, pos as usize, end as usize);
                let from = pos.saturating_sub(reach).max(start);
                let to = (pos + reach + 1).min(end);
                for &(_, j) in &keyed[from..to] {
                    let other = &items[j as usize];
                    if j as usize != i && other.lang == items[i].lang && !too_far(other, &items[i])
                    {
                        found.push(j);
                    }
                }
            }
            found.sort_unstable();
            found.dedup();
            found.iter().map(|&j| Near::unknown(j as usize)).collect()
        })
        .collect();
    work.candidate_pairs += near.iter().map(Vec::len).sum::<usize>() / 2;
    near
}

/// A queued merge: the pair, its similarity, and the cluster versions it was computed for.
/// Indices are `u32`, as in `Near`: 20 bytes instead of 32, and the queue holds millions.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) similarity: f32,
    pub(super) a: u32,
    pub(super) b: u32,
    pub(super) version_a: u32,
    pub(super) version_b: u32,
}

impl Candidate {
    pub(super) fn new(similarity: f32, a: usize, b: usize, version_a: u32, version_b: u32) -> Self {
        Candidate {
            similarity,
            a: a as u32,
            b: b as u32,
            version_a,
            version_b,
        }
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    /// Highest similarity first; ties go to the earliest pair, so the result is deterministic.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.similarity
            .total_cmp(&other.similarity)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
            .then(self.version_a.cmp(&other.version_a))
            .then(self.version_b.cmp(&other.version_b))
    }
}
