//! Keeps one article where the same story was read from several files (a feed item and the
//! saved page, a JSON export and a wire file), with every path kept in `origins`.
//!
//! "The same" means the same canonical URL, or the same normalised title on the same day with
//! nearly identical text. Both tests look articles up by hash (URL; title and day), so the work
//! grows with the number of articles, not its square; text is compared only inside a title-day
//! bucket, against a bounded number of earlier clusters. Only articles from different files are
//! merged: two items of one feed that share a link are the feed's business (often a section
//! link), not a duplicate read. Nor are copies of one text that two outlets published under
//! the same title (a wire story run by two papers): those are two sources of one development,
//! which `coverage` makes one event listing both. The first article (by path, then position in its file) stays
//! and takes the fields it lacks from the others, so the result does not depend on file order.

use crate::model::Article;
use crate::text::FastMap;
use std::collections::HashSet;

/// Share of shared three-word shingles above which two texts are "nearly identical".
const NEAR_IDENTICAL: f64 = 0.8;
/// How many earlier clusters of one title-day bucket an article is compared with.
const MAX_COMPARISONS: usize = 32;

/// Merges duplicate articles; the input is expected in stable order (by path, then position).
pub fn merge_duplicates(mut articles: Vec<Article>) -> Vec<Article> {
    use rayon::prelude::*;
    let mut clusters = Clusters::new(articles.len());

    // URLs are canonicalised on all cores (a big corpus has one per article); the grouping is
    // in article order.
    let urls: Vec<Option<String>> = articles
        .par_iter()
        .map(|article| article.url.as_deref().and_then(canonical_url))
        .collect();
    let mut by_url: FastMap<String, Vec<usize>> = FastMap::default();
    for (i, url) in urls.into_iter().enumerate() {
        if let Some(url) = url {
            by_url.entry(url).or_default().push(i);
        }
    }
    for members in by_url.values().filter(|m| m.len() > 1) {
        join_across_files(&mut clusters, &articles, members);
    }

    // Titles are normalised, and the texts that may be compared are cut into shingles, on all
    // cores; the grouping and the comparisons that follow are in article order, as before.
    let titles: Vec<String> = articles
        .par_iter()
        .map(|article| normalised_title(&article.title))
        .collect();
    let mut by_title_day: FastMap<(String, chrono::NaiveDate), Vec<usize>> = FastMap::default();
    for (i, title) in titles.into_iter().enumerate() {
        if !title.is_empty() {
            by_title_day
                .entry((title, articles[i].published.day()))
                .or_default()
                .push(i);
        }
    }
    // Every article sharing its title and day with another is compared below, unless all
    // the others are in its file or from another outlet.
    let shared: Vec<usize> = by_title_day
        .values()
        .filter(|m| m.len() > 1)
        .flatten()
        .copied()
        .collect();
    let shingles: FastMap<usize, Vec<u64>> = shared
        .into_par_iter()
        .map(|i| (i, shingle_set(&articles[i].body)))
        .collect();
    for members in by_title_day.values().filter(|m| m.len() > 1) {
        let mut representatives: Vec<usize> = Vec::new();
        for &i in members {
            let mut joined = false;
            for &r in representatives.iter().take(MAX_COMPARISONS) {
                if articles[r].path == articles[i].path
                    || clusters.root(r) == clusters.root(i)
                    || different_outlets(&articles[r], &articles[i])
                {
                    continue;
                }
                if similarity(&shingles[&r], &shingles[&i]) >= NEAR_IDENTICAL {
                    clusters.join(r, i);
                    joined = true;
                    break;
                }
            }
            if !joined {
                representatives.push(i);
            }
        }
    }

    if !clusters.joined {
        // Nothing to merge: the list stays as it is (moving a big corpus's articles twice
        // costs as much as finding the duplicates).
        return articles;
    }
    // The duplicates (few) are taken out, the kept articles closing up in place, and each is
    // absorbed, in article order, by its cluster's first article, which comes before it.
    let roots: Vec<usize> = (0..articles.len()).map(|i| clusters.root(i)).collect();
    let mut dropped_before = Vec::with_capacity(roots.len());
    let mut dropped = 0;
    for (i, &root) in roots.iter().enumerate() {
        dropped_before.push(dropped);
        dropped += usize::from(root != i);
    }
    let mut next = 0;
    let duplicates: Vec<Article> = articles
        .extract_if(.., |_| {
            next += 1;
            roots[next - 1] != next - 1
        })
        .collect();
    let duplicate_roots = roots.iter().enumerate().filter(|&(i, &r)| r != i);
    for ((_, &root), duplicate) in duplicate_roots.zip(duplicates) {
        absorb(&mut articles[root - dropped_before[root]], duplicate);
    }
    articles
}

/// Whether both articles name their outlet and the outlets differ (case aside).
fn different_outlets(a: &Article, b: &Article) -> bool {
    match (a.outlet.as_deref(), b.outlet.as_deref()) {
        (Some(x), Some(y)) => !x.trim().eq_ignore_ascii_case(y.trim()),
        _ => false,
    }
}

/// Joins the first article of each file among `members` (all sharing a URL).
fn join_across_files(clusters: &mut Clusters, articles: &[Article], members: &[usize]) {
    let mut seen_paths = HashSet::new();
    let firsts: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| seen_paths.insert(articles[i].path.as_str()))
        .collect();
    for pair in firsts.windows(2) {
        clusters.join(pair[0], pair[1]);
    }
}

/// Union-find whose root is always the earliest article of a cluster.
struct Clusters {
    parent: Vec<usize>,
    /// Whether any two articles were joined.
    joined: bool,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
            joined: false,
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        let (low, high) = if a < b { (a, b) } else { (b, a) };
        self.parent[high] = low;
        self.joined |= low != high;
    }
}

/// Adds a duplicate's paths to the kept article and fills the fields the kept one lacks.
fn absorb(kept: &mut Article, duplicate: Article) {
    for origin in duplicate.origins {
        if !kept.origins.contains(&origin) {
            kept.origins.push(origin);
        }
    }
    if kept.body.trim().is_empty() && !duplicate.body.trim().is_empty() {
        kept.body = duplicate.body;
        kept.body_html = duplicate.body_html;
        if kept.summary.is_empty() {
            kept.summary = duplicate.summary;
        }
    }
    let fill = |slot: &mut Option<String>, value: Option<String>| {
        if slot.is_none() {
            *slot = value;
        }
    };
    fill(&mut kept.url, duplicate.url);
    fill(&mut kept.outlet, duplicate.outlet);
    fill(&mut kept.author, duplicate.author);
    fill(&mut kept.lang, duplicate.lang);
    fill(&mut kept.section, duplicate.section);
    fill(&mut kept.location, duplicate.location);
    if kept.updated.is_none() {
        kept.updated = duplicate.updated;
    }
    if kept.published.date_only && !duplicate.published.date_only {
        kept.published = duplicate.published;
    }
    for topic in duplicate.topics {
        if !kept.topics.contains(&topic) {
            kept.topics.push(topic);
        }
    }
    for warning in duplicate.warnings {
        if !kept.warnings.contains(&warning) {
            kept.warnings.push(warning);
        }
    }
}

/// A URL reduced to what names the page: no scheme, `www.`, default port, fragment, tracking
/// parameters or trailing slash. `None` for non-web URLs and for a site's front page, which
/// many different articles link to.
pub fn canonical_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower_scheme = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower_scheme.starts_with("https://") {
        &url[8..]
    } else if lower_scheme.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let rest = rest.split('#').next().unwrap_or("");
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = rest[..host_end].to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host
        .strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host);
    let (path, query) = rest[host_end..]
        .split_once('?')
        .unwrap_or((&rest[host_end..], ""));
    let path = path.trim_end_matches('/');
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !(name.starts_with("utm_")
                || matches!(
                    name.as_str(),
                    "fbclid"
                        | "gclid"
                        | "ref"
                        | "cmpid"
                        | "ocid"
                        | "smid"
                        | "mc_cid"
                        | "mc_eid"
                        | "feedtype"
                        | "feedname"
                        | "rpc"
                        | "cmp"
                ))
        })
        .collect();
    if host.is_empty() || (path.is_empty() && kept.is_empty()) {
        return None;
    }
    let mut canonical = format!("{host}{path}");
    if !kept.is_empty() {
        canonical.push('?');
        canonical.push_str(&kept.join("&"));
    }
    Some(canonical)
}

/// Lowercase ASCII words of a title, one space apart (`Talks resume — again` → `talks resume again`).
fn normalised_title(title: &str) -> String {
    crate::text::words(&deunicode::deunicode(title))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Hashes of every run of three words of the text (each the FNV-1a of the three words joined by
/// spaces), sorted and without repeats.
fn shingle_set(text: &str) -> Vec<u64> {
    let mut buf = String::new();
    let mut spans = Vec::new();
    crate::text::words_into(text, &mut buf, &mut spans);
    let word = |(s, e): (usize, usize)| &buf.as_bytes()[s..e];
    let mut set: Vec<u64> = if spans.len() < 3 {
        let words: Vec<&[u8]> = spans.iter().map(|&span| word(span)).collect();
        vec![fnv1a_joined(&words)]
    } else {
        spans
            .windows(3)
            .map(|w| fnv1a_joined(&[word(w[0]), word(w[1]), word(w[2])]))
            .collect()
    };
    set.sort_unstable();
    set.dedup();
    set
}

/// `fnv1a` of `parts` joined by single spaces, without joining them.
fn fnv1a_joined(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for (n, part) in parts.iter().enumerate() {
        let space: &[u8] = if n == 0 { b"" } else { b" " };
        for b in space.iter().chain(part.iter()) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x100000001b3);
        }
    }
    hash
}

/// Jaccard similarity of two shingle sets (sorted, without repeats).
fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let all = a.len() + b.len() - shared;
    if all == 0 {
        1.0
    } else {
        shared as f64 / all as f64
    }
}

/// Makes article ids unique: the first keeps its id, a later one with the same id (two datasets
/// both numbering from 1) gets its path's id in front, then a counter if that is taken too.
pub fn unique_ids(articles: &mut [Article]) {
    let mut seen: HashSet<String> = articles.iter().map(|a| a.id.clone()).collect();
    let mut first_holder: HashSet<String> = HashSet::new();
    for article in articles.iter_mut() {
        if first_holder.insert(article.id.clone()) {
            continue;
        }
        let base = format!("{}-{}", super::id_from_path(&article.path), article.id);
        let mut candidate = base.clone();
        let mut n = 2;
        while seen.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        seen.insert(candidate.clone());
        article.id = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_are_the_hashes_of_three_joined_words() {
        for text in [
            "",
            "Talks",
            "Talks resume",
            "Talks resume in Muscat, officials said; talks resume in Muscat.",
            "Ärzte in München: ÉTÉ chaud — İstanbul ΣΟΦΙΑ talks 2026",
        ] {
            let words: Vec<String> = crate::text::words(text).collect();
            let mut expected: Vec<u64> = if words.len() < 3 {
                vec![crate::ingest::fnv1a(words.join(" ").as_bytes())]
            } else {
                let joined = words.windows(3).map(|w| w.join(" "));
                joined.map(|w| crate::ingest::fnv1a(w.as_bytes())).collect()
            };
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(shingle_set(text), expected, "{text}");
        }
        let (a, b) = (shingle_set("a b c d e"), shingle_set("a b c d f"));
        assert_eq!(similarity(&a, &b), 2.0 / 4.0);
        assert_eq!(similarity(&[], &[]), 1.0);
    }

    #[test]
    fn urls_are_canonical() {
        assert_eq!(
            canonical_url("https://www.Example.org:443/news/a/?utm_source=x&id=3#top").as_deref(),
            Some("example.org/news/a?id=3")
        );
        assert_eq!(
            canonical_url("http://example.org/news/a").as_deref(),
            Some("example.org/news/a")
        );
        assert_eq!(canonical_url("https://example.org/"), None);
        assert_eq!(canonical_url("mailto:x@example.org"), None);
    }

    #[test]
    fn one_text_from_two_outlets_stays_two_sources_but_one_read_twice_is_merged() {
        let body = "Oman's foreign minister said on Sunday that the talks between Iran and the \
                    United States would resume in Muscat next week, after a first round there.";
        let article = |path: &str, outlet: Option<&str>| Article {
            title: "Talks to resume in Muscat".into(),
            body: body.into(),
            outlet: outlet.map(String::from),
            origins: vec![path.into()],
            ..Article::new(
                path,
                crate::ingest::dates::parse_stamp("2026-02-01").unwrap(),
            )
        };
        let two_outlets = merge_duplicates(vec![
            article("a.html", Some("Times of Oman")),
            article("b.html", Some("Gulf News")),
        ]);
        assert_eq!(two_outlets.len(), 2);
        let read_twice = merge_duplicates(vec![
            article("a.html", Some("Gulf News")),
            article("feed.xml", Some("gulf news")),
            article("c.json", None),
        ]);
        assert_eq!(read_twice.len(), 1);
        assert_eq!(read_twice[0].origins, ["a.html", "feed.xml", "c.json"]);
    }

    #[test]
    fn titles_are_normalised() {
        assert_eq!(
            normalised_title("Talks  Resume — Again!"),
            "talks resume again"
        );
    }
}
