//! `annals topics`: lists the topics a build would make, configured and discovered, or with
//! `--suggest` prints `[[topics]]` blocks for the largest discovered stories, ready to paste
//! into `annals.toml`.

use super::{InputArgs, Plan};
use crate::group::suggest;
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print `[[topics]]` TOML blocks for the largest discovered stories.
    #[arg(long)]
    pub suggest: bool,
    /// How many stories to suggest.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub limit: usize,
}

pub fn run(cli: &super::Cli, args: &TopicsArgs) -> Result<i32> {
    let plan = Plan::new(&args.input)?;
    let modeled = plan.read_model();
    let count = modeled.report(&plan, cli.quiet);
    let site = modeled.site;
    if args.suggest {
        let suggestions = suggest::suggest_topics(&site, args.limit);
        print!(
            "{}",
            suggest::suggestions_toml(&suggestions, &site.articles)
        );
    } else {
        for topic in &site.topics {
            let mut articles: Vec<usize> = topic
                .events
                .iter()
                .flat_map(|&e| site.events[e].articles.iter().copied())
                .collect();
            articles.sort_unstable();
            articles.dedup();
            println!(
                "{:<40} {:>4} event{} {:>5} article{}  {}{}",
                topic.slug,
                topic.events.len(),
                if topic.events.len() == 1 { " " } else { "s" },
                articles.len(),
                if articles.len() == 1 { " " } else { "s" },
                topic.name,
                if topic.discovered {
                    "  (discovered)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(if args.input.strict && count > 0 { 1 } else { 0 })
}
