//! `check`, `node` and `fix`: gather documents, run the plugin once, filter, print,
//! and turn the report into the exit status.

use crate::shown::terminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use crate::batches::{self, Encoded};
use crate::inputs::{self, Input, STDIN_NAME};
use crate::outcome;
use crate::plugin::Plugin;
use crate::sarif::{self, Artifact};
use crate::{
    color, load_plugin, render, with_newline, write_stdout, CheckArgs, Cli, FilterArgs, FixArgs, Format, NodeArgs,
    ReportArgs, EXIT_ERROR, EXIT_FAIL, EXIT_OK,
};

/// What the core is asked: the documents and the request options.
struct Request<'a> {
    documents: &'a [Input],
    benchmark: Option<&'a str>,
    complete_directories: &'a [String],
    absent_files: &'a [String],
    filter: Option<&'a FilterArgs>,
    kubernetes_version: Option<&'a str>,
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
    let documents: Vec<Encoded> = req
        .documents
        .iter()
        .map(|d| match d.size {
            // Too large to read: the core lists it with its limit error.
            Some(size) => json!({"name": d.name, "content": "", "size": size}),
            None => json!({"name": d.name, "content": &*d.content}),
        })
        .map(Encoded::new)
        .collect();
    let response = batches::check(plugin, &documents, &options)?;
    let report = serde_json::from_str(&response).context("the plugin returned invalid JSON")?;
    Ok(Answer { response, report })
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

pub fn check(cli: &Cli, args: &CheckArgs) -> Result<u8> {
    let read = inputs::read(&args.paths, &mut std::io::stdin().lock());
    report_input_errors(&read.errors);
    warn_lossy(&read.documents);
    if !args.report.quiet {
        // Every name given is accounted for, whatever the format (on stderr).
        report_aliases(&read.aliases);
    }
    if args.report.format == Format::Text && !args.report.quiet {
        report_notes(&read.notes);
    }
    if read.documents.is_empty() {
        eprintln!("kubecis: error: no document to check");
        return Ok(EXIT_ERROR);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let roots = Roots { names_root: cwd.to_string_lossy().into_owned(), root_uri: file_uri(&cwd) };
    let plugin = load_plugin(cli)?;
    let req = Request::files(&read.documents, args.report.benchmark.as_deref())
        .chosen(&args.report.filter, args.report.kubernetes_version.as_deref());
    emit(cli, &plugin, &args.report, &req, read.errors.len(), &roots)
}

pub fn node(cli: &Cli, args: &NodeArgs) -> Result<u8> {
    let mut scan = crate::node::scan(&args.root)?;
    let plugin = load_plugin(cli)?;
    drop_running_apiserver_manifests(&plugin, &mut scan)?;
    read_what_the_core_misses(&plugin, &mut scan, &args.root)?;
    let text = args.report.format == Format::Text;
    report_input_errors(&scan.errors);
    warn_lossy(&scan.documents);
    if text && !args.report.quiet && !scan.documents.is_empty() {
        eprint!("{}", render::files_read(&scan, &args.root));
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
    };
    emit(cli, &plugin, &args.report, &req, scan.errors.len(), &roots)
}

/// The core names the files a verdict depends on that were not supplied, as node paths
/// (a static Pod's mounted file is named by its `hostPath`): read those that exist.
fn read_what_the_core_misses(plugin: &Plugin, scan: &mut crate::node::Scan, root: &std::path::Path) -> Result<()> {
    let req = Request {
        documents: &scan.documents,
        benchmark: None,
        complete_directories: &scan.complete_directories,
        absent_files: &scan.absent_files,
        filter: None,
        kubernetes_version: None,
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
    scan.read_missing(root, &missing);
    Ok(())
}

/// A static Pod manifest of a kube-apiserver that is running describes the same
/// server as its command line: only the command line (what runs) is checked. The core
/// says which manifests are kube-apiserver's.
fn drop_running_apiserver_manifests(plugin: &Plugin, scan: &mut crate::node::Scan) -> Result<()> {
    use crate::node::Role;
    if !scan.running("kube-apiserver") {
        return Ok(());
    }
    let manifests: Vec<usize> = (0..scan.documents.len()).filter(|&i| scan.roles[i] == Role::Manifest).collect();
    if manifests.is_empty() {
        return Ok(());
    }
    let docs: Vec<Input> = manifests.iter().map(|&i| scan.documents[i].clone()).collect();
    let answer = ask(plugin, &Request::files(&docs, None))?;
    let empty = Vec::new();
    let described = answer.report.get("documents").and_then(Value::as_array).unwrap_or(&empty);
    let is_apiserver = |d: &Value| {
        let c = |v: &Value| v.get("component").and_then(Value::as_str) == Some("kube-apiserver");
        c(d) || d.get("parts").and_then(Value::as_array).is_some_and(|ps| ps.iter().any(c))
    };
    let drop: Vec<usize> = described
        .iter()
        .filter(|d| is_apiserver(d))
        .filter_map(|d| d.get("index").and_then(Value::as_u64).and_then(|i| manifests.get(i as usize).copied()))
        .collect();
    scan.remove(&drop, "the running kube-apiserver's command line is checked instead");
    Ok(())
}

fn emit(
    cli: &Cli,
    plugin: &Plugin,
    args: &ReportArgs,
    req: &Request<'_>,
    input_errors: usize,
    roots: &Roots,
) -> Result<u8> {
    let answer = ask(plugin, req)?;
    if let Some(message) = answer.plugin_error() {
        eprintln!("kubecis: error: the plugin rejected the request: {message}");
        if args.format == Format::Json {
            write_stdout(with_newline(answer.response).as_bytes())?;
        }
        return Ok(EXIT_ERROR);
    }
    let report = answer.report;
    let names: Vec<String> = req.documents.iter().map(|d| d.name.clone()).collect();
    match args.format {
        // The plugin's response byte for byte.
        Format::Json => write_stdout(with_newline(answer.response).as_bytes())?,
        Format::Text => {
            let docs: Vec<render::SourceDoc<'_>> =
                req.documents.iter().map(|d| render::SourceDoc { name: &d.name, content: &d.content }).collect();
            let style = render::Style { color: color(cli), hide_passes: args.quiet };
            write_stdout(render::report(&report, &docs, &style).as_bytes())?;
        }
        Format::Sarif => {
            let rules: Value = serde_json::from_str(&plugin.rules()?).context("the plugin returned invalid JSON")?;
            let artifacts: Vec<Artifact> = names.iter().map(|n| sarif::artifact(n, &roots.names_root)).collect();
            let log = sarif::log(&report, &rules, &artifacts, &roots.root_uri);
            write_stdout(with_newline(serde_json::to_string_pretty(&log)?).as_bytes())?;
        }
        Format::Junit => write_stdout(crate::junit::xml(&report, &names).as_bytes())?,
    }
    Ok(if input_errors > 0 || outcome::has_errors(&report) {
        EXIT_ERROR
    } else if outcome::fails(&report, args.filter.fail_on) {
        EXIT_FAIL
    } else {
        EXIT_OK
    })
}

pub fn fix(cli: &Cli, args: &FixArgs) -> Result<u8> {
    let read = inputs::read(&args.paths, &mut std::io::stdin().lock());
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
        eprintln!("kubecis: error: the plugin rejected the request: {message}");
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
        return Ok(if errors > 0 || outcome::has_errors(&report) {
            EXIT_ERROR
        } else if outcome::fails(&report, args.filter.fail_on) {
            EXIT_FAIL
        } else {
            EXIT_OK
        });
    }

    let stdin_fixed = fixed.iter().any(|(d, _)| documents[*d].name == STDIN_NAME);
    for (d, new) in fixed {
        let rules = plan.documents.iter().find(|(i, _, _)| *i == d).map(|p| p.2.join(", ")).unwrap_or_default();
        if documents[d].name == STDIN_NAME {
            write_stdout(new.as_bytes())?;
            documents[d].content = new.into();
            continue;
        }
        if !write_fixed(&mut documents[d], new, &rules) {
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
    let style = render::Style { color: color(cli) && !stdin_given, hide_passes: true };
    let text = render::report(&after, &docs, &style);
    if stdin_given {
        eprint!("{text}");
    } else {
        write_stdout(text.as_bytes())?;
    }
    Ok(if errors > 0 || outcome::has_errors(&after) {
        EXIT_ERROR
    } else if outcome::fails(&after, args.filter.fail_on) {
        EXIT_FAIL
    } else {
        EXIT_OK
    })
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
