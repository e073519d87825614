//! The last step of clustering: light clusters left over after merging join the most similar
//! heavy cluster among their candidates.
//!
//! Why it is apart from `cluster.rs`: merging is the algorithm; this is a pass after it, with
//! its own rule (a light cluster joins at most one heavy one, compared as it was before any
//! joins), kept apart so the merge loop's module stays readable.

use super::{Cluster, Params, Work, linkage};

/// Lets each light cluster join the most similar heavy cluster among its candidates, when
/// similar enough. Heavy clusters are compared as they were before any joins, so the order in
/// which light clusters are looked at does not matter.
pub(super) fn attach_leftovers(
    clusters: &mut [Option<Cluster>],
    neighbours: &[Vec<usize>],
    params: &Params,
    work: &mut Work,
) {
    if params.attach_weight <= 0.0 {
        return;
    }
    let heavy = |c: &Option<Cluster>| c.as_ref().is_some_and(|c| c.weight >= params.attach_weight);
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (a, cluster) in clusters.iter().enumerate() {
        let Some(light) = cluster else { continue };
        if light.weight >= params.attach_weight {
            continue;
        }
        let mut best: Option<(f32, usize)> = None;
        for &n in &neighbours[a] {
            if !heavy(&clusters[n]) {
                continue;
            }
            work.similarities += 1;
            let similarity = linkage(
                light,
                clusters[n].as_ref().expect("heavy"),
                params,
                params.attach_threshold,
            );
            if similarity >= params.attach_threshold
                && best.is_none_or(|(s, m)| similarity > s || (similarity == s && n < m))
            {
                best = Some((similarity, n));
            }
        }
        if let Some((_, target)) = best {
            joins.push((a, target));
        }
    }
    for (light, target) in joins {
        let members = clusters[light].take().expect("live").members;
        clusters[target]
            .as_mut()
            .expect("live")
            .members
            .extend(members);
        work.merges += 1;
    }
}
