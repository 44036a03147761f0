//! `check`, `node` and `fix`: gather documents, run the plugin once, filter, print,
//! and turn the report into the exit status.

use crate::shown::terminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use crate::batches::{self, Encoded};
use crate::inputs::{self, Input, WalkOptions, STDIN_NAME};
use crate::outcome;
use crate::plugin::Plugin;
use crate::sarif::{self, Artifact};
use crate::{
    color, load_plugin, render, with_newline, write_stdout, CheckArgs, Cli, FilterArgs, FixArgs, Format, NodeArgs,
    ReportArgs, WalkArgs, EXIT_ERROR, EXIT_FAIL, EXIT_OK,
};

/// What the core is asked: the documents and the request options.
#[derive(Clone, Copy)]
struct Request<'a> {
    documents: &'a [Input],
    benchmark: Option<&'a str>,
    complete_directories: &'a [String],
    absent_files: &'a [String],
    filter: Option<&'a FilterArgs>,
    kubernetes_version: Option<&'a str>,
    /// Baseline entries to match (`--baseline`).
    baseline: Option<&'a Value>,
    /// Ask for the baseline of this report (`--write-baseline`).
    write_baseline: bool,
    /// Leave passing findings out (the output does not show them).
    omit_passes: bool,
}

impl<'a> Request<'a> {
    /// Documents given by path: no directory was read whole, no file is known absent.
    fn files(documents: &'a [Input], benchmark: Option<&'a str>) -> Request<'a> {
        Request {
            documents,
            benchmark,
            complete_directories: &[],
            absent_files: &[],
            filter: None,
            kubernetes_version: None,
            baseline: None,
            write_baseline: false,
            omit_passes: false,
        }
    }

    /// The same request with the user's rule selection and Kubernetes version.
    fn chosen(self, filter: &'a FilterArgs, kubernetes_version: Option<&'a str>) -> Request<'a> {
        Request { filter: Some(filter), kubernetes_version, ..self }
    }
}

/// The core's answer: the response text as it came and the report parsed from it.
struct Answer {
    response: String,
    report: Value,
}

impl Answer {
    fn plugin_error(&self) -> Option<String> {
        let err = self.report.get("error").filter(|e| !e.is_null())?;
        Some(err.get("message").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| err.to_string()))
    }
}

fn ask(plugin: &Plugin, req: &Request<'_>) -> Result<Answer> {
    let response = respond(plugin, req)?;
    let report = serde_json::from_str(&response).context("kubecis returned invalid JSON")?;
    Ok(Answer { response, report })
}

/// The core's response to the request, as JSON text.
fn respond(plugin: &Plugin, req: &Request<'_>) -> Result<String> {
    let documents = encoded(req);
    batches::check(plugin, &documents, &options_of(req))
}

/// The request's options as the core reads them.
fn options_of(req: &Request<'_>) -> Map<String, Value> {
    let mut options = Map::new();
    if let Some(b) = req.benchmark {
        options.insert("benchmark".into(), b.into());
    }
    if !req.complete_directories.is_empty() {
        options.insert("completeDirectories".into(), json!(req.complete_directories));
    }
    if !req.absent_files.is_empty() {
        options.insert("absentFiles".into(), json!(req.absent_files));
    }
    if let Some(f) = req.filter {
        // The core selects the rules (and rejects a selector that names none).
        if !f.select.is_empty() {
            options.insert("select".into(), json!(f.select));
        }
        if !f.ignore.is_empty() {
            options.insert("ignore".into(), json!(f.ignore));
        }
    }
    if let Some(v) = req.kubernetes_version {
        options.insert("kubernetesVersion".into(), json!(v));
    }
    if let Some(b) = req.baseline {
        options.insert("baseline".into(), b.clone());
    }
    if req.write_baseline {
        options.insert("writeBaseline".into(), true.into());
    }
    if req.omit_passes {
        options.insert("omitPasses".into(), true.into());
    }
    options
}

/// The documents as the request carries them.
fn encoded(req: &Request<'_>) -> Vec<Encoded> {
    req.documents
        .iter()
        .map(|d| match d.size {
            // Too large to read: the core lists it with its limit error.
            Some(size) => json!({"name": d.name, "content": "", "size": size}),
            None => json!({"name": d.name, "content": &*d.content}),
        })
        .map(Encoded::new)
        .collect()
}

fn report_input_errors(errors: &[inputs::InputError]) {
    for e in errors {
        eprintln!("kubecis: {}: {}", terminal(&e.name), terminal(&e.message));
    }
}

fn report_notes(notes: &[String]) {
    for n in notes {
        eprintln!("kubecis: note: {}", terminal(n));
    }
}

/// Names given for a file already read under another name.
fn report_aliases(aliases: &[String]) {
    for a in aliases {
        eprintln!("kubecis: note: {}", terminal(a));
    }
}

fn warn_lossy(documents: &[Input]) {
    for d in documents.iter().filter(|d| d.lossy) {
        eprintln!(
            "kubecis: warning: {} is not valid UTF-8; invalid bytes were replaced with U+FFFD",
            terminal(&d.name)
        );
    }
}

/// Where SARIF artifact URIs are relative to.
struct Roots {
    /// The directory (as document names see it) that relative URIs start from.
    names_root: String,
    /// `file://` URI of that directory on this machine, for `%SRCROOT%`.
    root_uri: String,
}

fn file_uri(dir: &Path) -> String {
    let mut s = format!("file://{}", sarif::encode(&dir.to_string_lossy()));
    if !s.ends_with('/') {
        s.push('/');
    }
    s
}

/// `kubecis check`. A run that cannot check anything still writes a whole SARIF, JSON
/// or JUnit document saying why, so a CI upload step never gets an empty file.
pub fn check(cli: &Cli, args: &CheckArgs) -> Result<u8> {
    let settings = match Settings::of(args) {
        Ok(s) => s,
        Err(message) => return invocation_failed(&args.report, &[message]),
    };
    match check_with(cli, args, &settings) {
        Ok(code) => Ok(code),
        Err(e) => invocation_failed(&settings.report, &[format!("{e:#}")]),
    }
}

/// The check's settings: the command line over kubecis.toml.
struct Settings {
    report: ReportArgs,
    walk: WalkOptions,
    baseline: Option<PathBuf>,
}

impl Settings {
    fn of(args: &CheckArgs) -> std::result::Result<Settings, String> {
        let mut report = args.report.clone();
        let mut walk = walk_options(&args.walk);
        let mut baseline = args.baseline.clone();
        let start = args.paths.iter().find(|p| p.as_os_str() != "-").cloned().unwrap_or_else(|| PathBuf::from("."));
        let found = if report.isolated { None } else { crate::project::find(report.config.as_deref(), &start)? };
        if let Some(found) = found {
            let p = &found.project;
            report = report_settings(report, &found)?;
            let mut exclude = p.exclude.clone().unwrap_or_default();
            exclude.append(&mut walk.exclude);
            walk.exclude = exclude;
            if !args.walk.no_respect_gitignore {
                walk.respect_gitignore = p.respect_gitignore.unwrap_or(true);
            }
            baseline = baseline.or_else(|| found.baseline());
        }
        Ok(Settings { report, walk, baseline })
    }
}

/// The report's settings: the command line's, else kubecis.toml's.
fn report_settings(mut report: ReportArgs, found: &crate::project::Found) -> std::result::Result<ReportArgs, String> {
    let p = &found.project;
    report.benchmark = report.benchmark.or_else(|| p.benchmark.clone());
    report.kubernetes_version = report.kubernetes_version.or_else(|| p.kubernetes_version.clone());
    if report.filter.select.is_empty() {
        report.filter.select = p.select.clone().unwrap_or_default();
    }
    if report.filter.ignore.is_empty() {
        report.filter.ignore = p.ignore.clone().unwrap_or_default();
    }
    report.filter.fail_on = match report.filter.fail_on {
        Some(f) => Some(f),
        None => found.fail_on()?,
    };
    Ok(report)
}

/// `kubecis node`'s settings: the command line over the kubecis.toml found upward from
/// the working directory (or named by --config).
fn node_report_settings(args: &NodeArgs) -> std::result::Result<ReportArgs, String> {
    let report = args.report.clone();
    if report.isolated {
        return Ok(report);
    }
    match crate::project::find(report.config.as_deref(), Path::new("."))? {
        Some(found) => report_settings(report, &found),
        None => Ok(report),
    }
}

fn walk_options(args: &WalkArgs) -> WalkOptions {
    WalkOptions { exclude: args.exclude.clone(), respect_gitignore: !args.no_respect_gitignore }
}

fn check_with(cli: &Cli, args: &CheckArgs, settings: &Settings) -> Result<u8> {
    let report_args = &settings.report;
    let read = inputs::read(&args.paths, &mut std::io::stdin().lock(), &settings.walk);
    report_input_errors(&read.errors);
    warn_lossy(&read.documents);
    if !report_args.quiet {
        // Every name given is accounted for, whatever the format (on stderr).
        report_aliases(&read.aliases);
    }
    if report_args.format == Format::Text && !report_args.quiet {
        report_notes(&read.notes);
    }
    let host_errors: Vec<String> = read.errors.iter().map(|e| format!("{}: {}", e.name, e.message)).collect();
    if read.documents.is_empty() {
        let mut why = host_errors.clone();
        why.push("no document to check".into());
        return invocation_failed_after(report_args, &why, host_errors.len());
    }
    let baseline = match &settings.baseline {
        Some(path) => match crate::baseline::read(path) {
            Ok(entries) => Some(entries),
            Err(message) => return invocation_failed(report_args, &[message]),
        },
        None => None,
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let roots = Roots { names_root: cwd.to_string_lossy().into_owned(), root_uri: file_uri(&cwd) };
    let plugin = load_plugin(cli)?;
    let mut req = Request::files(&read.documents, report_args.benchmark.as_deref())
        .chosen(&report_args.filter, report_args.kubernetes_version.as_deref());
    req.baseline = baseline.as_ref();
    req.write_baseline = args.write_baseline.is_some();
    let run = Run { host_errors: &host_errors, roots: &roots, listed: false };
    let code = emit_to(cli, &plugin, report_args, &req, &run, |report| match &args.write_baseline {
        Some(path) => crate::baseline::write(path, report).map(|n| {
            eprintln!("kubecis: wrote {n} finding(s) to the baseline {}", terminal(&path.display().to_string()))
        }),
        None => Ok(()),
    })?;
    Ok(code)
}

/// Says why nothing could be checked, on standard error and, for a structured format,
/// as a whole document in the output.
fn invocation_failed(args: &ReportArgs, messages: &[String]) -> Result<u8> {
    invocation_failed_after(args, messages, 0)
}

/// [`invocation_failed`] when the first `said` messages are on standard error already.
fn invocation_failed_after(args: &ReportArgs, messages: &[String], said: usize) -> Result<u8> {
    for m in messages.iter().skip(said) {
        eprintln!("kubecis: error: {}", terminal(m));
    }
    let document = match args.format {
        Format::Json => {
            let message = messages.join("; ");
            let errors: Vec<Value> = messages.iter().map(|m| json!({"message": m})).collect();
            Some(serde_json::to_string_pretty(
                &json!({"schemaVersion": 1, "error": {"message": message}, "inputErrors": errors}),
            )?)
        }
        Format::Sarif => Some(serde_json::to_string_pretty(&sarif::failed(messages))?),
        Format::Junit => Some(crate::junit::failed(messages)),
        _ => None,
    };
    if let Some(d) = document {
        deliver(args, with_newline(d).as_bytes())?;
    }
    Ok(EXIT_ERROR)
}

/// Writes the output where `--output` says (standard output by default).
fn deliver(args: &ReportArgs, bytes: &[u8]) -> Result<()> {
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        _ => write_stdout(bytes),
    }
}

pub fn node(cli: &Cli, args: &NodeArgs) -> Result<u8> {
    let report = match node_report_settings(args) {
        Ok(r) => r,
        Err(message) => return invocation_failed(&args.report, &[message]),
    };
    let args = &NodeArgs { report, root: args.root.clone() };
    let mut scan = crate::node::scan(&args.root)?;
    let plugin = load_plugin(cli)?;
    let notes = read_what_the_core_misses(&plugin, &mut scan, &args.root)?;
    let text = args.report.format == Format::Text;
    report_input_errors(&scan.errors);
    if let Some(hint) = permission_hint(&scan.errors, rustix::process::geteuid().is_root()) {
        eprintln!("kubecis: {hint}");
    }
    warn_lossy(&scan.documents);
    if text && !args.report.quiet && !scan.documents.is_empty() {
        eprint!("{}", render::files_read(&scan, &notes, &args.root));
    }
    if scan.documents.is_empty() {
        eprintln!(
            "kubecis: error: found no kubelet or kube-apiserver process, unit, config or static Pod manifest under {}",
            args.root.display()
        );
        return Ok(EXIT_ERROR);
    }
    let root = std::fs::canonicalize(&args.root).unwrap_or_else(|_| args.root.clone());
    let roots = Roots { names_root: "/".into(), root_uri: file_uri(&root) };
    let req = Request {
        documents: &scan.documents,
        benchmark: args.report.benchmark.as_deref(),
        complete_directories: &scan.complete_directories,
        absent_files: &scan.absent_files,
        filter: Some(&args.report.filter),
        kubernetes_version: args.report.kubernetes_version.as_deref(),
        baseline: None,
        write_baseline: false,
        omit_passes: false,
    };
    let host_errors: Vec<String> = scan.errors.iter().map(|e| format!("{}: {}", e.name, e.message)).collect();
    emit(cli, &plugin, &args.report, &req, &host_errors, &roots)
}

/// What to do when a node's files could not be read for want of permission: kubelet
/// configs, kubeconfigs and static Pod manifests are often root's alone.
fn permission_hint(errors: &[inputs::InputError], is_root: bool) -> Option<String> {
    let denied = errors.iter().filter(|e| e.message.contains("Permission denied")).count();
    if denied == 0 || is_root {
        return None;
    }
    Some(format!(
        "{denied} file(s) above could not be read without root: run `sudo kubecis node`, or check a copy of \
         the files with `kubecis node --root DIR`; verdicts that depend on them are unknown"
    ))
}

/// The core names the files a verdict depends on that were not supplied, as node paths
/// (a static Pod's mounted file is named by its `hostPath`): read those that exist.
/// Returns how the core used each document (its note), by name.
fn read_what_the_core_misses(
    plugin: &Plugin,
    scan: &mut crate::node::Scan,
    root: &std::path::Path,
) -> Result<Vec<(String, String)>> {
    let req = Request {
        documents: &scan.documents,
        benchmark: None,
        complete_directories: &scan.complete_directories,
        absent_files: &scan.absent_files,
        filter: None,
        kubernetes_version: None,
        baseline: None,
        write_baseline: false,
        omit_passes: false,
    };
    let answer = ask(plugin, &req)?;
    let missing: Vec<String> = answer
        .report
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.pointer("/setting/missing").and_then(Value::as_array))
        .flatten()
        .filter_map(|m| m.as_str().map(String::from))
        .collect();
    let notes = answer
        .report
        .get("documents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| Some((d.get("name")?.as_str()?.to_string(), d.get("note")?.as_str()?.to_string())))
        .collect();
    scan.read_missing(root, &missing);
    Ok(notes)
}

/// 2 for an error (the host's or a document's), else 1 for a failing finding at or
/// above the threshold, else 0.
fn exit_status(host_errors: bool, report: &Value, threshold: outcome::FailOn) -> u8 {
    match outcome::Outcome::of_report(report) {
        Some(outcome) => exit_status_of(host_errors, &outcome, threshold),
        // Not a report the core writes.
        None => EXIT_ERROR,
    }
}

/// [`exit_status`] from the summary of a report (which need not be held whole).
fn exit_status_of(host_errors: bool, outcome: &outcome::Outcome, threshold: outcome::FailOn) -> u8 {
    if host_errors || outcome.has_errors() {
        EXIT_ERROR
    } else if outcome.fails(threshold) {
        EXIT_FAIL
    } else {
        EXIT_OK
    }
}

fn emit(
    cli: &Cli,
    plugin: &Plugin,
    args: &ReportArgs,
    req: &Request<'_>,
    host_errors: &[String],
    roots: &Roots,
) -> Result<u8> {
    // `node` lists the files it read on standard error, with where each came from.
    emit_to(cli, plugin, args, req, &Run { host_errors, roots, listed: true }, |_| Ok(()))
}

/// What the host knows of the run besides the request.
struct Run<'a> {
    /// Inputs that could not be read.
    host_errors: &'a [String],
    roots: &'a Roots,
    /// The files read were listed already.
    listed: bool,
}

/// Asks the core, prints the report in the format asked, and turns it into the exit
/// status. `also` sees the report first (to write a baseline).
fn emit_to(
    cli: &Cli,
    plugin: &Plugin,
    args: &ReportArgs,
    req: &Request<'_>,
    run: &Run<'_>,
    also: impl FnOnce(&Value) -> std::result::Result<(), String>,
) -> Result<u8> {
    let (host_errors, roots) = (run.host_errors, run.roots);
    // Passes the output does not show are not asked for: a report of 10 000 configs is
    // then about half the size.
    let shows_passes = args.statistics
        || match args.format {
            Format::Text | Format::Concise => args.show_passes,
            Format::Github | Format::Sarif => false,
            Format::Json | Format::Junit => true,
        };
    let req = &Request { omit_passes: !shows_passes, ..*req };
    // The core's JSON as it came, with the exit status read from a summary of it: the
    // report is never held as a tree of values (ten times its size).
    if args.format == Format::Json && !args.statistics && host_errors.is_empty() && !req.write_baseline {
        let response = respond(plugin, req)?;
        let outcome = outcome::Outcome::of(&response).context("kubecis returned invalid JSON")?;
        if let Some(message) = outcome.error.clone() {
            return invocation_failed_after(args, &[message], 0);
        }
        deliver(args, with_newline(response).as_bytes())?;
        return Ok(exit_status_of(false, &outcome, args.filter.threshold()));
    }
    let answer = ask(plugin, req)?;
    if let Some(message) = answer.plugin_error() {
        let mut why = host_errors.to_vec();
        why.push(message);
        return invocation_failed_after(args, &why, host_errors.len());
    }
    let mut report = answer.report;
    if let Err(message) = also(&report) {
        eprintln!("kubecis: error: {}", terminal(&message));
        return Ok(EXIT_ERROR);
    }
    // The baseline entries went to their file; the output is the report.
    let changed = report.as_object_mut().and_then(|r| r.remove("baseline")).is_some() || !host_errors.is_empty();
    let names: Vec<String> = req.documents.iter().map(|d| d.name.clone()).collect();
    let docs: Vec<render::SourceDoc<'_>> =
        req.documents.iter().map(|d| render::SourceDoc { name: &d.name, content: &d.content }).collect();
    let style = render::Style { color: color(cli), hide_passes: !args.show_passes, quiet: args.quiet || run.listed };
    let out = if args.statistics {
        render::statistics(&report, args.format == Format::Json)
    } else {
        match args.format {
            // The core's response byte for byte, unless the CLI has something to add.
            Format::Json if !changed => with_newline(answer.response),
            Format::Json => {
                if !host_errors.is_empty() {
                    let errors: Vec<Value> = host_errors.iter().map(|m| json!({"message": m})).collect();
                    report["inputErrors"] = Value::Array(errors);
                }
                with_newline(serde_json::to_string_pretty(&report)?)
            }
            Format::Text => render::report(&report, &docs, &style),
            Format::Concise => render::concise(&report, &docs, &style),
            Format::Github => render::github(&report, &docs),
            Format::Sarif => {
                let rules: Value = serde_json::from_str(&plugin.rules()?).context("kubecis returned invalid JSON")?;
                let artifacts: Vec<Artifact> = names.iter().map(|n| sarif::artifact(n, &roots.names_root)).collect();
                let log = sarif::log(&report, &rules, &artifacts, &roots.root_uri, host_errors);
                with_newline(serde_json::to_string_pretty(&log)?)
            }
            Format::Junit => crate::junit::xml(&report, &names, host_errors),
        }
    };
    deliver(args, out.as_bytes())?;
    Ok(exit_status(!host_errors.is_empty(), &report, args.filter.threshold()))
}

pub fn fix(cli: &Cli, args: &FixArgs) -> Result<u8> {
    let read = inputs::read(&args.paths, &mut std::io::stdin().lock(), &walk_options(&args.walk));
    report_input_errors(&read.errors);
    warn_lossy(&read.documents);
    report_notes(&read.notes);
    report_aliases(&read.aliases);
    if read.documents.is_empty() {
        eprintln!("kubecis: error: no document to fix");
        return Ok(EXIT_ERROR);
    }
    let plugin = load_plugin(cli)?;
    let mut documents = read.documents.clone();
    let version = args.kubernetes_version.as_deref();
    let req = Request::files(&documents, args.benchmark.as_deref()).chosen(&args.filter, version);
    let answer = ask(&plugin, &req)?;
    if let Some(message) = answer.plugin_error() {
        eprintln!("kubecis: error: kubecis could not check: {}", terminal(&message));
        return Ok(EXIT_ERROR);
    }
    let report = answer.report;
    let contents: Vec<&str> = documents.iter().map(|d| &*d.content).collect();
    let plan = crate::fix::plan(&report, &contents, args.unsafe_fixes);
    for r in &plan.refused {
        eprintln!("kubecis: {r}");
    }
    if plan.unsafe_skipped > 0 {
        eprintln!(
            "kubecis: {} unsafe fix(es) not applied (they change behaviour clients may rely on); review them, then run with --unsafe-fixes",
            plan.unsafe_skipped
        );
    }
    if plan.display_only > 0 {
        eprintln!(
            "kubecis: {} fix(es) are display-only (the edit would land in a snapshot such as a ps listing or /proc): make them in the file the setting comes from",
            plan.display_only
        );
    }
    let mut errors = read.errors.len();
    let mut fixed: Vec<(usize, String)> = Vec::new();
    for (d, edits, _) in &plan.documents {
        let doc = &documents[*d];
        if doc.lossy {
            // Its text holds U+FFFD where the invalid bytes were: writing it (or printing
            // it as the fixed standard input) would destroy them.
            eprintln!(
                "kubecis: error: {} is not valid UTF-8: its fix(es) are not applied, since the rewrite would replace the invalid bytes with U+FFFD; fix the encoding first",
                terminal(&doc.name)
            );
            errors += 1;
            continue;
        }
        let new = crate::fix::apply(&doc.content, edits);
        if *new != *doc.content {
            fixed.push((*d, new));
        }
    }

    let json_out = args.format == crate::RulesFormat::Json;
    let planned: Vec<Value> = plan
        .documents
        .iter()
        .map(|(d, edits, rules)| {
            let edits: Vec<Value> =
                edits.iter().map(|e| json!({"start": e.start, "end": e.end, "text": e.text})).collect();
            json!({"document": d, "name": documents[*d].name, "rules": rules, "edits": edits})
        })
        .collect();
    let plan_json = json!({
        "fixes": planned,
        "refused": plan.refused,
        "unsafeNotApplied": plan.unsafe_skipped,
        "displayOnly": plan.display_only,
    });
    if !args.write && json_out {
        write_stdout(with_newline(serde_json::to_string_pretty(&plan_json)?).as_bytes())?;
        return Ok(exit_status(errors > 0, &report, args.filter.threshold()));
    }
    if !args.write {
        let mut out = String::new();
        for (d, new) in &fixed {
            let doc = &documents[*d];
            let masks = crate::shown::Shown::masks_of(&report, *d, &doc.content);
            let edits = plan.documents.iter().find(|(i, ..)| i == d).map_or(&[][..], |(_, e, _)| e.as_slice());
            out.push_str(&crate::fix::shown_diff(&doc.name, &doc.content, new, &masks, edits));
        }
        write_stdout(out.as_bytes())?;
        let n: usize = plan.documents.iter().map(|(_, _, rules)| rules.len()).sum();
        if n == 0 {
            eprintln!("kubecis: nothing to fix");
        } else {
            eprintln!("kubecis: {n} fix(es) in {} document(s); run `kubecis fix --write` to apply them", fixed.len());
        }
        return Ok(exit_status(errors > 0, &report, args.filter.threshold()));
    }

    let stdin_fixed = fixed.iter().any(|(d, _)| documents[*d].name == STDIN_NAME);
    let mut written: Vec<String> = Vec::new();
    for (d, new) in fixed {
        let rules = plan.documents.iter().find(|(i, _, _)| *i == d).map(|p| p.2.join(", ")).unwrap_or_default();
        if documents[d].name == STDIN_NAME {
            write_stdout(new.as_bytes())?;
            documents[d].content = new.into();
            continue;
        }
        if write_fixed(&mut documents[d], new, &rules) {
            written.push(documents[d].name.clone());
        } else {
            errors += 1;
        }
    }
    // Standard input with nothing to fix is passed through unchanged, byte for byte.
    if let Some(d) = documents.iter().find(|d| d.name == STDIN_NAME) {
        if !stdin_fixed {
            write_stdout(d.raw.as_deref().unwrap_or(d.content.as_bytes()))?;
        }
    }

    // What still fails once the fixes are in, as the files now are on disk.
    for doc in documents.iter_mut().filter(|d| d.source.is_some() && d.size.is_none()) {
        match inputs::reread(doc) {
            Ok(again) => *doc = again,
            Err(e) => {
                eprintln!("kubecis: error: cannot read {} again: {}", terminal(&doc.name), terminal(&e.to_string()));
                errors += 1;
            }
        }
    }
    let req = Request::files(&documents, args.benchmark.as_deref()).chosen(&args.filter, version);
    let answer = ask(&plugin, &req)?;
    let after = answer.report;
    let docs: Vec<render::SourceDoc<'_>> =
        documents.iter().map(|d| render::SourceDoc { name: &d.name, content: &d.content }).collect();
    // With standard input among the documents, stdout is its text: the report goes to stderr.
    let stdin_given = documents.iter().any(|d| d.name == STDIN_NAME);
    let style = render::Style { color: color(cli) && !stdin_given, hide_passes: true, quiet: true };
    let text = if json_out {
        let mut done = plan_json;
        done["written"] = json!(written);
        done["report"] = after.clone();
        with_newline(serde_json::to_string_pretty(&done)?)
    } else {
        render::report(&after, &docs, &style)
    };
    if stdin_given {
        eprint!("{text}");
    } else {
        write_stdout(text.as_bytes())?;
    }
    Ok(exit_status(errors > 0, &after, args.filter.threshold()))
}

/// Writes one fixed file (every name of it at once) and says so; false on failure, the
/// file then unchanged.
fn write_fixed(doc: &mut Input, new: String, rules: &str) -> bool {
    use crate::fix::write::{replace_checked, WriteError, Written};
    let also = if doc.aliases.is_empty() {
        String::new()
    } else {
        format!(" (also named {})", terminal(&doc.aliases.join(", ")))
    };
    let Some(source) = &doc.source else {
        eprintln!("kubecis: error: cannot write {}: not a regular file; nothing was written", terminal(&doc.name));
        return false;
    };
    match replace_checked(source, doc.content.as_bytes(), new.as_bytes()) {
        Ok(how) => {
            let how = match how {
                Written::Atomically => String::new(),
                Written::InPlace(links) => {
                    format!(" (in place, not atomically: it has {links} hard links, which a rename would split)")
                }
            };
            eprintln!("kubecis: fixed {}{also}{how}: {rules}", terminal(&doc.name));
            doc.content = new.into();
            true
        }
        Err(WriteError::Changed(why)) => {
            eprintln!(
                "kubecis: error: {} changed since it was checked ({why}): not written; run `kubecis fix` again",
                terminal(&doc.name)
            );
            false
        }
        Err(WriteError::Io(e)) => {
            eprintln!(
                "kubecis: error: cannot write {}: {}; the file is unchanged",
                terminal(&doc.name),
                terminal(&inputs::io_message(&e))
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_without_root_says_how_to_read_what_it_could_not() {
        let denied =
            |name: &str| inputs::InputError { name: name.into(), message: "cannot read: Permission denied".into() };
        let errors = [denied("/var/lib/kubelet/config.yaml"), denied("/etc/kubernetes/manifests/kube-apiserver.yaml")];
        let hint = permission_hint(&errors, false).unwrap();
        assert!(hint.starts_with("2 file(s) above could not be read without root"), "{hint}");
        assert!(hint.contains("sudo kubecis node") && hint.contains("--root DIR"), "{hint}");
        assert_eq!(permission_hint(&errors, true), None);
        assert_eq!(permission_hint(&[], false), None);
    }
}
