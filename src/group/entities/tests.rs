//! Tests of `entities`: reading names, normalising and aliasing them.
use super::*;

fn find(texts: &[(&str, &str)]) -> Entities {
    let sources: Vec<EntitySource> = texts
        .iter()
        .map(|(title, text)| EntitySource {
            title,
            text,
            lang: Lang::En,
            outlet: None,
        })
        .collect();
    find_entities(&sources)
}

#[test]
fn an_article_naming_its_own_outlet_does_not_mention_it() {
    let sources: Vec<EntitySource> = [
        (
            Some("Reuters"),
            "Acme Corp told Reuters on Monday that Acme Corp would cut jobs, above \
             Reuters Estimates.",
        ),
        (
            None,
            "Acme Corp told Reuters on Monday that Acme Corp would cut jobs.",
        ),
    ]
    .into_iter()
    .map(|(outlet, text)| EntitySource {
        title: "",
        text,
        lang: Lang::En,
        outlet,
    })
    .collect();
    let e = find_entities(&sources);
    assert!(
        !names_of(&e, 0).contains(&"Reuters"),
        "{:?}",
        names_of(&e, 0)
    );
    assert!(
        !names_of(&e, 0).contains(&"Reuters Estimates"),
        "{:?}",
        names_of(&e, 0)
    );
    assert!(
        names_of(&e, 1).contains(&"Reuters"),
        "{:?}",
        names_of(&e, 1)
    );
    // Shown without its company form.
    assert!(names_of(&e, 0).contains(&"Acme"), "{:?}", names_of(&e, 0));
}

fn names_of(entities: &Entities, article: usize) -> Vec<&str> {
    entities.mentions[article]
        .iter()
        .map(|(id, _)| entities.names[*id as usize].as_str())
        .collect()
}

#[test]
fn an_initialism_is_shown_with_its_full_stop() {
    let e = find(&[
        (
            "Trade talks",
            "The U.S. economy grew. Officials in the U.S. and the U.N. met in Washington, D.C.",
        ),
        (
            "More talks",
            "U.S. officials said the U.N. would meet again.",
        ),
    ]);
    let names: Vec<&str> = e.names.iter().map(String::as_str).collect();
    assert!(names.contains(&"U.S."), "{names:?}");
    assert!(names.contains(&"U.N."), "{names:?}");
    assert!(!names.contains(&"U.S"), "{names:?}");
    assert_eq!(with_stop("Washington D.C"), "Washington D.C.");
    assert_eq!(with_stop("J.P Morgan"), "J.P. Morgan");
    assert_eq!(with_stop("Exxon Mobil"), "Exxon Mobil");
    assert_eq!(with_stop("AT&T"), "AT&T");
}

#[test]
fn a_surname_joins_the_full_name_and_spellings_meet() {
    let e = find(&[
        (
            "Lavrov meets al-Busaidi",
            "Russian Foreign Minister Sergey Lavrov met his Omani counterpart Badr al-Busaidi in Moscow. Lavrov said the talks went well.",
        ),
        (
            "Talks in Muscat",
            "Sergey Lavrov spoke to Al Busaidi by phone, and the Omani minister said talks would go on.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"sergey lavrov"), "{keys:?}");
    assert!(!keys.contains(&"lavrov"), "{keys:?}");
    assert!(keys.contains(&"badr al busaidi"), "{keys:?}");
    assert!(keys.contains(&"moscow"), "{keys:?}");
    assert!(names_of(&e, 0).contains(&"Sergey Lavrov"));
    assert!(names_of(&e, 1).contains(&"Sergey Lavrov"));
    assert_eq!(
        normalise("al-Busaidi", Lang::En),
        normalise("Al Busaidi", Lang::En)
    );
    assert_eq!(normalise("Lavrov's", Lang::En), "lavrov");
    assert_eq!(normalise("President Trump", Lang::En), "trump");
    assert_eq!(
        normalise("Federal Reserve Chairman Alan Greenspan", Lang::En),
        "alan greenspan"
    );
    assert_eq!(
        normalise("Chief Executive Michael Cherkasky", Lang::En),
        "michael cherkasky"
    );
    assert_eq!(normalise("Chief Executive", Lang::En), "");
    assert_eq!(normalise("Burger King", Lang::En), "burger king");
    assert_eq!(normalise("Cincinnati-based P&G", Lang::En), "p&g");
    assert_eq!(normalise("Houston-based", Lang::En), "");
    assert_eq!(normalise("New York-based Revlon", Lang::En), "revlon");
}

#[test]
fn a_company_suffix_alone_is_not_a_name() {
    // "systems" is a common word here, so "Acme Systems Inc." breaks after "Acme" and
    // leaves "Inc" alone.
    let e = find(&[
        (
            "Acme profit rises",
            "Acme Systems Inc. said profit rose in Ohio. The systems maker sold more systems, and its systems business grew.",
        ),
        (
            "Acme shares",
            "Shares of Acme Systems Inc. rose in Ohio as systems sales grew.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"acme"), "{keys:?}");
    assert!(!keys.contains(&"inc"), "{keys:?}");
}

#[test]
fn sentence_openers_and_headline_words_are_not_names() {
    let e = find(&[
        (
            "Tourist Ship Strikes Highway Bridge in Germany",
            "The tourist ship struck a highway bridge in Germany. Police said the ship was damaged.",
        ),
        (
            "Bridge closed",
            "Police closed the bridge on the highway, a police spokesman in Germany said.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert_eq!(keys, vec!["germany"], "{keys:?}");
}

#[test]
fn the_internet_and_the_web_are_no_names_in_english() {
    let e = find(&[
        (
            "Google buys Web firm",
            "Shares of Google rose after it bought a Web search firm as Internet advertising grew.",
        ),
        (
            "Web deal",
            "The Internet company Google said its Web site would stay open.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"google"), "{keys:?}");
    assert!(
        !keys
            .iter()
            .any(|k| k.split(' ').any(|w| w == "web" || w == "internet")),
        "{keys:?}"
    );
}

#[test]
fn acronyms_spelled_out_in_lowercase_words_name_things() {
    let texts = [
        "Analysts said GDP grew, and gross domestic product will grow again, the SEC said.",
        "The SEC said GDP fell, and M&A slowed as mergers and acquisitions dried up.",
        "Gains in GDP and in M&A lifted stocks; gross domestic product rose, the SEC said.",
        "Bankers said M&A rose as mergers and acquisitions picked up and GDP grew.",
        "Data on gross domestic product and on mergers and acquisitions, GDP and M&A, came out.",
        "Shares of Apple rose after the SEC said GDP and M&A rose.",
        "The SEC said gross domestic product and GDP rose as mergers and acquisitions and M&A grew.",
    ];
    let e = find(&texts.map(|t| ("", t)));
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"sec"), "{keys:?}");
    assert!(!keys.contains(&"gdp"), "{keys:?}");
    assert!(!keys.contains(&"m&a"), "{keys:?}");
}

#[test]
fn short_month_names_are_dates_but_first_names_stay() {
    let e = find(&[
        (
            "Results due",
            "Results are due on Feb 26 and the vote on Nov 3, ING chief Jan Hommen said in Amsterdam.",
        ),
        (
            "Vote set",
            "The vote set for Nov 3 follows results on Feb 26, Jan Hommen said.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(
        !keys
            .iter()
            .any(|k| k.starts_with("feb") || k.starts_with("nov")),
        "{keys:?}"
    );
    assert!(keys.contains(&"jan hommen"), "{keys:?}");
}

#[test]
fn a_name_behind_an_elided_article_is_a_mention_of_it() {
    let sources: Vec<EntitySource> = [
        "Le proteste in Egitto continuano. Il governo dell'Egitto tace.",
        "L'Egitto vota. I sostenitori di Morsi e l'esercito dell'Egitto si scontrano.",
    ]
    .iter()
    .map(|text| EntitySource {
        title: "",
        text,
        lang: Lang::It,
        outlet: None,
    })
    .collect();
    let e = find_entities(&sources);
    let egypt = e.keys.iter().position(|k| k == "egitto").expect("egitto");
    let count = |article: usize| {
        e.mentions[article]
            .iter()
            .find(|m| m.0 as usize == egypt)
            .map_or(0.0, |m| m.1)
    };
    assert_eq!((count(0), count(1)), (2.0, 2.0), "{:?}", e.keys);
    assert!(!e.keys.iter().any(|k| k.contains("dell")), "{:?}", e.keys);
}

#[test]
fn company_forms_and_short_company_names_meet_the_full_name() {
    let e = find(&[
        (
            "Exxon Mobil Corp profit rises",
            "Exxon Mobil Corp. said on Tuesday that profit rose. Exxon shares gained in New York.",
        ),
        (
            "Exxon output",
            "Exxon Mobil raised output, and Exxon said more was to come.",
        ),
        (
            "Procter & Gamble Co sales",
            "Procter & Gamble Co. said sales rose, and Google Inc said ads grew. Shares of Procter & Gamble gained.",
        ),
        ("Google ads", "Google said its ads grew in Europe."),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"exxon mobil"), "{keys:?}");
    assert!(!keys.contains(&"exxon"), "{keys:?}");
    assert!(!keys.contains(&"exxon mobil corp"), "{keys:?}");
    assert!(keys.contains(&"procter & gamble"), "{keys:?}");
    assert!(
        !keys.iter().any(|k| *k == "procter" || *k == "gamble"),
        "{keys:?}"
    );
    assert!(keys.contains(&"google"), "{keys:?}");
    assert!(!keys.contains(&"google inc"), "{keys:?}");
    assert_eq!(normalise("Amazon.com Inc.", Lang::En), "amazon com");
    assert_eq!(normalise("Inc", Lang::En), "inc");
    assert_eq!(shown_form("Exxon Mobil Corp."), "Exxon Mobil");
    assert_eq!(shown_form("Google Inc's"), "Google");
    assert_eq!(shown_form("Inc"), "Inc");
    assert_eq!(
        shown_form("Federal Reserve Chairman Alan Greenspan"),
        "Alan Greenspan"
    );
    assert_eq!(shown_form("President Bush"), "Bush");
    assert_eq!(shown_form("Cincinnati-based P&G"), "P&G");
    assert_eq!(shown_form("New York-based Revlon"), "Revlon");
    assert_eq!(shown_form("Chief Executive"), "Chief Executive");
    let exxon = e.keys.iter().position(|k| k == "exxon mobil").unwrap();
    assert_eq!(e.names[exxon], "Exxon Mobil");
}

#[test]
fn a_full_stop_after_a_title_or_initials_does_not_cut_a_name() {
    let e = find(&[
        (
            "Wrigley profit",
            "Shares of Wm. Wrigley Jr. Co. rose after Mr. Bill Perez spoke in Chicago.",
        ),
        (
            "Wrigley gum",
            "Analysts at Wm. Wrigley Jr. Co. and Mr. Bill Perez met in the U.S. Congress said so.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"wm wrigley jr"), "{keys:?}");
    assert!(keys.contains(&"bill perez"), "{keys:?}");
    assert!(keys.contains(&"united states"), "{keys:?}");
    assert!(keys.contains(&"congress"), "{keys:?}");
    assert!(!keys.iter().any(|k| k.starts_with("u s")), "{keys:?}");
}

#[test]
fn a_quarter_is_not_a_name() {
    let e = find(&[
        (
            "Acme Q3 profit rises",
            "Shares of Acme rose as its Q3 profit rose in Ohio.",
        ),
        (
            "Acme H1 sales",
            "Shares of Acme rose as H1 sales and Q3 orders rose in Ohio.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert_eq!(keys, vec!["acme", "ohio"], "{keys:?}");
}

#[test]
fn a_lowercase_word_that_leads_a_name_is_part_of_it() {
    let e = find(&[
        (
            "Stocks fall",
            "Shares fell in New York and in New Zealand, and the new plan failed.",
        ),
        (
            "Bonds",
            "Traders in New York said a new bond and a new loan sold well in New Zealand.",
        ),
        (
            "Jobs",
            "The new jobs report from Barneys New York lifted a new index.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"new york"), "{keys:?}");
    assert!(keys.contains(&"new zealand"), "{keys:?}");
    assert!(!keys.contains(&"york"), "{keys:?}");
    assert!(keys.contains(&"barneys"), "{keys:?}");
}

#[test]
fn a_lowercase_word_capitalised_before_a_name_belongs_to_it() {
    // "Department" and "Commission" are names by their case counts, each after several words;
    // "labor", "trade" and "strikes" are mostly lowercase words. Capitalised, "Labor" and
    // "Trade" always stand before the same name, which they belong to; "STRIKES" in a subhead
    // in capitals does not.
    let e = find(&[
        (
            "Claims",
            "Jobless claims rose, the Labor Department said. The Federal Trade Commission met \
             the labor unions about trade and labor costs. Wage strikes and trade gaps grew.",
        ),
        (
            "Merger",
            "Regulators at the Federal Trade Commission cleared the deal, and the Labor \
             Department approved it. The labor market, trade flows and labor law weighed. \
             LABOR STRIKES Department officials said new strikes and trade rules loom.",
        ),
        (
            "Prices",
            "Officials at the Department of Energy said trade and labor grew as strikes ended. \
             The Federal Trade Commission agreed. LABOR STRIKES Department officials said so.",
        ),
        (
            "Fine",
            "Brussels and the European Commission fined the firm. The European Commission and \
             the European Commission staff, with the European Commission, said so.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"labor department"), "{keys:?}");
    assert!(keys.contains(&"federal trade commission"), "{keys:?}");
    assert!(!keys.contains(&"commission"), "{keys:?}");
    assert!(!keys.contains(&"federal"), "{keys:?}");
    assert!(
        !keys.iter().any(|k| k.contains("strikes")),
        "capitals are no evidence: {keys:?}"
    );
}

#[test]
fn a_lowercase_word_capitalised_after_a_name_it_mostly_follows_ends_it() {
    // "reserve" and "store" are mostly lowercase words; "Federal", "Apple", "Sony" and
    // "Microsoft" are names. Capitalised, "Reserve" always follows "Federal", so it ends that
    // name; "Store" follows three names, none most of the time, and each of them is mostly
    // written alone, so it joins none of them.
    let e = find(&[
        (
            "Rates",
            "The Federal Reserve raised rates. Federal officials said the reserve fund and a \
             store of reserve cash grew. The Apple Store and the Sony Store opened.",
        ),
        (
            "Banks",
            "Banks met the Federal Reserve, and Federal staff checked the reserve rules. A \
             store sold out at the Microsoft Store and the Apple Store, near another store.",
        ),
        (
            "Shops",
            "The Federal Reserve agreed. Every store had a reserve list; the Sony Store and the \
             Microsoft Store beat each store and reserve price. Apple, Sony and Microsoft said \
             a store was a store. Federal rules apply. Shares of Apple, Sony and Microsoft \
             rose, analysts said Apple beat Sony and Microsoft, and Apple, Sony and Microsoft \
             gained.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"federal reserve"), "{keys:?}");
    assert!(!keys.contains(&"federal"), "{keys:?}");
    for name in ["apple", "sony", "microsoft"] {
        assert!(keys.contains(&name), "{keys:?}");
    }
    assert!(!keys.iter().any(|k| k.ends_with(" store")), "{keys:?}");
}

#[test]
fn an_and_joins_a_common_word_to_the_name_after_it_but_not_two_names() {
    // "securities" is a common word, capitalised mostly before "and Exchange"; "Westin" is a
    // name of its own, however often it stands before "and Sheraton".
    let e = find(&[
        (
            "Filing",
            "The firm told the Securities and Exchange Commission that securities fell. It \
             runs Westin and Sheraton hotels, and the Stock Exchange and Securities regulators \
             met. Its securities and bonds rose.",
        ),
        (
            "Probe",
            "The Securities and Exchange Commission opened a probe into securities sales. \
             Guests of Westin and Sheraton hotels and Westin staff complained about the \
             securities.",
        ),
        (
            "Hotels",
            "Regulators at the Securities and Exchange Commission and the Stock Exchange said \
             Westin and Sheraton sold well.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(
        keys.contains(&"securities and exchange commission"),
        "{keys:?}"
    );
    assert!(!keys.contains(&"exchange commission"), "{keys:?}");
    assert!(keys.contains(&"westin"), "{keys:?}");
    assert!(keys.contains(&"sheraton"), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("westin and")), "{keys:?}");
}

#[test]
fn common_words_capitalised_between_two_names_are_part_of_one_name() {
    // "energy", "regulatory" and "beats" are mostly lowercase words; "Federal", "Commission",
    // "Exxon" and "Apple" are names. In prose the capitalised words between two names belong
    // to them; in a Title Case headline every word is capitalised and shows nothing.
    let e = find(&[
        (
            "Pipeline approved",
            "The Federal Energy Regulatory Commission approved the pipeline, and energy \
             prices and regulatory costs fell. Federal officials and Exxon agreed.",
        ),
        (
            "Exxon Beats Apple Again In Energy Rankings",
            "Regulatory filings show energy demand rose, and Exxon beats Apple on energy \
             use. Energy and regulatory staff met. Apple agreed.",
        ),
        (
            "Rules",
            "Regulators at the Federal Energy Regulatory Commission said energy and \
             regulatory work went on. Exxon and Apple said regulatory rules and energy use beats \
             nothing.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(
        keys.contains(&"federal energy regulatory commission"),
        "{keys:?}"
    );
    assert!(!keys.contains(&"commission"), "{keys:?}");
    assert!(
        keys.contains(&"exxon") && keys.contains(&"apple"),
        "{keys:?}"
    );
    assert!(!keys.iter().any(|k| k.contains("beats")), "{keys:?}");
}

#[test]
fn rival_full_names_keep_a_lone_word_apart() {
    let e = find(&[
        ("a", "North Korea fired a missile. Korea was tense."),
        ("b", "South Korea answered. Korea was tense."),
    ]);
    assert!(e.keys.contains(&"korea".to_string()), "{:?}", e.keys);
}

#[test]
fn a_company_form_in_the_possessive_ends_a_name() {
    let e = find(&[
        (
            "YouTube deal",
            "Shares of Google Inc.'s YouTube rose, and Yum Brands Inc.'s KFC opened in Ohio.",
        ),
        (
            "KFC menu",
            "Analysts at Google Inc.'s YouTube said Yum Brands Inc.'s KFC and McDonald's Corp sold well in Ohio.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"youtube"), "{keys:?}");
    assert!(keys.contains(&"kfc"), "{keys:?}");
    assert!(keys.contains(&"google"), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("inc")), "{keys:?}");
    let mcdonalds = e.keys.iter().position(|k| k == "mcdonald s").unwrap();
    assert_eq!(e.names[mcdonalds], "McDonald's", "a brand's own 's stays");
}

#[test]
fn nationalities_time_zones_and_contractions_alone_are_not_names() {
    let e = find(&[
        (
            "Stocks rise",
            "American and French stocks rose by 1430 GMT, Americans said. \"I'm buying,\" said \
             trader Ann Lee in Jordan. Swiss and German banks gained, and Iranians in Japan \
             watched. \"We're done,\" Lee said at American Express.",
        ),
        (
            "Stocks fall",
            "Stocks fell by 1600 GMT as Ann Lee sold in Jordan and Japan. \"They'll wait,\" Lee \
             said at American Express, as Dutch and Greek shares slid.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for gone in [
        "american",
        "americans",
        "french",
        "gmt",
        "im",
        "i m",
        "swiss",
        "german",
        "iranians",
        "we re",
        "they ll",
        "dutch",
        "greek",
    ] {
        assert!(!keys.contains(&gone), "{gone} in {keys:?}");
    }
    for kept in ["ann lee", "jordan", "japan", "american express"] {
        assert!(keys.contains(&kept), "{kept} not in {keys:?}");
    }
}

#[test]
fn nationality_words_are_told_from_names_that_end_alike() {
    for word in [
        "Iranian",
        "Americans",
        "Swiss",
        "Chinese",
        "Saudis",
        "Danish",
    ] {
        assert!(names::is_nationality(word), "{word}");
    }
    for word in [
        "Jordan", "Sudan", "Morgan", "Japan", "Lavrov", "Paris", "Texas",
    ] {
        assert!(!names::is_nationality(word), "{word}");
    }
    for word in ["I'm", "We're", "They’ll", "I'd", "We've"] {
        assert!(names::is_contraction(word), "{word}");
    }
    for word in ["O'Neill", "D'Alema", "McDonald's", "'m"] {
        assert!(!names::is_contraction(word), "{word}");
    }
}

#[test]
fn a_place_in_the_possessive_ends_a_name() {
    let e = find(&[
        (
            "Steel deal",
            "Germany's ThyssenKrupp bid for the plant in Germany, and Japan's Sony sold a unit \
             in Japan. Steelmakers in Germany and Japan watched as McDonald's Corp sold well.",
        ),
        (
            "Steel talks",
            "Talks in Germany went on. Germany's ThyssenKrupp and Japan's Sony said Germany and \
             Japan matter, as did ThyssenKrupp and Sony.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for kept in ["germany", "thyssenkrupp", "japan", "sony"] {
        assert!(keys.contains(&kept), "{kept} not in {keys:?}");
    }
    assert!(
        !keys
            .iter()
            .any(|k| k.contains("germany s") || k.contains("japan s")),
        "{keys:?}"
    );
    let mcdonalds = e.keys.iter().position(|k| k == "mcdonald s").unwrap();
    assert_eq!(e.names[mcdonalds], "McDonald's", "a brand's own 's stays");
}

#[test]
fn a_bare_institution_word_is_no_entity() {
    // "Commission" and "District" stand for many institutions; what is left of a longer name
    // read in part ("U.S. District" of "U.S. District Court") is none of them.
    let e = find(&[
        (
            "Fine",
            "The European Commission fined Intel. The Commission said the fine was fair, and \
             Intel appealed in U.S. District Court.",
        ),
        (
            "Cartel",
            "The European Commission raided Sony. The Commission and the District court met, \
             and Sony said so.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for name in ["european commission", "intel", "sony"] {
        assert!(keys.contains(&name), "{keys:?}");
    }
    for generic in ["commission", "district"] {
        assert!(!keys.contains(&generic), "{keys:?}");
    }
}

#[test]
fn a_lowercase_word_capitalised_after_a_name_that_mostly_stands_before_it_ends_it() {
    // "Deutsche" is a name, and mostly written before "Bank", a common word; "Apple" is mostly
    // written alone, so "Bank" never joins it, and "Deutsche" alone stands for the bank.
    let e = find(&[
        (
            "Bank",
            "Shares of Deutsche Bank rose, and the bank said Deutsche Bank would hire. A bank \
             in Frankfurt lent to Apple. Analysts said Deutsche had done well.",
        ),
        (
            "Loans",
            "The loans of Deutsche Bank grew. Its bank rivals, and Apple Bank too, trailed \
             Apple and Deutsche Bank. Investors said Apple rose, a bank sold bonds and the \
             bank bought them from another bank.",
        ),
        (
            // "Bank" follows other names too: none of them, "Deutsche" included, stands
            // before it in half of its capitalised uses.
            "Lenders",
            "The Mizuho Bank and Hana Bank loans, and Mizuho Bank and Hana Bank staff, met a \
             bank, a bank, a bank, a bank and a bank in Seoul, and Mizuho and Hana lent to a \
             bank.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"deutsche bank"), "{keys:?}");
    assert!(!keys.contains(&"deutsche"), "{keys:?}");
    assert!(keys.contains(&"apple"), "{keys:?}");
    assert!(!keys.contains(&"apple bank"), "{keys:?}");
}

#[test]
fn a_word_mostly_written_before_a_number_names_it_with_the_number() {
    // "Chapter" is capitalised before a number nearly always, so "Chapter 11" is one name and
    // no page for "Chapter" is made; "Boeing" is mostly written alone, so "Boeing 787" is
    // still Boeing.
    let e = find(&[
        (
            "Filing",
            "The retailer filed for Chapter 11 protection, and Boeing said its suppliers \
             under Chapter 11 would be paid. Boeing 787 orders rose.",
        ),
        (
            "Court",
            "A judge approved the Chapter 11 plan. Lenders to Boeing and to Airbus agreed, and \
             the Chapter 7 option was dropped by Boeing.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"chapter 11"), "{keys:?}");
    assert!(!keys.contains(&"chapter"), "{keys:?}");
    assert!(keys.contains(&"boeing"), "{keys:?}");
    assert!(!keys.contains(&"boeing 787"), "{keys:?}");
}

#[test]
fn general_before_one_word_names_a_company_and_regional_adjectives_name_no_one() {
    let e = find(&[(
        "Cars",
        "General Motors Corp and General Electric Co said North American sales rose, Attorney \
         General Andrew Cuomo said, and South Korean buyers paid A$6.20 a share for Motorola \
         before the Fed met.",
    )]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for key in [
        "general motors",
        "general electric",
        "andrew cuomo",
        "motorola",
        // "the Fed" is the Federal Reserve, as "U.S." is the United States.
        "federal reserve",
    ] {
        assert!(keys.contains(&key), "{key}: {keys:?}");
    }
    for key in [
        "motors",
        "electric",
        "north american",
        "south korean",
        "a$6 20",
        "a 6 20",
    ] {
        assert!(!keys.contains(&key), "{key}: {keys:?}");
    }
    let shown: Vec<&str> = e.names.iter().map(String::as_str).collect();
    assert!(shown.contains(&"General Motors"), "{shown:?}");
}

#[test]
fn acronyms_of_things_are_no_names_and_us_in_capitals_is_the_country() {
    // "TV" is written in the plural ("TVs"), as things are; "GM" never is. "Group" is a
    // company form, and "US Airways" keeps its "US".
    let e = find(&[
        (
            "Sets",
            "Sales of TV sets rose at GM and at Goldman Sachs Group Inc, and TVs sold well. \
             Shoppers bought TVs, and a TV maker at GM said so.",
        ),
        (
            "Planes",
            "US Airways bid for Delta, GM said, and Goldman Sachs advised. Cheap TVs sold, \
             and the TV's price fell.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for key in ["gm", "goldman sachs", "us airways"] {
        assert!(keys.contains(&key), "{key}: {keys:?}");
    }
    for key in ["tv", "tvs", "goldman sachs group", "airways"] {
        assert!(!keys.contains(&key), "{key}: {keys:?}");
    }
}

#[test]
fn a_word_nearly_always_inside_longer_names_is_no_name_alone() {
    // "International" and "Capital" are capitalised inside names ("Honeywell International",
    // "Basis Capital") in all but a few of their uses, so alone they are what is left of a name
    // read in part: "International Business Machines Corp" is read whole, and a sentence that
    // opens with "Capital" names no one.
    let names = "Honeywell International, Basis Capital, Check Capital, Fort Capital, Acme \
                 International and Bolt International";
    let mut texts: Vec<(&str, String)> = (0..4)
        .map(|_| {
            (
                "Deals",
                format!(
                    "Funds at {names} met. The business of machines and the business of \
                     capital and international trade grew."
                ),
            )
        })
        .collect();
    texts.push((
        "Shares",
        "Shares of International Business Machines Corp rose as its business grew on sales \
         of machines and trade. Capital spending grew, and the firm hired Apple."
            .to_string(),
    ));
    let borrowed: Vec<(&str, &str)> = texts.iter().map(|(t, b)| (*t, b.as_str())).collect();
    let e = find(&borrowed);
    let last: Vec<&str> = names_of(&e, 4);
    assert!(
        last.contains(&"International Business Machines"),
        "{last:?}"
    );
    assert!(!last.contains(&"Capital"), "{last:?}");
    assert!(!last.contains(&"International"), "{last:?}");
    assert!(last.contains(&"Apple"), "{last:?}");
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    assert!(keys.contains(&"basis capital"), "{keys:?}");
}

#[test]
fn a_leading_word_mostly_written_after_a_name_goes_on_with_it() {
    // "Stock" leads "Exchange" (most capitalised "Exchange" follow it), but a capitalised
    // "Stock" nearly always stands after a name: "London Stock Exchange" is one name, not
    // "London" and "Stock Exchange".
    let e = find(&[
        (
            "Listings",
            "Shares rose on the London Stock Exchange and the Tokyo Stock Exchange, and stock \
             prices and stock trading rose. A stock fell.",
        ),
        (
            "Trading",
            "The London Stock Exchange and the Toronto Stock Exchange opened; stock markets and \
             stock buyers and a stock index rose with the Paris Stock Exchange.",
        ),
    ]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for key in [
        "london stock exchange",
        "tokyo stock exchange",
        "toronto stock exchange",
    ] {
        assert!(keys.contains(&key), "{key}: {keys:?}");
    }
    assert!(!keys.contains(&"stock exchange"), "{keys:?}");
}

#[test]
fn for_after_an_institution_word_joins_the_name_after_it() {
    let e = find(&[(
        "Factories",
        "The Institute for Supply Management said factories grew, and Stephen Sundlof of the \
         Center for Veterinary Medicine agreed. Shares rose for Apple.",
    )]);
    let keys: Vec<&str> = e.keys.iter().map(String::as_str).collect();
    for key in [
        "institute for supply management",
        "center for veterinary medicine",
        "apple",
    ] {
        assert!(keys.contains(&key), "{key}: {keys:?}");
    }
    assert!(!keys.contains(&"center"), "{keys:?}");
}
