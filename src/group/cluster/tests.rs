//! Unit tests of `group::cluster`: merging, time decay, languages, skipped comparisons, the
//! merge queue and the dense dot product.
use super::*;

/// A small deterministic pseudo-random source (a linear congruential generator).
fn pseudo_random(mut seed: u64) -> impl FnMut() -> u32 {
    move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    }
}

#[test]
fn dense_dot_is_the_sparse_dot_bit_for_bit() {
    // 500 dimensions: the vectors share many. 200,000 (past the filter's 32,768 slots): many
    // dimensions of one vector pass the filter without being in the other, and some weights
    // are zero or negative. Dimensions past the dense array's end count as absent.
    for (dims, seed) in [(500, 7), (200_000, 11)] {
        let mut next = pseudo_random(seed);
        let mut vector = |len: usize| {
            let mut v: Vec<(u32, f32)> = (0..len)
                .map(|_| {
                    let d = next() % dims;
                    let w = (next() % 1000) as f32 / 997.0;
                    (d, if d.is_multiple_of(7) { -w } else { w })
                })
                .collect();
            v.sort_by_key(|e| e.0);
            v.dedup_by_key(|e| e.0);
            v
        };
        let mut dense = Dense::new(dims as usize);
        let mut shared = 0;
        for _ in 0..200 {
            let (a, b) = (vector(300), vector(200));
            shared += b.iter().filter(|x| a.iter().any(|y| y.0 == x.0)).count();
            dense.load(&a);
            let expected = dot(&a, &b);
            assert_eq!(dense.dot(&b).to_bits(), expected.to_bits());
            let beyond: Vec<(u32, f32)> = b.iter().map(|&(d, w)| (d + dims, w)).collect();
            assert_eq!(dense.dot(&beyond), 0.0);
            dense.clear(&a);
            assert_eq!(dense.dot(&b), 0.0);
        }
        assert!(
            shared > 0,
            "the vectors must share dimensions for the test to mean anything"
        );
    }
}

#[test]
fn dropping_outdated_pairs_keeps_the_current_ones_in_the_same_order() {
    let cluster = |version: u32| {
        Some(Cluster {
            lengths: Lengths {
                kept: 1.0,
                cut: 0.0,
            },
            members: vec![0],
            sum: None,
            centroid: Cow::Owned(vec![(0, 1.0)]),
            cohesion: 1.0,
            weight: 1.0,
            confidence: 1.0,
            first: 0,
            last: 0,
            lang: None,
            version,
        })
    };
    // Cluster 1 was absorbed; cluster 2 changed (version 1) after some pairs were queued.
    let clusters = vec![cluster(0), None, cluster(1), cluster(0)];
    let queued = [
        Candidate::new(0.9, 0, 1, 0, 0), // 1 is gone
        Candidate::new(0.8, 0, 2, 0, 0), // 2 changed since
        Candidate::new(0.7, 0, 2, 0, 1),
        Candidate::new(0.7, 2, 3, 1, 0),
        Candidate::new(0.5, 0, 3, 0, 0),
    ];
    let heap: BinaryHeap<Candidate> = queued.iter().copied().collect();
    let kept = drop_outdated(heap, &clusters).into_sorted_vec();
    let pairs: Vec<(u32, u32, u32)> = kept.iter().rev().map(|c| (c.a, c.b, c.version_a)).collect();
    assert_eq!(pairs, [(0, 2, 0), (2, 3, 1), (0, 3, 0)]);
}

fn item(vector: &[(u32, f32)], day: i64) -> Item {
    let mut vector = vector.to_vec();
    normalise(&mut vector);
    Item {
        vector,
        first: day,
        last: day,
        lang: Some(Lang::En),
        weight: 1.0,
        confidence: 1.0,
    }
}

fn params() -> Params {
    Params {
        threshold: 0.5,
        window_days: 1.0,
        half_life_days: 2.0,
        keys_per_item: 4,
        neighbours: 8,
        max_key_share: 1.0,
        linkage: 1.0,
        attach_weight: 0.0,
        attach_threshold: 0.0,
    }
}

#[test]
fn similar_items_merge_and_different_ones_stay_apart() {
    let items = vec![
        item(&[(1, 1.0), (2, 1.0)], 0),
        item(&[(5, 1.0), (6, 1.0)], 0),
        item(&[(1, 1.0), (2, 0.8)], 1),
    ];
    let (clusters, work) = agglomerate(&items, &params());
    assert_eq!(clusters, vec![vec![0, 2], vec![1]]);
    assert_eq!(work.merges, 1);
}

#[test]
fn time_discounts_similarity_beyond_the_window() {
    let p = params();
    assert_eq!(time_discount(1.0, &p), 1.0);
    assert!((time_discount(3.0, &p) - 0.5).abs() < 1e-6);
    let items = vec![item(&[(1, 1.0)], 0), item(&[(1, 1.0), (2, 0.3)], 30)];
    let (clusters, _) = agglomerate(&items, &p);
    assert_eq!(clusters.len(), 2);
}

#[test]
fn skipping_comparisons_by_their_bound_changes_nothing() {
    // Pseudo-random items over a small vocabulary, so clusters grow and merge often.
    let mut next = pseudo_random(12345);
    let mut items: Vec<Item> = (0..400)
        .map(|i| {
            let topic = next() % 12;
            let mut dims: Vec<(u32, f32)> = (0..6)
                .map(|_| (topic * 10 + next() % 14, 1.0 + (next() % 100) as f32 / 50.0))
                .collect();
            dims.push((200 + next() % 300, 0.0));
            dims.sort_by_key(|e| e.0);
            dims.dedup_by_key(|e| e.0);
            let mut it = item(&dims, (i / 10) as i64);
            it.weight = 1.0 + (next() % 3) as f32;
            it.confidence = 0.5 + (next() % 50) as f32 / 100.0;
            it
        })
        .collect();
    items[7].lang = Some(Lang::Fr);
    for linkage in [0.0, 0.5, 1.0] {
        let p = Params {
            threshold: 0.3,
            linkage,
            attach_weight: 3.0,
            ..params()
        };
        let (with, work_with) = agglomerate_with(&items, &p, true);
        let (without, work_without) = agglomerate_with(&items, &p, false);
        assert_eq!(with, without, "linkage {linkage}");
        // Skipping saves dot products and nothing else changes.
        let others = |w: Work| Work {
            dot_products: 0,
            ..w
        };
        assert_eq!(others(work_with), others(work_without));
        assert!(
            work_with.dot_products < work_without.dot_products,
            "{work_with:?} {work_without:?}"
        );
        assert!(work_with.merges > 100, "{work_with:?}");
    }
}

#[test]
fn languages_never_merge() {
    let mut items = vec![item(&[(1, 1.0)], 0), item(&[(1, 1.0)], 0)];
    items[1].lang = Some(Lang::Es);
    assert_eq!(agglomerate(&items, &params()).0.len(), 2);
}

#[test]
fn items_too_far_apart_to_merge_on_their_own_are_not_candidates_but_chains_still_form() {
    // With a window of 1 day and a half-life of 2, the time discount alone falls below the
    // threshold of 0.5 beyond 3 days apart. Days 0, 2 and 4 form a chain (each 2 days from
    // the next); day 0 and day 4 are not paired directly, nor is day 40 with anything.
    let same = [(1, 1.0), (2, 1.0)];
    let items = vec![
        item(&same, 0),
        item(&same, 2),
        item(&same, 4),
        item(&same, 40),
    ];
    let mut work = Work::default();
    let lists: Vec<Vec<u32>> = pairs::candidates(&items, &params(), &mut work)
        .iter()
        .map(|list| list.iter().map(|near| near.n).collect())
        .collect();
    assert_eq!(lists, vec![vec![1], vec![0, 2], vec![1], vec![]]);
    let (clusters, _) = agglomerate(&items, &params());
    assert_eq!(clusters, vec![vec![0, 1, 2], vec![3]]);
}
