//! Incremental builds through the command line: after a build, new articles are placed into the
//! saved events and stories (`annals::incremental`) instead of regrouping the corpus; anything
//! but additions, `--full`, or a damaged saved model regroups every article.

mod common;

use common::{TWO_STORIES, Work, parse_jsonl, tree};

/// A reworded copy of the first storm report (title, text): it joins that report's event.
const STORM_UPDATE: (&str, &str) = (
    "Storm Ingrid brings gales to Denmark and Germany",
    "Storm Ingrid brought gales to Denmark and northern Germany. Ferries between Denmark and Germany were cancelled and gusts reached 120 km/h on Sylt, forecasters said.",
);

/// Each article is its own development unless nearly the same text; stories of three.
const CONFIG: &str = "[discover]\nevent_similarity = 0.6\nevent_window_days = 1\n\n";

fn article(day: &str, title: &str, body: &str) -> String {
    article_in(day, title, body, &[])
}

/// An article whose front matter names `topics`.
fn article_in(day: &str, title: &str, body: &str, topics: &[&str]) -> String {
    let topics = match topics {
        [] => String::new(),
        names => format!("topics = [\"{}\"]\n", names.join("\", \"")),
    };
    format!("+++\ntitle = \"{title}\"\ndate = 2026-02-{day}T09:00:00Z\n{topics}+++\n\n{body}\n")
}

/// Builds `work` into `public`, which must succeed and print `placed` (the placement line).
fn build_placing(work: &Work, placed: &str) {
    let run = work.build("public", &[]);
    run.expect_code(0);
    assert!(run.stdout.contains(placed), "{}", run.stdout);
}

/// Three articles about the Muscat talks and three about a storm, each worded its own way.
fn two_stories() -> Work {
    let work = Work::empty();
    work.write("content/annals.toml", CONFIG);
    for (i, (day, title, body)) in TWO_STORIES.iter().enumerate() {
        work.write(&format!("content/{i}.md"), article(day, title, body));
    }
    work
}

/// The events of the built site, from `events.jsonl`.
fn events(work: &Work) -> Vec<serde_json::Value> {
    parse_jsonl(&work.read("public/events.jsonl"))
}

/// The source paths of the event that lists `path`, and its topics.
fn event_of(events: &[serde_json::Value], path: &str) -> (Vec<String>, Vec<String>) {
    let event = events
        .iter()
        .find(|e| {
            e["sources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["path"] == path)
        })
        .unwrap_or_else(|| panic!("no event lists {path}"));
    let strings = |v: &serde_json::Value, key: Option<&str>| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| key.map_or(x, |k| &x[k]).as_str().unwrap().to_string())
            .collect()
    };
    (
        strings(&event["sources"], Some("path")),
        strings(&event["topics"], None),
    )
}

#[test]
fn new_articles_join_their_event_or_story_and_the_rest_of_the_site_stays() {
    let work = two_stories();
    let first = work.build("public", &["-v"]);
    first.expect_code(0);
    assert!(!first.stdout.contains("Placed"), "{}", first.stdout);
    assert!(first.stderr.contains("no saved model"), "{}", first.stderr);
    let before = events(&work);
    let (_, storm_topics) = event_of(&before, "3.md");
    assert_eq!(storm_topics.len(), 1, "the storm is one story: {before:?}");
    let (_, talks_topics) = event_of(&before, "0.md");
    assert_ne!(storm_topics, talks_topics);
    let untouched_page = tree(&work.path().join("public/digest/2026-02-09"));

    // A republication of the first storm report, a new storm report and an unrelated article.
    work.write(
        "content/storm-update.md",
        article("04", STORM_UPDATE.0, STORM_UPDATE.1),
    );
    work.write(
        "content/storm-later.md",
        article(
            "07",
            "Denmark counts the cost of Storm Ingrid",
            "Insurers in Denmark began to count the cost of Storm Ingrid, which also hit northern Germany. Ferries to Sylt resumed.",
        ),
    );
    work.write(
        "content/cricket.md",
        article(
            "05",
            "Lancashire win the county cricket opener",
            "Lancashire beat Kent by six wickets at Old Trafford in the first county match of the season.",
        ),
    );
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("Placed 3 new articles into the saved model (1 joined an event, 2 a story"),
        "{}",
        run.stdout
    );
    let after = events(&work);
    let (sources, topics) = event_of(&after, "storm-update.md");
    assert_eq!(sources, ["3.md", "storm-update.md"]);
    assert_eq!(topics, storm_topics);
    let (sources, topics) = event_of(&after, "storm-later.md");
    assert_eq!(sources, ["storm-later.md"]);
    assert_eq!(topics, storm_topics);
    // Too small to be a story of its own, the cricket report joins the story it shares most
    // with, as leftovers do in a full build (checked with `--full` below).
    let cricket = event_of(&after, "cricket.md");
    assert_eq!(cricket.1.len(), 1, "{cricket:?}");
    let storm_page = work.read(&format!("public/topics/{}/index.html", storm_topics[0]));
    assert!(storm_page.contains("Denmark counts the cost of Storm Ingrid"));
    assert!(
        work.read("public/digest/2026-02-05/index.html")
            .contains("Lancashire win")
    );
    // The talks and their days were not touched.
    assert_eq!(event_of(&after, "0.md"), event_of(&before, "0.md"));
    assert_eq!(
        tree(&work.path().join("public/digest/2026-02-09")),
        untouched_page
    );

    // Nothing new: the same site again, from the saved model.
    let site = tree(&work.path().join("public"));
    build_placing(&work, "Placed 0 new articles");
    assert_eq!(tree(&work.path().join("public")), site);

    // `--full` regroups: a full build of the same content.
    let full = work.build("public", &["--full"]);
    full.expect_code(0);
    assert!(!full.stdout.contains("Placed"), "{}", full.stdout);
    assert_eq!(event_of(&events(&work), "cricket.md"), cricket);
}

#[test]
fn a_changed_or_removed_article_or_a_damaged_model_regroups_everything() {
    let work = two_stories();
    work.build("public", &[]).expect_code(0);
    let model = work.content().join(".annals-cache/model.bin");
    assert!(model.is_file());

    std::fs::remove_file(work.content().join("5.md")).unwrap();
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(!run.stdout.contains("Placed"), "{}", run.stdout);
    assert!(
        run.stderr.contains("5.md changed or was removed"),
        "{}",
        run.stderr
    );
    assert!(!work.read("public/events.jsonl").contains("Harbours flood"));

    work.write(
        "content/4.md",
        article(
            "06",
            "Power cuts as Storm Ingrid crosses Denmark",
            "Revised.",
        ),
    );
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("4.md changed or was removed"),
        "{}",
        run.stderr
    );
    assert!(work.read("public/events.jsonl").contains("Revised."));

    let mut bytes = std::fs::read(&model).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&model, &bytes).unwrap();
    work.write(
        "content/new.md",
        article("10", "Talks to resume", "Iran and Oman."),
    );
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(!run.stdout.contains("Placed"), "{}", run.stdout);
    assert!(
        run.stderr.contains("the saved model is damaged"),
        "{}",
        run.stderr
    );
    // The model saved by that build is whole again.
    build_placing(&work, "Placed 0 new articles");
}

#[test]
fn a_joining_article_keeps_the_topics_its_front_matter_names() {
    let work = two_stories();
    // "Weather" exists before: an earlier storm report names it in its front matter.
    work.write(
        "content/3.md",
        article_in(
            "04",
            "Storm Ingrid brings gales to Denmark",
            "Storm Ingrid brought gales to Denmark and northern Germany. Ferries between Denmark and Germany were cancelled and gusts reached 120 km/h on Sylt.",
            &["Weather"],
        ),
    );
    work.build("public", &[]).expect_code(0);
    work.write(
        "content/storm-update.md",
        article_in("04", STORM_UPDATE.0, STORM_UPDATE.1, &["Weather"]),
    );
    build_placing(&work, "Placed 1 new article");
    let incremental = event_of(&events(&work), "storm-update.md");
    assert!(
        incremental.1.contains(&"weather".to_string()),
        "{incremental:?}"
    );
    work.build("public", &["--full"]).expect_code(0);
    assert_eq!(event_of(&events(&work), "storm-update.md"), incremental);
}

#[test]
fn the_models_warnings_are_given_again_and_many_additions_regroup_in_the_end() {
    let work = two_stories();
    // A front-matter topic with no letters: a warning of the model, not of the file.
    work.write(
        "content/odd.md",
        article_in("05", "Odd", "Something odd happened in Paris.", &["???"]),
    );
    let full = work.build("public", &["--strict"]);
    full.expect_code(1);
    assert!(!full.warnings().is_empty(), "{}", full.stderr);
    let again = work.build("public", &["--strict"]);
    again.expect_code(1);
    assert!(
        again.stdout.contains("Placed 0 new articles"),
        "{}",
        again.stdout
    );
    assert_eq!(again.warnings(), full.warnings());

    // Ten articles may be placed since the last full build (this corpus is small); the
    // eleventh makes the build regroup everything.
    for i in 0..11 {
        work.write(
            &format!("content/cricket-{i}.md"),
            article(
                "05",
                &format!("County cricket report number {i}"),
                "Lancashire beat Kent by six wickets at Old Trafford.",
            ),
        );
        let run = work.build("public", &["-v"]);
        run.expect_code(0);
        if i < 10 {
            assert!(
                run.stdout.contains("Placed 1 new article"),
                "{}",
                run.stdout
            );
        } else {
            assert!(!run.stdout.contains("Placed"), "{}", run.stdout);
            assert!(
                run.stderr
                    .contains("11 articles added since the last full build"),
                "{}",
                run.stderr
            );
        }
    }
    build_placing(&work, "Placed 0 new articles");
}

#[test]
fn a_copy_outside_the_event_window_does_not_stretch_the_event() {
    let work = two_stories();
    // The first storm report (4 February) run again the next day: one event of two days.
    let (_, title, body) = TWO_STORIES[3];
    work.write("content/later.md", article("05", title, body));
    work.build("public", &[]).expect_code(0);
    assert_eq!(event_of(&events(&work), "3.md").0, ["3.md", "later.md"]);
    // Reworded the day before: joining would make the event span three days; the window is one.
    work.write(
        "content/early.md",
        article("03", STORM_UPDATE.0, STORM_UPDATE.1),
    );
    build_placing(&work, "Placed 1 new article");
    let after = events(&work);
    assert_eq!(event_of(&after, "early.md").0, ["early.md"]);
    assert_eq!(event_of(&after, "3.md").0, ["3.md", "later.md"]);
}

#[test]
fn pages_kept_without_their_views_are_the_pages_a_fresh_render_makes() {
    let work = two_stories();
    work.build("public", &[]).expect_code(0);
    // A republication that joins the 4 February storm event (its sources change on every page
    // that lists it, such as Germany's, which gains no event), a report on 7 February, a day
    // between two digests (whose links to the days before and after change), and one on
    // 5 February, a new day of another topic.
    work.write(
        "content/storm-update.md",
        article("04", STORM_UPDATE.0, STORM_UPDATE.1),
    );
    work.write(
        "content/storm-later.md",
        article(
            "07",
            "Denmark counts the cost of Storm Ingrid",
            "Insurers in Denmark began to count the cost of Storm Ingrid. Ferries resumed.",
        ),
    );
    work.write(
        "content/talks-later.md",
        article(
            "05",
            "Oman prepares the second round of Muscat talks",
            "Oman said envoys of Iran and the United States would return to Muscat for a second round of talks.",
        ),
    );
    let run = work.build("public", &["-v"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Placed 3 new articles"),
        "{}",
        run.stdout
    );
    assert!(
        common::not_viewed(&run) > 0,
        "nothing was kept unseen: {}",
        run.stderr
    );
    let germany = work.read("public/entities/germany/index.html");
    assert!(germany.contains("2 sources"), "{germany}");

    // The same model (extended by nothing) rendered page by page into an empty folder.
    common::assert_same_as_a_fresh_build(&work, &[]);
}
