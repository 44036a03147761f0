//! `kubecis rule`, `kubecis completions` and `kubecis man`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, ValueEnum};
use serde_json::{json, Value};

use crate::plugin::Plugin;
use crate::{load_plugin, rule_doc, with_newline, write_stdout, Cli, BENCHMARK_HELP, EXIT_ERROR, EXIT_OK};

#[derive(Args, Debug)]
pub struct RuleArgs {
    /// A rule's slug (kubelet-anonymous-auth), its CIS id in the benchmark (4.2.1) or its
    /// id in another scanner (CKV_K8S_138).
    #[arg(value_name = "NAME", required_unless_present = "all", conflicts_with = "all")]
    name: Option<String>,

    /// Every rule.
    #[arg(long)]
    all: bool,

    /// With --all: write DIR/<slug>.md for every rule and DIR/README.md, their index
    /// (the repository's docs/rules), instead of printing.
    #[arg(long, value_name = "DIR", requires = "all")]
    markdown: Option<PathBuf>,

    /// Output format: the documentation, or the plugin's metadata of the rule.
    #[arg(long, short, value_enum, default_value_t = DocFormat::Text)]
    format: DocFormat,

    #[arg(long, short, value_name = "VERSION", help = BENCHMARK_HELP)]
    benchmark: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum DocFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// The benchmark a user's `--benchmark` names (or the default), as the core spells it:
/// the core decides which spellings it accepts, so an empty request asks it. The inner
/// error is the core's message for an unknown one.
pub fn benchmark(plugin: &Plugin, name: Option<&str>) -> Result<Result<String, String>> {
    let mut options = serde_json::Map::new();
    if let Some(name) = name {
        options.insert("benchmark".into(), name.into());
    }
    let request = json!({"documents": [], "options": options}).to_string();
    let response: Value =
        serde_json::from_str(&plugin.check(request.as_bytes())?).context("the plugin returned invalid JSON")?;
    if let Some(message) = response.pointer("/error/message").and_then(Value::as_str) {
        return Ok(Err(message.to_string()));
    }
    Ok(response.get("benchmark").and_then(Value::as_str).map(str::to_string).ok_or_else(|| "no benchmark".to_string()))
}

pub fn rule(cli: &Cli, args: &RuleArgs) -> Result<u8> {
    let plugin = load_plugin(cli)?;
    let benchmark = match benchmark(&plugin, args.benchmark.as_deref())? {
        Ok(b) => b,
        Err(message) => {
            eprintln!("kubecis: error: {message}");
            return Ok(EXIT_ERROR);
        }
    };
    let rules: Value = serde_json::from_str(&plugin.rules()?).context("the plugin returned invalid JSON")?;
    let rules = rules.as_array().cloned().unwrap_or_default();

    let picked: Vec<&Value> = match &args.name {
        Some(name) => {
            let found = rule_doc::lookup(&rules, name, &benchmark);
            if found.is_empty() {
                let near = rule_doc::suggestions(&rules, name, &benchmark);
                let hint = if near.is_empty() {
                    "; `kubecis rules` lists them".to_string()
                } else {
                    format!("; did you mean {}?", near.join(", "))
                };
                eprintln!("kubecis: error: no rule has the slug, {benchmark} id or alias {name:?}{hint}");
                return Ok(EXIT_ERROR);
            }
            found
        }
        None => rules.iter().collect(),
    };

    if let Some(dir) = &args.markdown {
        let n = rule_doc::write_pages(dir, &rules, &benchmark)?;
        eprintln!("kubecis: wrote {n} files to {}", dir.display());
        return Ok(EXIT_OK);
    }
    let out = match args.format {
        DocFormat::Json if args.all => with_newline(serde_json::to_string_pretty(&picked)?),
        DocFormat::Json => {
            let one: Value = if picked.len() == 1 { picked[0].clone() } else { json!(picked) };
            with_newline(serde_json::to_string_pretty(&one)?)
        }
        DocFormat::Text => picked.iter().map(|r| rule_doc::text(r, &benchmark)).collect::<Vec<_>>().join("\n"),
        DocFormat::Markdown => picked.iter().map(|r| rule_doc::markdown(r, &benchmark)).collect::<Vec<_>>().join("\n"),
    };
    write_stdout(out.as_bytes())?;
    Ok(EXIT_OK)
}

pub fn completions(args: &CompletionsArgs) -> Result<u8> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "kubecis", &mut out);
    write_stdout(&out)?;
    Ok(EXIT_OK)
}

pub fn man() -> Result<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out).context("cannot render the man page")?;
    write_stdout(&out)?;
    Ok(EXIT_OK)
}
