//! `kubecis`: checks kubelet and kube-apiserver configuration against the CIS
//! Kubernetes Benchmark by running the kubecis wasm plugin under wasmtime.

mod baseline;
mod batches;
mod commands;
mod confined;
mod fix;
mod inputs;
mod junit;
mod node;
mod outcome;
mod plugin;
mod project;
mod render;
mod rule_cmd;
mod rule_doc;
mod sarif;
mod shown;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::Value;

use crate::outcome::FailOn;
use crate::plugin::{Limits, Plugin};

/// Exit code: no failing finding.
const EXIT_OK: u8 = 0;
/// Exit code: at least one failing finding at or above `--fail-on`.
const EXIT_FAIL: u8 = 1;
/// Exit code: usage error, unreadable input, a document error or a plugin error.
const EXIT_ERROR: u8 = 2;

/// `--version`: the CLI's version, then the embedded plugin's ABI version and build (the
/// SHA-256 `kubecis plugin --info` shows), so a bug report names the exact core.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nplugin: embedded, ABI version 1, sha256 ",
    env!("KUBECIS_PLUGIN_SHA256"),
    "\nbenchmarks: ",
    env!("KUBECIS_BENCHMARKS"),
);

/// `--benchmark`'s help: the versions the core knows, in its (release) order.
const BENCHMARK_HELP: &str = concat!(
    "CIS benchmark version: ",
    env!("KUBECIS_BENCHMARKS"),
    " (default: ",
    env!("KUBECIS_DEFAULT_BENCHMARK"),
    "); 1.12 or v1.12 also name cis-1.12."
);

#[derive(Parser, Debug)]
#[command(
    name = "kubecis",
    version,
    long_version = LONG_VERSION,
    about = "Check kubelet and kube-apiserver configuration against the CIS Kubernetes Benchmark",
    after_help = "Exit status: 0 no failing finding at or above --fail-on, 1 at least one, \
                  2 usage error, unreadable input, document error or plugin error."
)]
struct Cli {
    /// Load this plugin module instead of the embedded one (ABI v1, zero imports).
    #[arg(long, global = true, value_name = "PATH", env = "KUBECIS_PLUGIN_PATH")]
    plugin: Option<PathBuf>,

    /// Do not read or write the compiled-module cache.
    #[arg(long, global = true)]
    no_cache: bool,

    /// Seconds one plugin call may run before it is stopped.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,

    /// Mebibytes of memory one plugin call may use before it is stopped.
    #[arg(long, global = true, value_name = "MIB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(16..=4096))]
    max_memory: u64,

    /// Colour text output: auto (when stdout is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check configuration files, directories, or standard input (`-`).
    Check(CheckArgs),
    /// Check the node this runs on (or a copy of one under --root): running processes,
    /// systemd units, config files, drop-ins and static Pod manifests.
    Node(NodeArgs),
    /// Apply the fixes of failing findings: print a diff (default) or --write the files.
    Fix(FixArgs),
    /// List the rules with their CIS ids per benchmark, aliases, severity and title.
    Rules(RulesArgs),
    /// Show a rule's documentation (by slug, CIS id or another scanner's id): what it
    /// checks, why, its defaults, how kubecis decides and how to fix it.
    Rule(rule_cmd::RuleArgs),
    /// Print a shell completion script.
    Completions(rule_cmd::CompletionsArgs),
    /// Print the man page (roff) on standard output.
    Man,
    /// Write or describe the embedded plugin module.
    Plugin(PluginArgs),
}

/// How a report is filtered, printed and turned into an exit status.
#[derive(Args, Debug, Clone)]
struct ReportArgs {
    /// Output format: text (findings with their source and fix), concise (one line per
    /// finding), json (the report), sarif (code scanning), junit, github (workflow
    /// annotations).
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    format: Format,

    #[arg(long, short, value_name = "VERSION", help = BENCHMARK_HELP)]
    benchmark: Option<String>,

    #[command(flatten)]
    filter: FilterArgs,

    /// The Kubernetes version whose defaults apply (1.31, v1.31.2), when the documents
    /// do not say it (a kubeadm kubernetesVersion, a static Pod's image tag).
    #[arg(long, value_name = "VERSION")]
    kubernetes_version: Option<String>,

    /// Text and concise output: failing and unknown findings and the summary only; no
    /// list of files read and no notes.
    #[arg(long, short)]
    quiet: bool,

    /// Text and concise output: show passing findings too (they are counted either way).
    #[arg(long)]
    show_passes: bool,

    /// Print the number of failing and unknown findings per rule instead of the findings
    /// (a table, or a JSON array with --format json).
    #[arg(long)]
    statistics: bool,

    /// Write the output to FILE instead of standard output (written even when the run
    /// fails, so a CI upload step always finds it).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Read settings from this kubecis.toml instead of the one found upward from the
    /// first path checked.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Read no kubecis.toml.
    #[arg(long)]
    isolated: bool,
}

#[derive(Args, Debug, Clone)]
struct FilterArgs {
    /// Report only these rules: slugs or CIS ids (a section such as 4.2 selects 4.2.*).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Vec<String>,

    /// Leave out these rules: slugs or CIS ids.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,

    /// Exit 1 only for a failing finding of this severity or higher; `unknown` also
    /// for a finding kubecis could not decide (default: any).
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
}

impl FilterArgs {
    fn threshold(&self) -> FailOn {
        self.fail_on.unwrap_or_default()
    }
}

/// Which files a directory walk reads.
#[derive(Args, Debug, Clone, Default)]
struct WalkArgs {
    /// Leave out files and directories matching this gitignore-style glob (repeatable;
    /// `*.tmp`, `vendor/`, `charts/**/templates`), relative to each directory walked.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// Also read what .gitignore and .ignore files inside the directories walked leave out.
    #[arg(long)]
    no_respect_gitignore: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    report: ReportArgs,

    #[command(flatten)]
    walk: WalkArgs,

    /// Report only findings that are not in this baseline file (written by
    /// --write-baseline); the ones in it are counted as baselined.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Write every failing and unknown finding to FILE as a baseline, then report as usual.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// Files and directories to check (default: `.`); `-` reads standard input. Files of
    /// one node's tree are checked together; separate trees as separate nodes.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
struct NodeArgs {
    #[command(flatten)]
    report: ReportArgs,

    /// The node's filesystem root: `/`, or a copy of a node or a container image.
    #[arg(long, value_name = "DIR", default_value = "/")]
    root: PathBuf,
}

#[derive(Args, Debug)]
struct FixArgs {
    /// Write the fixed files (atomically; mode and owner kept).
    #[arg(long, conflicts_with = "diff")]
    write: bool,

    /// Print a unified diff of the fixes and change nothing (the default).
    #[arg(long)]
    diff: bool,

    #[arg(long, short, value_name = "VERSION", help = BENCHMARK_HELP)]
    benchmark: Option<String>,

    #[command(flatten)]
    filter: FilterArgs,

    /// Also apply unsafe fixes: those that change behaviour clients may rely on (turning
    /// anonymous auth off, removing an authorizer). Display-only fixes are never applied.
    #[arg(long)]
    unsafe_fixes: bool,

    /// The Kubernetes version whose defaults apply (1.31, v1.31.2).
    #[arg(long, value_name = "VERSION")]
    kubernetes_version: Option<String>,

    #[command(flatten)]
    walk: WalkArgs,

    /// Output format: text (a diff, or after --write what still fails), or json (the
    /// fixes planned per file with their edits, the ones refused and why, and after
    /// --write the files written and the report of what still fails).
    #[arg(long, short, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,

    /// Files and directories to fix; `-` reads standard input (the fixed text is printed).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
struct RulesArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,

    #[arg(long, short, value_name = "VERSION", help = BENCHMARK_HELP)]
    benchmark: Option<String>,
}

#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
struct PluginArgs {
    /// Write the plugin module bytes to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,

    /// Print the plugin's ABI version, size and SHA-256.
    #[arg(long)]
    info: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("kubecis: error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(cli: &Cli) -> Result<u8> {
    match &cli.command {
        Command::Check(args) => commands::check(cli, args),
        Command::Node(args) => commands::node(cli, args),
        Command::Fix(args) => commands::fix(cli, args),
        Command::Rules(args) => rules(cli, args),
        Command::Rule(args) => rule_cmd::rule(cli, args),
        Command::Completions(args) => rule_cmd::completions(args),
        Command::Man => rule_cmd::man(),
        Command::Plugin(args) => plugin_cmd(cli, args),
    }
}

fn module_bytes(cli: &Cli) -> Result<std::borrow::Cow<'static, [u8]>> {
    match &cli.plugin {
        Some(path) => std::fs::read(path)
            .map(std::borrow::Cow::Owned)
            .with_context(|| format!("cannot read plugin {}", path.display())),
        None => Ok(std::borrow::Cow::Borrowed(plugin::EMBEDDED)),
    }
}

fn load_plugin(cli: &Cli) -> Result<Plugin> {
    let bytes = module_bytes(cli)?;
    let limits =
        Limits { timeout: Duration::from_secs(cli.timeout.max(1)), memory_bytes: (cli.max_memory as usize) << 20 };
    let use_cache = !cli.no_cache && std::env::var_os("KUBECIS_NO_CACHE").is_none();
    let what = match &cli.plugin {
        Some(p) => format!("plugin {}", p.display()),
        None => "the embedded plugin".to_string(),
    };
    Plugin::load(&bytes, limits, use_cache).with_context(|| format!("cannot load {what}"))
}

fn color(cli: &Cli) -> bool {
    match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

fn rules(cli: &Cli, args: &RulesArgs) -> Result<u8> {
    let plugin = load_plugin(cli)?;
    let benchmark = match &args.benchmark {
        Some(name) => match rule_cmd::benchmark(&plugin, Some(name))? {
            Ok(b) => Some(b),
            Err(message) => {
                eprintln!("kubecis: error: {message}");
                return Ok(EXIT_ERROR);
            }
        },
        None => None,
    };
    let response = plugin.rules()?;
    let value: Value = serde_json::from_str(&response).context("the plugin returned invalid JSON")?;
    match args.format {
        RulesFormat::Json => write_stdout(with_newline(response).as_bytes())?,
        RulesFormat::Text => write_stdout(render::rules(&value, benchmark.as_deref()).as_bytes())?,
    }
    Ok(EXIT_OK)
}

fn plugin_cmd(cli: &Cli, args: &PluginArgs) -> Result<u8> {
    let bytes = module_bytes(cli)?;
    if let Some(path) = &args.write {
        if path.as_os_str() == "-" {
            write_stdout(&bytes)?;
        } else {
            std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        }
        return Ok(EXIT_OK);
    }
    let plugin = load_plugin(cli)?;
    let version = plugin.abi_version()?;
    let source = match &cli.plugin {
        Some(p) => p.display().to_string(),
        None => "embedded".to_string(),
    };
    let cache = match (&plugin.cache_file, plugin.origin) {
        (Some(p), plugin::Origin::Cached) => format!("{} (hit)", p.display()),
        (Some(p), _) => format!("{} (written)", p.display()),
        (None, _) => "not used".to_string(),
    };
    let out = format!(
        "plugin:      {source}\nabi version: {version}\nsize:        {} bytes\nsha256:      {}\ncache:       {cache}\n",
        plugin.size, plugin.sha256
    );
    write_stdout(out.as_bytes())?;
    Ok(EXIT_OK)
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Writes to stdout, treating a closed pipe (`kubecis ... | head`) as success.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_version_names_the_abi_this_host_speaks() {
        assert!(super::LONG_VERSION.contains(&format!("ABI version {},", crate::plugin::ABI_VERSION)));
    }
}
