//! Decides when a page was published (and last updated), from the evidence the page offers,
//! in order of trust:
//! 1. JSON-LD `datePublished` of an article-like object (then `dateCreated`);
//! 2. `<meta>` dates (`article:published_time`, Dublin Core, Parse.ly, Sailthru, `pubdate`,
//!    `itemprop=datePublished`, …), then JSON-LD of other objects;
//! 3. a `<time>` element marked as the publication time, or the first one near the headline;
//! 4. a date in the page's own URL (`/2024/03/05/`);
//! 5. a date written in the visible text near the headline, preferring a date-ish element
//!    (`class="date"`, `byline`, `meta`…), in any style `dates::find_dates` knows.
//!
//! Dates from footers, comments, related-article lists, sidebars and navigation are not
//! candidates (`noise`) unless nothing else is found, and text-derived dates that lie in the
//! page's own future (after the last year of its copyright line, unless that line is plainly
//! stale, or after its stated modification date) or before 1995 are refused. A structured date
//! is then checked against what the page shows its readers: a UTC-normalised stamp whose day
//! differs by one from the page's own dateline (or from the same instant stated with a local
//! offset) gives way to the local day, since the day to report is the day as the page states
//! it. The stated offset is kept; a day without a time becomes a date-only `Stamp`. Whatever
//! evidence is found, some answer beats none: the last resorts are script data and any date.

use super::classes as class;
use super::dates::{DayOrder, find_dates};
use super::dom::{Document, NONE, NodeData};
use super::meta::{MODIFIED_KEYS, Metadata, PUBLISHED_KEYS};
use super::values::{
    FIRST_YEAR, day_order, day_stamp, parse_date_value, redirect_url, script_date, script_datetime,
    script_offset_stamps, url_day,
};
use crate::model::Stamp;
use chrono::{Datelike, NaiveDate};

/// The publication and update stamps of a page, and where the publication date came from.
#[derive(Debug, Clone, Default)]
pub struct PageDates {
    pub published: Option<Stamp>,
    pub updated: Option<Stamp>,
    /// A short name of the evidence used ("json-ld", "meta", "time", "url", "text").
    pub source: &'static str,
    /// Where the page redirects its reader (a meta refresh or a script's `location`): for a
    /// saved redirect page, the only statement of the article's URL.
    pub redirect: Option<String>,
}

/// One date seen in the page body, in document order.
#[derive(Debug, Clone, Copy)]
struct Seen {
    day: NaiveDate,
    /// Non-whitespace characters of visible text before it.
    position: usize,
    /// From a `<time>` element (else from text).
    time_tag: bool,
    /// Marked as the publication time (`pubdate`, `class="published"`, `itemprop`).
    marked_published: bool,
    /// Marked as an update time.
    marked_updated: bool,
    date_line: bool,
    /// Inside a footer, comment section, related list or the like.
    noise: bool,
    stamp: Option<Stamp>,
}

/// Finds the page's publication and update dates.
pub fn find_page_dates(
    doc: &Document,
    meta: &Metadata,
    headline: Option<u32>,
    protected: &[bool],
    flags: &[u8],
) -> PageDates {
    let order = day_order(meta.lang.as_deref());
    let mut dates = PageDates::default();
    let article = || meta.linked.iter().filter(|l| l.is_article());
    let linked_published = article()
        .filter_map(|l| l.published.as_deref().or(l.created.as_deref()))
        .find_map(|v| parse_date_value(v, order));
    let linked_modified = article()
        .filter_map(|l| l.modified.as_deref())
        .find_map(|v| parse_date_value(v, order));
    let meta_published = PUBLISHED_KEYS
        .iter()
        .flat_map(|key| meta.metas.iter().filter(move |(k, _)| k == key))
        .chain(meta.itemprops.iter().filter(|(k, _)| k != "datemodified"))
        .find_map(|(_, v)| parse_date_value(v, order));
    let other_linked = meta
        .linked
        .iter()
        .filter_map(|l| l.published.as_deref().or(l.created.as_deref()))
        .find_map(|v| parse_date_value(v, order));
    let meta_modified = MODIFIED_KEYS
        .iter()
        .flat_map(|key| meta.metas.iter().filter(move |(k, _)| k == key))
        .chain(meta.itemprops.iter().filter(|(k, _)| k == "datemodified"))
        .find_map(|(_, v)| parse_date_value(v, order));
    dates.updated = linked_modified.or(meta_modified);
    for (stamp, source) in [
        (linked_published, "json-ld"),
        (meta_published, "meta"),
        (other_linked, "json-ld"),
    ] {
        if let Some(stamp) = stamp {
            dates.published = Some(stamp);
            dates.source = source;
            break;
        }
    }
    let scan = scan_body(doc, order, headline, protected, flags);
    dates.redirect = meta
        .first(&["refresh"])
        .and_then(|c| redirect_url(c, false))
        .map(str::to_string)
        .or_else(|| scan.redirect.clone());
    if let Some(stated) = dates.published {
        if let Some(better) = as_the_page_shows_it(stated, dates.updated, &scan, meta, order) {
            dates.published = Some(better);
        }
    } else {
        let page_url = meta
            .canonical
            .as_deref()
            .or_else(|| meta.first(&["og:url"]))
            .or(dates.redirect.as_deref());
        let url_day = page_url.and_then(url_day);
        // A copyright line can be stale, so a date after it is refused only when the page
        // offers another one.
        let strict = latest_possible(scan.copyright_year, dates.updated);
        let loose = latest_possible(None, dates.updated);
        if let Some((stamp, source)) =
            from_page_body(&scan, strict, url_day).or_else(|| from_page_body(&scan, loose, url_day))
        {
            dates.published = Some(stamp);
            dates.source = source;
        }
    }
    if let (Some(published), Some(updated)) = (dates.published, dates.updated)
        && updated.day() < published.day()
    {
        dates.updated = None;
    }
    dates
}

/// The structured date, checked against the dates the page shows its readers. Machine dates
/// are often normalised to UTC (`2023-11-09T03:28Z` for an article a US reader sees dated
/// November 8), or carry the last change while the page shows only that. When the stated day
/// appears nowhere in the page but the same instant is stated elsewhere with a local offset,
/// or the dateline near the headline shows a day next to it or the modification day, the
/// page's own rendering wins.
fn as_the_page_shows_it(
    stated: Stamp,
    updated: Option<Stamp>,
    scan: &Scan,
    meta: &Metadata,
    order: DayOrder,
) -> Option<Stamp> {
    let day = stated.day();
    let utc = stated
        .stated_offset
        .is_some_and(|o| o.local_minus_utc() == 0)
        && !stated.date_only;
    if utc {
        let instant = stated.local;
        let same_instant = |s: &Stamp| {
            let Some(offset) = s.stated_offset.filter(|o| o.local_minus_utc() != 0) else {
                return false;
            };
            let utc = s.local - chrono::Duration::seconds(i64::from(offset.local_minus_utc()));
            !s.date_only && (utc - instant).num_minutes().abs() <= 1
        };
        // The same moment written in local time without an offset: whole hours apart.
        let same_local_clock = |s: &Stamp| {
            let apart = (s.local - instant).num_seconds();
            s.stated_offset.is_none()
                && !s.date_only
                && apart != 0
                && apart.abs() <= 14 * 3600
                && (apart.abs() % 1800 <= 60 || apart.abs() % 1800 >= 1740)
        };
        let local = scan
            .seen
            .iter()
            .filter_map(|s| s.stamp)
            .chain(
                meta.metas
                    .iter()
                    .filter_map(|(_, v)| parse_date_value(v, order)),
            )
            .chain(scan.script_local.iter().copied())
            .find(same_instant)
            .or_else(|| {
                scan.seen
                    .iter()
                    .filter_map(|s| s.stamp)
                    .find(same_local_clock)
            });
        if local.is_some() {
            return local;
        }
    }
    let near = |s: &&Seen| {
        !s.noise
            && scan
                .headline_at
                .is_none_or(|h| s.position + 600 >= h && s.position <= h + 2500)
    };
    // The page's own dateline: the first date line after the headline, else before it.
    let after_headline = |s: &&Seen| scan.headline_at.is_none_or(|h| s.position >= h);
    let lines = || {
        scan.seen
            .iter()
            .filter(near)
            .filter(|s| !s.marked_updated || updated.is_some_and(|u| u.day() == s.day))
    };
    let shown = lines()
        .filter(|s| s.date_line)
        .find(after_headline)
        .or_else(|| lines().find(|s| s.date_line))
        .or_else(|| lines().next())?;
    if shown.day == day || scan.seen.iter().filter(near).any(|s| s.day == day) {
        return None;
    }
    // A day shown one off from a UTC stamp must lie on the side its time allows: 03:00Z can
    // be the evening before in the Americas, 20:00Z the morning after in Asia.
    let hour = chrono::Timelike::hour(&stated.local);
    let off_by_one = match (shown.day - day).num_days() {
        -1 => utc && hour < 12 || stated.stated_offset.is_none() && !stated.date_only,
        1 => utc && hour >= 12 || stated.stated_offset.is_none() && !stated.date_only,
        _ => false,
    };
    let is_update = updated.is_some_and(|u| u.day() == shown.day);
    // A `<time>` next to the headline that disagrees with a day shown nowhere else.
    let stated_shown = scan.seen.iter().any(|s| !s.noise && s.day == day);
    let time_tag = shown.time_tag && !stated_shown;
    (off_by_one || is_update || time_tag)
        .then(|| shown.stamp.unwrap_or_else(|| day_stamp(shown.day)))
}

/// Steps 3 to 5: a marked or nearby `<time>`, the URL, then dates in the visible text, all
/// no later than `latest`.
fn from_page_body(
    scan: &Scan,
    latest: Option<NaiveDate>,
    url_day: Option<NaiveDate>,
) -> Option<(Stamp, &'static str)> {
    let plausible = |day: NaiveDate| day.year() >= FIRST_YEAR && latest.is_none_or(|l| day <= l);
    let near = |s: &Seen| {
        scan.headline_at
            .is_none_or(|h| s.position + 600 >= h && s.position <= h + 2500)
    };
    let stamp_of = |s: &Seen| s.stamp.unwrap_or_else(|| day_stamp(s.day));
    let candidates: Vec<&Seen> = scan.seen.iter().filter(|s| !s.noise).collect();
    let times = || candidates.iter().filter(|s| plausible(s.day) && s.time_tag);
    let time = times()
        .find(|s| s.marked_published && near(s))
        .or_else(|| times().find(|s| !s.marked_updated && near(s)))
        .or_else(|| times().find(|s| s.marked_published));
    if let Some(seen) = time {
        return Some((stamp_of(seen), "time"));
    }
    if let Some(day) = url_day.filter(|d| plausible(*d)) {
        return Some((day_stamp(day), "url"));
    }
    let text = |s: &&&Seen| plausible(s.day) && !s.marked_updated;
    let after = |s: &&&Seen| scan.headline_at.is_none_or(|h| s.position >= h);
    let found = candidates
        .iter()
        .filter(text)
        .filter(after)
        .find(|s| s.date_line && near(s))
        .or_else(|| {
            candidates
                .iter()
                .filter(text)
                .find(|s| s.date_line && near(s))
        })
        .or_else(|| {
            candidates
                .iter()
                .filter(text)
                .filter(after)
                .find(|s| near(s))
        })
        .or_else(|| candidates.iter().filter(text).find(|s| near(s)))
        .or_else(|| candidates.iter().filter(text).find(|s| s.date_line))
        .or_else(|| candidates.iter().find(text));
    if let Some(seen) = found {
        return Some((stamp_of(seen), "text"));
    }
    // Last resorts, better than no answer: a marked publication time even in a footer (blog
    // templates put it there), a publication date in a script's data, then the first date
    // line anywhere.
    let all = || scan.seen.iter().filter(|s| plausible(s.day));
    if let Some(seen) = all().find(|s| s.marked_published) {
        return Some((stamp_of(seen), "time"));
    }
    if let Some(stamp) = scan.script_date.filter(|s| plausible(s.day())) {
        return Some((stamp, "script"));
    }
    let seen = candidates
        .iter()
        .copied()
        .find(|s| plausible(s.day))
        .or_else(|| all().find(|s| near(s) && s.date_line))
        .or_else(|| all().find(|s| s.date_line && !s.marked_updated))
        .or_else(|| all().next());
    match seen {
        Some(seen) => Some((stamp_of(seen), "text")),
        None => scan
            .script_datetime
            .filter(|s| plausible(s.day()))
            .map(|s| (s, "script")),
    }
}

/// What a walk over the visible page found.
struct Scan {
    seen: Vec<Seen>,
    /// Visible-text position of the headline, if found.
    headline_at: Option<usize>,
    /// The last year a copyright line names.
    copyright_year: Option<i32>,
    /// A publication date found in a script's JSON data (`"publishedDate": "…"`).
    script_date: Option<Stamp>,
    /// The first full date-time written in a script, for pages that print their date that way.
    script_datetime: Option<Stamp>,
    /// Where a script sends the reader (`location.href = "…"`), for a redirect page's URL.
    redirect: Option<String>,
    /// Date-times with a local offset written in scripts, to restate a UTC stamp locally.
    script_local: Vec<Stamp>,
}

/// The latest day the page can have been published: the end of its copyright year or its
/// stated modification day, whichever is earlier.
fn latest_possible(copyright_year: Option<i32>, updated: Option<Stamp>) -> Option<NaiveDate> {
    let copyright = copyright_year.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31));
    match (copyright, updated.map(|u| u.day())) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Walks the page once, collecting `<time>` elements and dates in text with their context.
fn scan_body(
    doc: &Document,
    order: DayOrder,
    headline: Option<u32>,
    protected: &[bool],
    flags: &[u8],
) -> Scan {
    let count = doc.nodes.len();
    let mut noise = vec![false; count];
    let mut date_line = vec![false; count];
    let mut scan = Scan {
        seen: Vec::new(),
        headline_at: None,
        copyright_year: None,
        script_date: None,
        redirect: None,
        script_datetime: None,
        script_local: Vec::new(),
    };
    // Visible text below each node, to tell a mislabelled wrapper from real furniture.
    let mut text_len = vec![0usize; count];
    for id in (1..count).rev() {
        if let NodeData::Text(text) = &doc.nodes[id].data {
            text_len[id] += text.len();
        }
        let parent = doc.nodes[id].parent as usize;
        if !doc
            .name(id as u32)
            .is_some_and(|t| matches!(t, "script" | "style" | "noscript"))
        {
            text_len[parent] += text_len[id];
        }
    }
    let big = text_len[0] * 3 / 10;
    let mut position = 0usize;
    let mut walk = doc.descendants(0);
    while let Some(id) = walk.next() {
        let i = id as usize;
        let parent = doc.parent(id);
        let (parent_noise, parent_date_line) = if parent == NONE {
            (false, false)
        } else {
            (noise[parent as usize], date_line[parent as usize])
        };
        match &doc.nodes[i].data {
            NodeData::Element { name, .. } => {
                let tag = name.as_ref();
                if tag == "script" && scan.redirect.is_none() {
                    scan.redirect = doc
                        .children(id)
                        .filter_map(|c| doc.text(c))
                        .find_map(|t| redirect_url(t, true))
                        .map(str::to_string);
                }
                if tag == "script" && scan.script_datetime.is_none() {
                    scan.script_datetime = doc
                        .children(id)
                        .filter_map(|c| doc.text(c))
                        .find_map(|t| script_datetime(t, order));
                }
                if tag == "script" && scan.script_local.len() < 16 {
                    for text in doc.children(id).filter_map(|c| doc.text(c)) {
                        script_offset_stamps(text, order, 16, &mut scan.script_local);
                    }
                }
                if tag == "script" && scan.script_date.is_none() {
                    scan.script_date = doc
                        .children(id)
                        .filter_map(|c| doc.text(c))
                        .find_map(|t| script_date(t, order));
                }
                if matches!(
                    tag,
                    "script" | "style" | "noscript" | "template" | "svg" | "title"
                ) {
                    walk.skip_children(id);
                    continue;
                }
                let words = flags[i];
                noise[i] = !protected[i]
                    && (parent_noise
                        || matches!(tag, "footer" | "nav" | "aside" | "head")
                        || (!matches!(tag, "html" | "body" | "main" | "article" | "h1")
                            && text_len[i] < big
                            && words & class::NOISE != 0));
                date_line[i] = parent_date_line || words & class::DATE_LINE != 0;
                if Some(id) == headline {
                    scan.headline_at = Some(position);
                }
                // `<time datetime>`, and elements that carry a date in an attribute:
                // `<abbr class="published" title="…">`, RDFa `property="dc:date" content="…"`.
                let attribute_date = if tag == "time" {
                    None
                } else if tag == "abbr" {
                    // `<abbr title="Freitag, 6. Oktober 2017" data-utime="1507287600">`.
                    doc.attr(id, "data-utime").or_else(|| doc.attr(id, "title"))
                } else {
                    (words & class::DATED != 0)
                        .then(|| {
                            doc.attr(id, "datetime")
                                .or_else(|| doc.attr(id, "content"))
                                .or_else(|| doc.attr(id, "title"))
                        })
                        .flatten()
                };
                if tag == "time" || attribute_date.is_some() {
                    let value = attribute_date
                        .or_else(|| doc.attr(id, "datetime"))
                        .map(str::to_string)
                        .unwrap_or_else(|| doc.text_content(id));
                    if let Some(stamp) = parse_date_value(&value, order) {
                        scan.seen.push(Seen {
                            day: stamp.day(),
                            position,
                            time_tag: true,
                            marked_published: doc.attr(id, "pubdate").is_some()
                                || words & class::PUBLISHED != 0,
                            marked_updated: words & class::UPDATED != 0,
                            date_line: true,
                            noise: noise[i],
                            stamp: Some(stamp),
                        });
                    }
                }
            }
            NodeData::Text(text) => {
                let parent_tag = doc.name(parent).unwrap_or("");
                if parent_tag == "time" {
                    position += visible_len(text);
                    continue;
                }
                let copyright = noise_text(text, &mut scan.copyright_year);
                {
                    let found_dates = find_dates(text, order);
                    let updated_line = !found_dates.is_empty() && {
                        let lower = text.to_lowercase();
                        lower.contains("updated")
                            || lower.contains("aktualisiert")
                            || lower.contains("mis à jour")
                            || lower.contains("actualizado")
                            || lower.contains("aggiornato")
                    };
                    for found in found_dates {
                        if let Some(day) = found.to_date() {
                            let before = &text[..found.start];
                            scan.seen.push(Seen {
                                day,
                                position: position + visible_len(before),
                                time_tag: false,
                                marked_published: false,
                                marked_updated: updated_line,
                                date_line: parent_date_line && !copyright,
                                noise: parent_noise || copyright,
                                stamp: None,
                            });
                        }
                    }
                }
                position += visible_len(text);
            }
            NodeData::Document => {}
        }
    }
    scan
}

fn visible_len(text: &str) -> usize {
    text.bytes().filter(|b| !b.is_ascii_whitespace()).count()
}

/// Whether a text is a copyright line; records the last year it names.
fn noise_text(text: &str, copyright_year: &mut Option<i32>) -> bool {
    if !(text.contains('©')
        || text.contains("opyright")
        || text.contains("OPYRIGHT")
        || text.contains("(c)")
        || text.contains("(C)"))
    {
        return false;
    }
    let lower = text.to_lowercase();
    let Some(at) = ["©", "copyright", "(c) "]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
    else {
        return false;
    };
    let tail: String = lower[at..].chars().take(40).collect();
    let mut year = None;
    for word in tail.split(|c: char| !c.is_ascii_digit()) {
        if word.len() == 4
            && let Ok(y) = word.parse::<i32>()
            && (FIRST_YEAR..=2100).contains(&y)
        {
            year = Some(year.map_or(y, |old: i32| old.max(y)));
        }
    }
    if let Some(y) = year {
        *copyright_year = Some(copyright_year.map_or(y, |old| old.max(y)));
    }
    true
}
