//! Agglomerative clustering of dated vectors over a sparse candidate graph, used twice: articles
//! into events, and events into stories.
//!
//! Why agglomerative and not single-pass: a single pass over time-ordered articles depends on
//! the order of ties and on which article happens to open a cluster, and it cannot undo an
//! early merge. Agglomeration merges the most similar pair of clusters first, always, so the
//! result is a function of the items alone; ties are broken by item index, and items are sorted
//! by (time, id) before they get here.
//!
//! Why it scales: no pair is compared unless it is a candidate. Candidates are items that share
//! one of their heaviest dimensions (a rare stem or a name), among the nearest neighbours in
//! time on that dimension's list and not so far apart that the time discount alone keeps them
//! below the threshold, so the work grows with items × keys × neighbours, never with
//! the square of the corpus. Clusters are compared by centroid (the normalised sum of their
//! members), discounted by the days between their spans: a story that runs for months keeps
//! collecting events as long as each is close to its recent ones and similar to its whole.

mod attach;
mod drift;
mod pairs;

use super::features::{Blend, SparseVec, add_scaled, dot, normalise};
use super::lang::Lang;
use attach::attach_leftovers;
use drift::{Drift, Lengths, MARGIN, Merge, Near, distance, norm, unbounded};
use pairs::{Candidate, Dense, candidates};
use std::borrow::Cow;
use std::collections::BinaryHeap;

/// One thing to cluster: a unit vector, the days it spans, its language and its weight.
#[derive(Debug, Clone)]
pub struct Item {
    pub vector: SparseVec,
    /// First and last day, as days since the Unix epoch.
    pub first: i64,
    pub last: i64,
    pub lang: Option<Lang>,
    /// How much it counts in a centroid (its number of articles).
    pub weight: f32,
    /// How far its similarities can be trusted, 0 to 1 (short texts less); similarities are
    /// scaled by the geometric mean of both sides' confidence.
    pub confidence: f32,
}

/// How similar clusters must be to merge, and how time discounts similarity.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Least discounted centroid similarity for a merge.
    pub threshold: f32,
    /// Days between two spans that cost nothing.
    pub window_days: f32,
    /// Beyond the window, similarity halves every this many days.
    pub half_life_days: f32,
    /// Dimensions of each item used to find candidates.
    pub keys_per_item: usize,
    /// On each dimension's list, an item is paired with this many neighbours in time.
    pub neighbours: usize,
    /// Dimensions used by more than this share of items are too common to find candidates.
    pub max_key_share: f32,
    /// How clusters are compared: 1 compares centroids (direction only); 0 is average linkage,
    /// the mean similarity of all member pairs, which also penalises spread-out clusters;
    /// values between mix the two.
    pub linkage: f32,
    /// After merging, clusters lighter than this join the most similar heavier cluster when
    /// their similarity to it reaches `attach_threshold` (0 turns this off).
    pub attach_weight: f32,
    pub attach_threshold: f32,
}

/// One level of clustering (events or stories): how items are compared and when they merge.
#[derive(Debug, Clone, Copy)]
pub struct Level {
    pub blend: Blend,
    pub params: Params,
}

/// Work done, for tests that check the clustering does not grow with the square of its input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    pub candidate_pairs: usize,
    /// Neighbour records looked at after merges (plus first comparisons and attachments).
    pub similarities: usize,
    /// Centroid dot products computed after merges (the other records were skipped by their
    /// bound or by time, language or spread); most of the merge loop's time.
    pub dot_products: usize,
    pub merges: usize,
}

/// Candidate lists up to this long are used whatever share of the items they hold.
const MIN_KEY_LIST: usize = 64;
/// Neighbour lists at least this long are compared with a merged cluster on all cores.
const PARALLEL_NEIGHBOURS: usize = 256;
/// The merge loop asks for a neighbour's records this many places before it reads them.
const PREFETCH_AHEAD: usize = 8;
/// The merge queue is cleared of outdated pairs when it holds more than this, or twice what it
/// held after its last clearing (see `drop_outdated`).
const QUEUE_CLEARING: usize = 1 << 20;
/// Dimensions kept in a centroid (the heaviest ones).
const CENTROID_DIMS: usize = 300;

/// Clusters `items`; each cluster lists item indices in ascending order, and clusters are
/// ordered by their first item.
pub fn agglomerate(items: &[Item], params: &Params) -> (Vec<Vec<usize>>, Work) {
    agglomerate_with(items, params, true)
}

/// `agglomerate`; `skip` lets comparisons be skipped when a bound from an earlier comparison
/// shows they cannot reach the threshold (`drift`), which only saves work: tests turn it off
/// to check that the result is the same.
fn agglomerate_with(items: &[Item], params: &Params, skip: bool) -> (Vec<Vec<usize>>, Work) {
    use rayon::prelude::*;
    let mut work = Work::default();
    // One record per candidate, sorted by neighbour; the lists are symmetric.
    let mut neighbours: Vec<Vec<Near>> = candidates(items, params, &mut work);
    let mut clusters: Vec<Option<Cluster>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            // Dimensions of weight 0 (a block of the blend that this level does not use) add
            // nothing to any sum or dot product; without them every comparison walks less.
            // A single item's centroid is its vector, borrowed unless it has such dimensions.
            let centroid: Cow<[(u32, f32)]> = if item.vector.iter().any(|e| e.1 == 0.0) {
                Cow::Owned(item.vector.iter().copied().filter(|e| e.1 != 0.0).collect())
            } else {
                Cow::Borrowed(&item.vector)
            };
            let lengths = Lengths {
                kept: item.weight as f64 * norm(&centroid),
                cut: 0.0,
            };
            Some(Cluster {
                lengths,
                members: vec![i],
                sum: None,
                centroid,
                cohesion: 1.0,
                weight: item.weight,
                confidence: item.confidence,
                first: item.first,
                last: item.last,
                lang: item.lang,
                version: 0,
            })
        })
        .collect();

    let dims = items
        .iter()
        .filter_map(|item| item.vector.last())
        .map(|&(d, _)| d as usize + 1)
        .max()
        .unwrap_or(0);
    let mut scratch = Dense::new(dims);
    // The first similarities, of every candidate pair, are independent of each other: they
    // are computed on all cores in blocks of items, each block with its own dense scratch.
    // The heap orders candidates by a total order, so the order they are pushed in does not
    // change what is popped. Each pair is computed once, by its first item; its dot product
    // is the first bound of both sides' records.
    let block = 256;
    let mut drift = Drift::new(items.len());
    let initial: Vec<(Vec<Candidate>, usize)> = neighbours
        .par_chunks_mut(block)
        .enumerate()
        .map_init(
            // One dense scratch per task, not per block: it spans every dimension, and each
            // new one is megabytes of fresh memory for the system to clear.
            || Dense::new(dims),
            |dense, (k, lists)| {
                let mut found = Vec::new();
                let mut compared = 0;
                for (a, list) in (k * block..).zip(lists.iter_mut()) {
                    let ca = clusters[a].as_ref().expect("live");
                    dense.load(&ca.centroid);
                    for record in list.iter_mut().filter(|r| r.n as usize > a) {
                        let b = record.n as usize;
                        let cb = clusters[b].as_ref().expect("live");
                        compared += 1;
                        let Some(factors) = gate(ca, cb, params, params.threshold, 1.0) else {
                            continue;
                        };
                        let dot = dense.dot(&cb.centroid);
                        if skip {
                            *record = Near::taken(b, dot as f64, &drift);
                        }
                        let similarity = factors.similarity(dot);
                        if similarity >= params.threshold {
                            found.push(Candidate::new(similarity, a, b, 0, 0));
                        }
                    }
                    dense.clear(&ca.centroid);
                }
                (found, compared)
            },
        )
        .collect();
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();
    for (found, compared) in initial {
        work.similarities += compared;
        heap.extend(found);
    }
    if skip {
        // A record of an earlier neighbour takes the bound that neighbour's record of this
        // item got above. Those records are never changed here (only records of earlier
        // neighbours are), so blocks of items can be done one after another, each on all
        // cores, with little held at once.
        for start in (0..items.len()).step_by(4096) {
            let end = (start + 4096).min(items.len());
            let bounds: Vec<Vec<f32>> = (start..end)
                .into_par_iter()
                .map(|a| {
                    neighbours[a]
                        .iter()
                        .take_while(|r| (r.n as usize) < a)
                        .map(|r| {
                            let other = &neighbours[r.n as usize];
                            let at = other
                                .binary_search_by_key(&(a as u32), |o| o.n)
                                .expect("symmetric lists");
                            other[at].bound(&drift)
                        })
                        .collect()
                })
                .collect();
            for (list, bounds) in neighbours[start..end].iter_mut().zip(bounds) {
                for (record, bound) in list.iter_mut().zip(bounds) {
                    *record = Near::taken(record.n as usize, bound as f64, &drift);
                }
            }
        }
    }
    let mut clear_at = QUEUE_CLEARING;
    while let Some(best) = heap.pop() {
        if !is_current(&best, &clusters) {
            continue;
        }
        let (a, b) = (best.a as usize, best.b as usize);
        // Merge b into a (a < b, so a cluster keeps the index of its earliest item).
        let cb = clusters[b].take().expect("live");
        let ca = clusters[a].as_mut().expect("live");
        let (before_a, before_b) = (ca.lengths, cb.lengths);
        let (jump_a, jump_b) = ca.absorb(cb);
        drift.absorb(a, b, jump_a, jump_b);
        let merge = Merge {
            a,
            jump_a,
            jump_b,
            before_a,
            before_b,
            after: ca.lengths,
        };
        work.merges += 1;
        // Neighbour lists are not updated when a neighbour is absorbed: they are resolved to
        // the live clusters here, which costs one pass over the merged list instead of an
        // update of every neighbour's list.
        let near_b = std::mem::take(&mut neighbours[b]);
        let near_a = std::mem::take(&mut neighbours[a]);
        let mut near = if skip {
            merge.neighbours(near_a, near_b, &mut drift)
        } else {
            unbounded(near_a, near_b, a, &mut drift)
        };
        let ca = clusters[a].as_ref().expect("live");
        // The merged cluster is compared with every neighbour whose bound can still reach
        // the threshold: its centroid is spread into a dense array once, so each comparison
        // only walks the neighbour's centroid.
        let due: Vec<(usize, Factors)> = near
            .iter()
            .enumerate()
            .filter_map(|(k, record)| {
                if let Some(ahead) = near.get(k + PREFETCH_AHEAD) {
                    let n = ahead.n as usize;
                    pairs::prefetch(&clusters[n]);
                    pairs::prefetch(drift.potential_slot(n));
                }
                let bound = record.bound(&drift);
                if !reachable(bound, params.threshold) {
                    return None;
                }
                let cn = clusters[record.n as usize].as_ref().expect("live");
                gate(ca, cn, params, params.threshold, bound).map(|f| (k, f))
            })
            .collect();
        scratch.load(&ca.centroid);
        let centroid_of = |at: usize| {
            let k = due[at].0;
            &clusters[near[k].n as usize]
                .as_ref()
                .expect("live")
                .centroid
        };
        // The dot product with the `at`-th due neighbour. The centroids compared are scattered
        // over the heap: the one two places ahead is asked for while this one is summed, so
        // the memory's latency is paid in parallel.
        let dot_at = |at: usize| {
            if at + 2 < due.len() {
                pairs::prefetch_vector(centroid_of(at + 2));
            }
            scratch.dot(centroid_of(at))
        };
        // A big cluster has thousands of neighbours: those are compared on all cores.
        let dots: Vec<f32> = if due.len() >= PARALLEL_NEIGHBOURS {
            (0..due.len())
                .into_par_iter()
                .with_min_len(PARALLEL_NEIGHBOURS / 2)
                .map(dot_at)
                .collect()
        } else {
            (0..due.len()).map(dot_at).collect()
        };
        scratch.clear(&ca.centroid);
        work.similarities += near.len();
        work.dot_products += due.len();
        for (&(k, factors), dot) in due.iter().zip(dots) {
            if skip {
                near[k] = Near::taken(near[k].n as usize, dot as f64, &drift);
            }
            let similarity = factors.similarity(dot);
            if similarity >= params.threshold {
                let n = near[k].n as usize;
                let (lo, hi) = if a < n { (a, n) } else { (n, a) };
                let (vlo, vhi) = (
                    clusters[lo].as_ref().expect("live").version,
                    clusters[hi].as_ref().expect("live").version,
                );
                heap.push(Candidate::new(similarity, lo, hi, vlo, vhi));
            }
            // `n`'s own list already names `a` or `b`, which now resolves to `a`.
        }
        neighbours[a] = near;
        if heap.len() > clear_at {
            heap = drop_outdated(heap, &clusters);
            clear_at = (heap.len() * 2).max(QUEUE_CLEARING);
        }
    }
    // Resolve every live cluster's neighbours for the last step (none when it is off, and
    // the records go at once: at 100,000 articles they are hundreds of megabytes).
    if params.attach_weight <= 0.0 {
        neighbours = Vec::new();
    }
    let neighbours: Vec<Vec<usize>> = (0..neighbours.len())
        .map(|a| {
            if clusters[a].is_none() {
                return Vec::new();
            }
            let mut near: Vec<usize> = std::mem::take(&mut neighbours[a])
                .into_iter()
                .map(|record| drift.resolve(record.n as usize).0)
                .collect();
            near.sort_unstable();
            near.dedup();
            near.retain(|&n| n != a);
            near
        })
        .collect();
    attach_leftovers(&mut clusters, &neighbours, params, &mut work);
    let out = clusters
        .into_iter()
        .flatten()
        .map(|c| {
            let mut members = c.members;
            members.sort_unstable();
            members
        })
        .collect();
    (out, work)
}

struct Cluster<'a> {
    members: Vec<usize>,
    /// Lengths of the kept and trimmed parts of `sum`, for bounds (`drift::Merge`).
    lengths: Lengths,
    /// Weighted sum of member vectors; `None` while the cluster is its first item, when it is
    /// `centroid` times `weight` (most items never merge, and a copy of every item's vector
    /// was a large share of the memory clustering a big corpus takes).
    sum: Option<SparseVec>,
    /// `sum`, trimmed to its heaviest dimensions and normalised; borrowed from the item while
    /// the cluster is its first item (a copy of every item's vector was a large share of the
    /// memory clustering a big corpus takes).
    centroid: Cow<'a, [(u32, f32)]>,
    /// Length of `sum` over the total weight: 1 for one item, less for a spread-out cluster.
    cohesion: f32,
    weight: f32,
    /// The highest confidence of its items.
    confidence: f32,
    first: i64,
    last: i64,
    lang: Option<Lang>,
    /// Bumped on every merge, so queued similarities of the old cluster are ignored.
    version: u32,
}

impl Cluster<'_> {
    /// The weighted sum of its members (see `sum`), taken out.
    fn take_sum(&mut self) -> SparseVec {
        self.sum.take().unwrap_or_else(|| {
            self.centroid
                .iter()
                .map(|&(d, w)| (d, w * self.weight))
                .collect()
        })
    }

    /// Merges `other` into this cluster; returns how far the centroid moved, and how far it
    /// is from `other`'s.
    fn absorb(&mut self, mut other: Cluster) -> (f64, f64) {
        self.members.append(&mut other.members);
        // Both sums share dimensions, so the merged one is shorter than the room made for it;
        // the rest goes back at once (a big corpus merges tens of thousands of times).
        let mut sum = add_scaled(&self.take_sum(), &other.take_sum(), 1.0);
        sum.shrink_to_fit();
        self.weight += other.weight;
        self.confidence = self.confidence.max(other.confidence);
        let length = sum.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        self.cohesion = (length / self.weight).min(1.0);
        let mut centroid = sum.clone();
        self.sum = Some(sum);
        let mut cut = 0.0;
        if centroid.len() > CENTROID_DIMS {
            // Dimensions are unique, so this order is total and the heaviest ones are the
            // same whichever way they are found; a partial selection is enough.
            centroid.select_nth_unstable_by(CENTROID_DIMS - 1, |x, y| {
                y.1.total_cmp(&x.1).then(x.0.cmp(&y.0))
            });
            cut = norm(&centroid[CENTROID_DIMS..]);
            centroid.truncate(CENTROID_DIMS);
            centroid.shrink_to_fit();
            centroid.sort_by_key(|e| e.0);
        }
        self.lengths = Lengths {
            kept: norm(&centroid),
            cut,
        };
        normalise(&mut centroid);
        let old = std::mem::replace(&mut self.centroid, Cow::Owned(centroid));
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
        self.version += 1;
        (
            distance(&old, &self.centroid),
            distance(&other.centroid, &self.centroid),
        )
    }
}

/// Cluster similarity discounted by the days between the two spans; 0 across languages.
///
/// With `sum` the weighted sum of a cluster's unit vectors and `w` its weight, average linkage
/// is `sum_a · sum_b / (w_a w_b)` and centroid linkage `sum_a · sum_b / (|sum_a| |sum_b|)`;
/// `cohesion` = `|sum| / w` (1 for a single item, smaller the more spread out) turns one into
/// the other, and `params.linkage` chooses between them.
fn linkage(a: &Cluster, b: &Cluster, params: &Params, floor: f32) -> f32 {
    gate(a, b, params, floor, 1.0).map_or(0.0, |f| f.similarity(dot(&a.centroid, &b.centroid)))
}

/// Whether a similarity whose centroid dot product is at most `bound` can reach `floor` at
/// all: the other factors of a similarity are at most 1.
fn reachable(bound: f32, floor: f32) -> bool {
    (bound + MARGIN) * 1.001 >= floor
}

/// What scales the centroid dot product of two clusters into their similarity.
#[derive(Debug, Clone, Copy)]
struct Factors {
    spread: f32,
    trust: f32,
    discount: f32,
}

impl Factors {
    fn similarity(self, dot: f32) -> f32 {
        dot * self.spread * self.trust * self.discount
    }
}

/// The factors of `linkage`, unless the similarity cannot reach `floor`, the least similarity
/// the caller acts on, even with a centroid dot product of `bound` (an upper bound of it: 1
/// for unit vectors, or one from `drift`); then the dot product, the costly part, is skipped,
/// and every decision made is the same as if it had been computed.
fn gate(a: &Cluster, b: &Cluster, params: &Params, floor: f32, bound: f32) -> Option<Factors> {
    if a.lang != b.lang {
        return None;
    }
    let gap = (a.first.max(b.first) - a.last.min(b.last)).max(0) as f32;
    let spread = (a.cohesion * b.cohesion).powf(1.0 - params.linkage);
    let trust = (a.confidence * b.confidence).sqrt();
    let discount = time_discount(gap, params);
    // The margins cover rounding.
    let reach = spread * trust * discount * 1.001;
    if reach < floor || (bound + MARGIN) * reach < floor {
        return None;
    }
    Some(Factors {
        spread,
        trust,
        discount,
    })
}

/// 1 within the window, then halving every `half_life_days`.
pub fn time_discount(gap_days: f32, params: &Params) -> f32 {
    let beyond = gap_days - params.window_days;
    if beyond <= 0.0 {
        1.0
    } else if params.half_life_days <= 0.0 {
        0.0
    } else {
        0.5f32.powf(beyond / params.half_life_days)
    }
}

/// Whether a queued pair still stands: both sides live and unchanged since it was queued. The
/// merge loop skips a pair that does not.
fn is_current(pair: &Candidate, clusters: &[Option<Cluster>]) -> bool {
    match (&clusters[pair.a as usize], &clusters[pair.b as usize]) {
        (Some(ca), Some(cb)) => ca.version == pair.version_a && cb.version == pair.version_b,
        _ => false,
    }
}

/// The queue without the pairs the merge loop would skip when it popped them (not
/// `is_current`). Why: a big cluster queues a pair with each
/// of its thousands of neighbours at every merge, and the pairs it queued before are outdated
/// at once; at 100,000 articles those stale pairs were a large part of the build's memory.
/// Leaving them out changes nothing: the queue pops the remaining pairs in the same order.
fn drop_outdated(
    heap: BinaryHeap<Candidate>,
    clusters: &[Option<Cluster>],
) -> BinaryHeap<Candidate> {
    heap.into_vec()
        .into_iter()
        .filter(|pair| is_current(pair, clusters))
        .collect()
}

#[cfg(test)]
mod tests;
