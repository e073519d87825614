//! Whether a story holds together without its main name, and if not, its split.
//!
//! Why: stories are clustered by centroid, and a centroid is dominated by what its members
//! share. In a corpus where one name is everywhere (a wire service's "U.S.", named in two
//! thirds of its business articles), events that have nothing else in common are similar
//! through that name alone, every merge makes it weigh more in the merged centroid, and one
//! catch-all story of everything that names the country forms (the chaining of centroid
//! clustering). Its members do resemble their centroid, but only through that one name; a
//! real story's events also share their other names and their words (the oil spill's events
//! name BP, and also the Gulf, the rig, the company's chief and the coast they foul).
//!
//! So each story is also measured without its heaviest dimension. Its cohesion (the length
//! of its members' weighted sum over their weight, the weighted mean similarity of members to
//! their centroid) must reach what the merge threshold asks of a typical member: with
//! `linkage` λ a lone event joins a story of cohesion `c` when its centroid similarity `s`
//! times `c^(1-λ)` reaches the threshold `t`, and a typical member has `s = c`, so the least
//! cohesion is `t^(1/(2-λ))`. A story that falls short is clustered again without that
//! dimension, and each part is tested the same way.

use crate::group::cluster::{self, Item, Params, Work};
use crate::group::features::{SparseVec, normalise};
use crate::group::sparse::weighted_sum_in_order;
use std::borrow::Cow;

/// The cohesion a story needs without its main dimension (see the module header).
pub fn least_cohesion(params: &Params) -> f32 {
    let linkage = params.linkage.clamp(0.0, 1.0);
    params.threshold.max(0.0).powf(1.0 / (2.0 - linkage))
}

/// Splits every cluster of at least `min_weight` (and two items) whose cohesion without its
/// heaviest dimension is below `least_cohesion`: its items are clustered again without that
/// dimension, and the parts are tested in turn, without the dimensions removed so far. Clusters
/// are lists of indices into `items`; the result lists every index once, clusters ordered by
/// their first item.
pub fn split_incoherent(
    clusters: Vec<Vec<usize>>,
    items: &[Item],
    params: &Params,
    min_weight: f32,
    work: &mut Work,
) -> Vec<Vec<usize>> {
    let least = least_cohesion(params);
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut todo: Vec<(Vec<usize>, Vec<u32>)> =
        clusters.into_iter().map(|c| (c, Vec::new())).collect();
    while let Some((members, removed)) = todo.pop() {
        let weight: f32 = members.iter().map(|&m| items[m].weight).sum();
        if members.len() < 2 || weight < min_weight {
            out.push(members);
            continue;
        }
        // Each member without the dimensions removed so far (a copy only when any were).
        let vectors: Vec<Cow<[(u32, f32)]>> = members
            .iter()
            .map(|&m| without(&items[m].vector, &removed))
            .collect();
        let weights: Vec<f32> = members.iter().map(|&m| items[m].weight).collect();
        let Some(main) = heaviest(&vectors, &weights) else {
            out.push(members);
            continue;
        };
        let vectors: Vec<Cow<[(u32, f32)]>> = vectors.iter().map(|v| without(v, &[main])).collect();
        if cohesion(&vectors, &weights) >= least {
            out.push(members);
            continue;
        }
        let mut removed = removed;
        removed.push(main);
        removed.sort_unstable();
        let stripped: Vec<Item> = members
            .iter()
            .zip(vectors)
            .map(|(&m, v)| Item {
                vector: v.into_owned(),
                ..items[m].clone()
            })
            .collect();
        let (parts, part_work) = cluster::agglomerate(&stripped, params);
        work.candidate_pairs += part_work.candidate_pairs;
        work.similarities += part_work.similarities;
        work.dot_products += part_work.dot_products;
        work.merges += part_work.merges;
        if parts.len() <= 1 {
            out.push(members);
            continue;
        }
        for part in parts {
            let part: Vec<usize> = part.iter().map(|&k| members[k]).collect();
            todo.push((part, removed.clone()));
        }
    }
    for members in &mut out {
        members.sort_unstable();
    }
    out.sort_by_key(|members| members[0]);
    out
}

/// `vector` without the dimensions `removed` (sorted), normalised again; borrowed when it has
/// none of them.
fn without<'a>(vector: &'a [(u32, f32)], removed: &[u32]) -> Cow<'a, [(u32, f32)]> {
    if !vector.iter().any(|e| removed.binary_search(&e.0).is_ok()) {
        return Cow::Borrowed(vector);
    }
    let mut kept: SparseVec = vector
        .iter()
        .copied()
        .filter(|e| removed.binary_search(&e.0).is_err())
        .collect();
    normalise(&mut kept);
    Cow::Owned(kept)
}

/// The heaviest dimension of the weighted sum of `vectors` (ties to the lowest dimension).
fn heaviest(vectors: &[Cow<[(u32, f32)]>], weights: &[f32]) -> Option<u32> {
    weighted_sum_in_order(vectors, weights)
        .iter()
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
        .map(|e| e.0)
}

/// Length of the weighted sum of unit vectors over their total weight: the weighted mean
/// similarity of the vectors to their centroid.
fn cohesion(vectors: &[Cow<[(u32, f32)]>], weights: &[f32]) -> f32 {
    let weight: f32 = weights.iter().sum();
    if weight <= 0.0 {
        return 1.0;
    }
    let sum = weighted_sum_in_order(vectors, weights);
    sum.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt() / weight
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::lang::Lang;

    fn item(vector: &[(u32, f32)]) -> Item {
        let mut vector = vector.to_vec();
        normalise(&mut vector);
        Item {
            vector,
            first: 0,
            last: 0,
            lang: Some(Lang::En),
            weight: 1.0,
            confidence: 1.0,
        }
    }

    fn params() -> Params {
        Params {
            threshold: 0.2,
            window_days: 7.0,
            half_life_days: 60.0,
            keys_per_item: 4,
            neighbours: 32,
            max_key_share: 1.0,
            linkage: 0.5,
            attach_weight: 3.0,
            attach_threshold: 0.0,
        }
    }

    #[test]
    fn the_least_cohesion_is_what_the_threshold_asks_of_a_typical_member() {
        let p = params();
        let at = |linkage: f32| least_cohesion(&Params { linkage, ..p });
        assert!((at(1.0) - 0.2).abs() < 1e-6);
        assert!((at(0.0) - 0.2f32.sqrt()).abs() < 1e-6);
        assert!((at(0.5) - 0.2f32.powf(2.0 / 3.0)).abs() < 1e-6);
    }

    #[test]
    fn a_story_held_together_by_one_name_alone_is_split_and_a_real_one_is_kept() {
        // Six groups of four events; every event names dimension 0 (the country everyone
        // names), its group's own name, and a detail of its own. Without dimension 0 the
        // cohesion is sqrt(6 * 4^2 / 2 + 24 / 2) / 24 = 0.32, below 0.2^(2/3) = 0.34.
        let hub: Vec<Item> = (0..24u32)
            .map(|i| item(&[(0, 1.0), (1 + i / 4, 0.4), (100 + i, 0.4)]))
            .collect();
        let (clusters, _) = cluster::agglomerate(&hub, &params());
        assert_eq!(clusters.len(), 1, "the name alone merges everything");
        let mut work = Work::default();
        let split = split_incoherent(clusters, &hub, &params(), 3.0, &mut work);
        let groups: Vec<Vec<usize>> = (0..6).map(|g| (g * 4..g * 4 + 4).collect()).collect();
        assert_eq!(split, groups);
        assert!(work.merges > 0);

        // One story: its events also share two more names.
        let story: Vec<Item> = (0..20u32)
            .map(|i| item(&[(0, 1.0), (1, 0.4), (2, 0.4), (100 + i, 0.4)]))
            .collect();
        let (clusters, _) = cluster::agglomerate(&story, &params());
        assert_eq!(clusters.len(), 1);
        let kept = split_incoherent(clusters.clone(), &story, &params(), 3.0, &mut work);
        assert_eq!(kept, clusters);
        // Clusters lighter than a story are not tested.
        let (light, _) = cluster::agglomerate(&hub, &params());
        assert_eq!(
            split_incoherent(light.clone(), &hub, &params(), 25.0, &mut work),
            light
        );
    }
}
