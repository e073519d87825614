//! How far cluster centroids have moved since two of them were last compared, so that a
//! comparison whose result cannot reach the merge threshold is skipped without changing any
//! decision.
//!
//! Why: after every merge the merged cluster is compared with all its neighbours, and a big
//! cluster has thousands. When a big cluster absorbs a small one its centroid barely moves,
//! yet every neighbour used to be compared again; at 10k Reuters articles 97% of those
//! comparisons ended below the threshold. For unit vectors, moving one side by a distance `d`
//! changes their dot product by at most `d` (Cauchy–Schwarz), so a dot product computed
//! earlier plus the distance both centroids have moved since is an upper bound of the dot
//! product now. Each cluster keeps a potential, the total distance its centroid has moved;
//! a neighbour record keeps its last bound and the neighbour's potential at that time.
//!
//! A merge also bounds by linearity (`Merge::bound`): the merged sum is the sum of both sums,
//! so its dot product with a neighbour's centroid is at most the two old bounds weighted by
//! the lengths of the two sums, plus what trimming the centroids to their heaviest dimensions
//! left out. Drift adds up every move of a centroid; this averages, so it is the tighter of
//! the two when both sides had compared the neighbour or a small cluster joins a big one.
//!
//! Absorbed clusters point to the cluster that absorbed them, as in a union–find whose edges
//! carry the potential offset, so a record that names an absorbed cluster still resolves to
//! the live cluster and the distance its frame has moved.

/// Added to a bound before it is compared with the threshold: far more than the rounding of
/// dot products and distances in `f32`, far less than any similarity that matters.
pub const MARGIN: f32 = 1e-3;

/// A neighbour as one cluster sees it: its index, and an upper bound of the dot product of the
/// two centroids less the neighbour's potential when that bound was taken (the owner's own
/// potential at that time is its potential when its list was last rebuilt, which is now).
/// Only that difference is ever needed: the bound now is it plus the neighbour's potential
/// now (`carried`), and right after it was taken that is the bound itself (`bound`).
///
/// 8 bytes: a big corpus has tens of millions of these records (at 100,000 articles they
/// were the largest thing clustering held), so the index is a `u32` and the difference an
/// `f32` rounded up (`above`), which keeps every bound made from it an upper bound.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    pub n: u32,
    slack: f32,
}

impl Near {
    /// A neighbour nothing is known about yet (unit vectors: a dot product of at most 1).
    pub fn unknown(n: usize) -> Self {
        Near {
            n: n as u32,
            slack: 1.0,
        }
    }

    /// A record of live neighbour `n` with the upper bound `bound` taken now.
    pub fn taken(n: usize, bound: f64, drift: &Drift) -> Self {
        Near {
            n: n as u32,
            slack: above(bound - drift.potential(n)),
        }
    }

    /// The record's bound, when its neighbour is live and has not moved since it was taken
    /// (a record just made by `taken` or `Merge::neighbours`, or any before the first merge).
    pub fn bound(&self, drift: &Drift) -> f32 {
        above(self.slack as f64 + drift.potential(self.n as usize))
    }
}

/// Union–find of absorbed clusters with the distance each frame's centroid has moved.
pub struct Drift {
    parent: Vec<usize>,
    /// For a live cluster, how far its centroid has moved in total; for an absorbed one, its
    /// potential minus its parent's.
    potential: Vec<f64>,
}

impl Drift {
    pub fn new(n: usize) -> Self {
        Drift {
            parent: (0..n).collect(),
            potential: vec![0.0; n],
        }
    }

    /// The live cluster `x` is now part of, and the potential of `x`'s frame (the live
    /// cluster's potential plus the distances `x` and its absorbers jumped when absorbed).
    pub fn resolve(&mut self, x: usize) -> (usize, f64) {
        let mut root = x;
        let mut offset = 0.0;
        while self.parent[root] != root {
            offset += self.potential[root];
            root = self.parent[root];
        }
        // Path compression: every node on the way points to the root, with its whole offset.
        let (mut at, mut rest) = (x, offset);
        while at != root && self.parent[at] != root {
            let next = self.parent[at];
            let own = self.potential[at];
            self.parent[at] = root;
            self.potential[at] = rest;
            rest -= own;
            at = next;
        }
        (root, offset + self.potential[root])
    }

    /// The potential of live cluster `a`.
    pub fn potential(&self, a: usize) -> f64 {
        self.potential[a]
    }

    /// Where `a`'s potential is kept, for `pairs::prefetch`.
    pub fn potential_slot(&self, a: usize) -> &f64 {
        &self.potential[a]
    }

    /// Live cluster `a` absorbed live cluster `b`: `a`'s centroid moved by `jump_a`, and the
    /// merged centroid is `jump_b` away from `b`'s.
    pub fn absorb(&mut self, a: usize, b: usize, jump_a: f64, jump_b: f64) {
        self.potential[a] += jump_a;
        self.potential[b] = self.potential[b] + jump_b - self.potential[a];
        self.parent[b] = a;
    }
}

/// Euclidean distance of two sparse vectors sorted by dimension, rounded up a little so it
/// stays an upper bound of the exact distance.
pub fn distance(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0f64);
    while i < a.len() || j < b.len() {
        let delta = if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            i += 1;
            a[i - 1].1 as f64
        } else if i >= a.len() || b[j].0 < a[i].0 {
            j += 1;
            b[j - 1].1 as f64
        } else {
            i += 1;
            j += 1;
            a[i - 1].1 as f64 - b[j - 1].1 as f64
        };
        sum += delta * delta;
    }
    sum.sqrt() * (1.0 + 1e-6)
}

/// The bound of `near` after its owner's frame moved by `moved`: the record is brought to the
/// live neighbour, whose centroid is where the recorded neighbour's frame is now, and to that
/// live cluster's potential.
fn carried(near: Near, moved: f64, drift: &mut Drift) -> (u32, f32) {
    let (n, potential) = drift.resolve(near.n as usize);
    let bound = near.slack as f64 + moved + potential;
    // Rounded up, so the record stays an upper bound.
    (n as u32, (bound * (1.0 + 1e-6)) as f32)
}

/// The least `f32` not below `x`, so that a bound stored so stays an upper bound.
pub fn above(x: f64) -> f32 {
    let rounded = x as f32;
    if (rounded as f64) < x {
        rounded.next_up()
    } else {
        rounded
    }
}

/// The lengths of one cluster's sum: `kept`, of the part its centroid keeps (the centroid is
/// that part normalised), and `cut`, of the part trimmed away.
#[derive(Debug, Clone, Copy)]
pub struct Lengths {
    pub kept: f64,
    pub cut: f64,
}

/// What a merge of `a` and `b` into `a` tells about the bounds of their neighbours: how far
/// each centroid jumped, and the lengths of both sums before and of the merged sum after.
#[derive(Debug)]
pub struct Merge {
    pub a: usize,
    pub jump_a: f64,
    pub jump_b: f64,
    pub before_a: Lengths,
    pub before_b: Lengths,
    pub after: Lengths,
}

impl Merge {
    /// An upper bound of the dot product of the merged centroid and a neighbour's, from
    /// upper bounds of the dot products of the neighbour's centroid with the two old centroids
    /// (`None`: unknown, at most 1 for unit vectors).
    ///
    /// Two bounds, the tighter is kept. Drift: the merged centroid is `jump` away from each old
    /// one. Linearity: the merged sum is the sum of both sums, each the part its centroid keeps
    /// (`kept` times the centroid) plus the part trimmed away (at most `cut` along any unit
    /// vector); the merged centroid is its kept part over `kept`, which differs from the whole
    /// sum by the part trimmed now. When a small cluster joins a big one, or both sides knew
    /// the neighbour, the second is far tighter: drift adds up every move, linearity averages.
    pub fn bound(&self, from_a: Option<f64>, from_b: Option<f64>) -> f64 {
        let drift = match (from_a, from_b) {
            (Some(x), Some(y)) => (x + self.jump_a).min(y + self.jump_b),
            (Some(x), None) => x + self.jump_a,
            (None, Some(y)) => y + self.jump_b,
            (None, None) => 1.0,
        };
        let side = |bound: Option<f64>, lengths: Lengths| {
            lengths.kept * bound.unwrap_or(1.0).min(1.0) + lengths.cut
        };
        let linear = if self.after.kept > 0.0 {
            (side(from_a, self.before_a) + side(from_b, self.before_b) + self.after.cut)
                / self.after.kept
        } else {
            1.0
        };
        // Rounded up, so the result stays an upper bound of the `f32` arithmetic.
        drift.min(linear).min(1.0) * (1.0 + 1e-5)
    }

    /// The neighbour list of the merged cluster from the lists of both sides: each record is
    /// brought to the live neighbour it names (several records of one neighbour keep the
    /// tightest bound), the merged cluster itself is left out, and each neighbour's bound is
    /// `bound` of what both sides knew. Sorted by neighbour.
    pub fn neighbours(&self, near_a: Vec<Near>, near_b: Vec<Near>, drift: &mut Drift) -> Vec<Near> {
        // (live neighbour, its bound now, from b's list).
        let mut tagged: Vec<(u32, f32, bool)> = Vec::with_capacity(near_a.len() + near_b.len());
        for (list, from_b) in [(near_a, false), (near_b, true)] {
            for record in list {
                let (n, bound) = carried(record, 0.0, drift);
                if n as usize != self.a {
                    tagged.push((n, bound, from_b));
                }
            }
        }
        tagged.sort_unstable_by_key(|record| record.0);
        // Made at its length: both sides share neighbours, and the lists are tens of millions
        // of records at 100,000 articles.
        let distinct = tagged.chunk_by(|x, y| x.0 == y.0).count();
        let mut out: Vec<Near> = Vec::with_capacity(distinct);
        let mut k = 0;
        while k < tagged.len() {
            let n = tagged[k].0;
            let (mut from_a, mut from_b) = (None::<f64>, None::<f64>);
            while k < tagged.len() && tagged[k].0 == n {
                let (_, bound, side_b) = tagged[k];
                let slot = if side_b { &mut from_b } else { &mut from_a };
                let bound = bound as f64;
                *slot = Some(slot.map_or(bound, |b| b.min(bound)));
                k += 1;
            }
            // Stored as `f32` before, as the bound is used.
            let bound = self.bound(from_a, from_b) as f32;
            out.push(Near::taken(n as usize, bound as f64, drift));
        }
        out
    }
}

/// Euclidean length of a sparse vector, in `f64`.
pub fn norm(vector: &[(u32, f32)]) -> f64 {
    vector
        .iter()
        .map(|e| e.1 as f64 * e.1 as f64)
        .sum::<f64>()
        .sqrt()
}

/// Both neighbour lists of a merge resolved to live clusters, without bounds (for tests that
/// check the bounds change nothing).
pub fn unbounded(near_a: Vec<Near>, near_b: Vec<Near>, a: usize, drift: &mut Drift) -> Vec<Near> {
    let mut near: Vec<Near> = near_a
        .into_iter()
        .chain(near_b)
        .map(|record| Near::unknown(drift.resolve(record.n as usize).0))
        .filter(|record| record.n as usize != a)
        .collect();
    near.sort_unstable_by_key(|record| record.n);
    near.dedup_by_key(|record| record.n);
    near
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn potentials_follow_merges_through_absorbed_clusters() {
        let mut drift = Drift::new(4);
        drift.absorb(2, 3, 0.1, 0.5);
        assert_eq!(drift.resolve(3).0, 2);
        assert!((drift.resolve(3).1 - 0.5).abs() < 1e-12);
        assert!((drift.resolve(2).1 - 0.1).abs() < 1e-12);
        drift.absorb(0, 2, 0.2, 0.3);
        // 3's frame: 0.5 when it joined 2, then 0.3 when 2 joined 0.
        let (root, potential) = drift.resolve(3);
        assert_eq!(root, 0);
        assert!((potential - 0.8).abs() < 1e-12, "{potential}");
        drift.absorb(0, 1, 0.05, 0.9);
        // Path compressed, still 0.8 plus the 0.05 that 0 moved since.
        assert!((drift.resolve(3).1 - 0.85).abs() < 1e-12);
        assert!((drift.resolve(2).1 - 0.45).abs() < 1e-12);
        assert!((drift.resolve(1).1 - 0.9).abs() < 1e-12);
        assert!((drift.potential(0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn merged_bound_holds_and_is_tight_when_both_sides_knew_the_neighbour() {
        let unit = |v: &[(u32, f32)]| {
            let n = norm(v) as f32;
            v.iter().map(|&(d, w)| (d, w / n)).collect::<Vec<_>>()
        };
        let dot = |x: &[(u32, f32)], y: &[(u32, f32)]| {
            x.iter()
                .filter_map(|a| y.iter().find(|b| b.0 == a.0).map(|b| a.1 * b.1))
                .sum::<f32>() as f64
        };
        // Two unit centroids far apart, a neighbour close to neither, and their merge.
        let a = unit(&[(0, 1.0), (1, 0.2)]);
        let b = unit(&[(2, 1.0), (3, 0.3)]);
        let n = unit(&[(1, 0.3), (3, 0.3), (4, 1.0)]);
        let sum: Vec<(u32, f32)> = [(0, a[0].1), (1, a[1].1), (2, b[0].1), (3, b[1].1)].to_vec();
        // Trimmed to its three heaviest dimensions: dimension 1 is cut.
        let kept = unit(&[sum[0], sum[2], sum[3]]);
        let merge = Merge {
            a: 0,
            jump_a: distance(&a, &kept),
            jump_b: distance(&b, &kept),
            before_a: Lengths {
                kept: 1.0,
                cut: 0.0,
            },
            before_b: Lengths {
                kept: 1.0,
                cut: 0.0,
            },
            after: Lengths {
                kept: norm(&[sum[0], sum[2], sum[3]]),
                cut: sum[1].1 as f64,
            },
        };
        let actual = dot(&kept, &n);
        let (from_a, from_b) = (dot(&a, &n), dot(&b, &n));
        for (x, y) in [
            (Some(from_a), Some(from_b)),
            (Some(from_a), None),
            (None, Some(from_b)),
        ] {
            assert!(merge.bound(x, y) >= actual, "{x:?} {y:?}");
        }
        // Knowing both sides, linearity is far tighter than either drift bound.
        let both = merge.bound(Some(from_a), Some(from_b));
        assert!(both < from_a + merge.jump_a - 0.3, "{both} {merge:?}");
        assert!(both < from_b + merge.jump_b - 0.3, "{both}");
    }

    #[test]
    fn stored_bounds_are_rounded_up_and_read_back_at_least_as_taken() {
        for x in [0.0, 0.1, 1.0 / 3.0, 2.7, 123.456_789_012_3, -0.3, 1e-9] {
            let stored = above(x);
            assert!(stored as f64 >= x, "{x}");
            assert!((stored as f64) - x <= x.abs() * 1e-6 + 1e-12, "{x}");
        }
        let mut drift = Drift::new(3);
        drift.absorb(1, 2, 0.123_456_789, 0.5);
        for bound in [0.0, 0.3, 0.987_654_321, 1.0] {
            let record = Near::taken(1, bound, &drift);
            assert!(record.bound(&drift) as f64 >= bound, "{bound}");
            assert!(record.bound(&drift) as f64 - bound < 1e-6, "{bound}");
        }
    }

    #[test]
    fn distance_covers_dimensions_on_either_side() {
        let a = [(1, 0.6), (2, 0.8)];
        let b = [(2, 0.8), (5, 0.6)];
        let d = distance(&a, &b);
        assert!((d - (0.72f64).sqrt()).abs() < 1e-5, "{d}");
        assert!(distance(&a, &a) < 1e-9);
    }
}
