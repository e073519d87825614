//! Tests of `naming`: story names, key phrases, slugs and suggestions.
use super::*;
use crate::ingest::dates::parse_stamp;

fn article(id: &str, title: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        body: body.into(),
        ..Article::new(format!("{id}.md"), parse_stamp("2026-02-08").unwrap())
    }
}

/// The label of a story of three articles (title, body), named among them and one unrelated
/// article, so that words every article has are not what tells the story.
fn label_of_story(story: [(&str, &str); 3]) -> StoryLabel {
    let mut articles: Vec<Article> = ["a", "b", "c"]
        .into_iter()
        .zip(story)
        .map(|(id, (title, body))| article(id, title, body))
        .collect();
    articles.push(article(
        "d",
        "Storm hits Denmark",
        "A storm hit Denmark and ferries stopped in Europe.",
    ));
    let corpus = Corpus::new(&articles);
    Namer::new(&articles, &corpus).label(&[0, 1, 2])
}

#[test]
fn a_phrase_that_only_repeats_a_company_name_is_left_out() {
    let label = label_of_story([
        (
            "Kimberly-Clark Corp profit rises",
            "Kimberly-Clark Corp said on Monday that Kimberly-Clark sold more Kleenex tissues.",
        ),
        (
            "Kimberly-Clark Corp cuts jobs",
            "Kimberly-Clark said it would cut jobs, and Kleenex prices would rise.",
        ),
        (
            "Kimberly-Clark Corp sees growth",
            "Kimberly-Clark expects Kleenex tissues to sell well in Europe.",
        ),
    ]);
    assert!(
        label.entities.iter().any(|e| e == "Kimberly-Clark"),
        "{:?}",
        label.entities
    );
    assert!(
        !label.name.contains("Corp"),
        "{} {:?}",
        label.name,
        label.phrases
    );
}

#[test]
fn a_phrase_whose_head_is_a_name_shown_beside_it_is_left_out() {
    // "retailer Abercrombie" only says who Abercrombie is; "clothing retailer" says what
    // the story is about.
    let articles = vec![
        article(
            "a",
            "Clothing retailer Abercrombie profit rises",
            "Clothing retailer Abercrombie and its Hollister stores sold more, retailer \
             Abercrombie said.",
        ),
        article(
            "b",
            "Clothing retailer Abercrombie sales grow",
            "Retailer Abercrombie said Hollister stores and the clothing retailer grew.",
        ),
        article(
            "c",
            "Retailer Abercrombie beats forecasts",
            "The clothing retailer Abercrombie said Hollister sales beat forecasts.",
        ),
        article(
            "d",
            "Storm hits Denmark",
            "A storm hit Denmark and ferries stopped.",
        ),
    ];
    let corpus = Corpus::new(&articles);
    let label = Namer::new(&articles, &corpus).label(&[0, 1, 2]);
    assert!(
        label.entities.iter().take(2).any(|e| e == "Abercrombie"),
        "{:?}",
        label.entities
    );
    assert!(
        label.phrases.iter().all(|p| !p.ends_with("Abercrombie")),
        "{} {:?}",
        label.name,
        label.phrases
    );
    assert!(
        label.name.ends_with("clothing retailer") || label.name.ends_with("Clothing retailer"),
        "{} {:?}",
        label.name,
        label.phrases
    );
}

#[test]
fn a_story_is_named_by_its_telling_names_and_a_key_phrase() {
    let articles = vec![
        article(
            "a",
            "Muscat talks open",
            "Envoys of Iran and the United States met in Muscat for the Muscat talks, hosted by Oman.",
        ),
        article(
            "b",
            "Muscat talks continue",
            "Delegations of Iran and the United States resumed the Muscat talks as Oman mediated.",
        ),
        article(
            "c",
            "Muscat talks end",
            "The Muscat talks between Iran and the United States ended, Oman said.",
        ),
        article(
            "d",
            "Storm hits Denmark",
            "A storm hit Denmark and ferries stopped, while the United States sent condolences.",
        ),
    ];
    let corpus = Corpus::new(&articles);
    let label = Namer::new(&articles, &corpus).label(&[0, 1, 2]);
    let parts: Vec<&str> = label.name.split(" · ").collect();
    assert_eq!(parts.len(), 3, "{}", label.name);
    assert!(
        label.entities.iter().take(3).any(|e| e == "Iran"),
        "{:?}",
        label.entities
    );
    assert!(
        label.entities.iter().any(|e| e == "Muscat"),
        "{:?}",
        label.entities
    );
    assert!(
        label
            .phrases
            .iter()
            .any(|p| p.to_lowercase() == "muscat talks"),
        "{:?}",
        label.phrases
    );
    assert!(
        label.description.contains("3 articles"),
        "{}",
        label.description
    );
}

#[test]
fn italian_names_leave_out_link_notes_and_function_words() {
    let note = "[en, come tutti i link che seguono tranne ove diversamente indicato]";
    let articles: Vec<Article> = [
        "Rapporti di proteste",
        "Tutti gli arresti",
        "Le proteste dell'opposizione",
    ]
    .iter()
    .map(|opening| {
        article(
            opening,
            &format!("{opening} {note} in Yemen sono state accolte con gioia"),
            &format!(
                "Migliaia di yemeniti [ar] sono tornati in piazza a Sanaa {note} e chiedono le dimissioni del presidente Saleh, che è al potere da più di trent'anni."
            ),
        )
    })
    .collect();
    let corpus = Corpus::new(&articles);
    assert_eq!(corpus.docs[0].lang, Some(Lang::It));
    assert_eq!(
        story_slug(&articles, &corpus, &[0, 1, 2]),
        "rapporti-proteste-yemen-accolte-gioia"
    );
    assert_eq!(
        story_slug(&articles, &corpus, &[1]),
        "arresti-yemen-accolte-gioia"
    );
    assert_eq!(
        story_slug(&articles, &corpus, &[2]),
        "proteste-opposizione-yemen-accolte-gioia"
    );
    let label = Namer::new(&articles, &corpus).label(&[0, 1, 2]);
    for part in label
        .name
        .split(" · ")
        .chain(label.phrases.iter().map(String::as_str))
    {
        for stray in [
            "en",
            "link",
            "seguono",
            "indicato",
            "tutti",
            "state",
            "presidente",
        ] {
            assert!(
                !crate::text::words(part).any(|w| w == stray),
                "{stray} in {part:?} ({})",
                label.name
            );
        }
    }
}

#[test]
fn slugs_come_from_the_first_titled_article_and_clashes_get_numbers() {
    let articles = vec![
        article("a", "Oman to host the Muscat talks", "Text."),
        article("b", "Talks open", "Text."),
    ];
    let corpus = Corpus::new(&articles);
    assert_eq!(
        story_slug(&articles, &corpus, &[0, 1]),
        "oman-host-muscat-talks"
    );
    assert_eq!(story_slug(&articles, &corpus, &[1, 0]), "talks-open");
    let taken = vec!["talks-open".to_string(), "talks-open-2".to_string()];
    assert_eq!(unique_slug("talks-open", &taken), "talks-open-3");
    assert_eq!(unique_slug("other", &taken), "other");
}

#[test]
fn stories_with_the_same_name_are_told_apart_by_when_they_began() {
    let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let mut names: Vec<String> = ["Davos · WEF", "Oil", "Davos · WEF", "Fed", "Fed", "Fed"]
        .map(String::from)
        .to_vec();
    let starts = [
        "2008-01-20",
        "2008-02-01",
        "2011-01-25",
        "2009-03-01",
        "2009-03-15",
        "2009-03-20",
    ]
    .map(day);
    distinct_names(&mut names, &starts, &["Oil"]);
    assert_eq!(
        names,
        [
            "Davos · WEF (2008)",
            "Oil (2008)",
            "Davos · WEF (2011)",
            "Fed (2009-03)",
            "Fed (2009-03) 2",
            "Fed (2009-03) 3",
        ]
    );
    let mut alone = vec!["Iran · Muscat talks".to_string()];
    distinct_names(&mut alone, &[day("2025-04-12")], &[]);
    assert_eq!(alone, ["Iran · Muscat talks"]);
}

#[test]
fn a_phrase_with_a_title_in_it_is_a_piece_of_a_name() {
    // The name is "Bush" (read from "President Bush"); "President George" of "President
    // George W. Bush" names him again.
    let articles: Vec<Article> = [
        (
            "a",
            "President George W. Bush signs budget bill",
            "President Bush signed the budget bill on Monday.",
        ),
        (
            "b",
            "Budget deficit to shrink, President George W. Bush says",
            "President Bush said the deficit would shrink.",
        ),
        (
            "c",
            "President George W. Bush defends budget bill",
            "President Bush will defend the budget bill.",
        ),
        (
            "d",
            "President George W. Bush meets budget chiefs",
            "President Bush met budget chiefs at the White House.",
        ),
    ]
    .iter()
    .map(|(id, title, body)| article(id, title, body))
    .collect();
    let corpus = Corpus::new(&articles);
    let label = Namer::new(&articles, &corpus).label(&[0, 1, 2, 3]);
    assert!(!label.phrases.is_empty(), "{label:?}");
    for phrase in &label.phrases {
        assert!(
            !crate::text::words(phrase).any(|w| w == "president"),
            "{phrase:?} in {label:?}"
        );
    }
}

#[test]
fn a_phrase_ending_in_a_capitalised_word_is_a_name_not_what_happened() {
    // "Chicago Board" (of "Chicago Board of Trade") and "buy Sparrowhawk" name someone; the
    // names are shown beside the phrase already. "takeover offer" says what happened.
    let label = label_of_story([
        (
            "CME makes takeover offer for Chicago Board, plans to buy Sparrowhawk",
            "The exchange operator made its offer on Monday.",
        ),
        (
            "Chicago Board weighs takeover offer as CME moves to buy Sparrowhawk",
            "Members met on Tuesday.",
        ),
        (
            "Chicago Board members back takeover offer; CME to buy Sparrowhawk",
            "The vote was held on Wednesday.",
        ),
    ]);
    assert_eq!(
        label.phrases.first().map(String::as_str),
        Some("takeover offer")
    );
    assert!(label.name.ends_with("takeover offer"), "{}", label.name);
    for piece in ["Chicago Board", "buy Sparrowhawk"] {
        assert!(
            !label.phrases.iter().any(|p| p.contains(piece)),
            "{piece} in {:?}",
            label.phrases
        );
    }
}

#[test]
fn a_phrase_ending_in_a_preposition_or_a_headline_verb_is_a_piece_of_a_sentence() {
    let label = label_of_story([
        (
            "Housing market strong despite losses as Greenspan sees mortgage relief",
            "Officials spoke on Monday.",
        ),
        (
            "Mortgage relief plan strong despite doubts; Greenspan sees risk",
            "Officials spoke on Tuesday.",
        ),
        (
            "Lenders back mortgage relief, strong despite worries, Greenspan sees",
            "Officials spoke on Wednesday.",
        ),
    ]);
    assert_eq!(
        label.phrases.first().map(String::as_str),
        Some("mortgage relief"),
        "{:?}",
        label.phrases
    );
    for fragment in ["strong despite", "Greenspan sees"] {
        assert!(
            !label.phrases.iter().any(|p| p == fragment),
            "{fragment} in {:?}",
            label.phrases
        );
    }
}

#[test]
fn fragment_ends_are_sorted_for_their_binary_search() {
    assert!(FRAGMENT_ENDS.is_sorted(), "{FRAGMENT_ENDS:?}");
}
