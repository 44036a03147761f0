//! The pipeline: recognise every document, assemble and resolve component
//! instances, evaluate the rules, and build the report.

use crate::evaluate::Ctx;
use crate::recognise::{recognise_counted, Body, Recognised};
use crate::report::{
    DocumentInfo, Finding, InputError, KubernetesVersion, Origin, OverriddenValue, PartInfo, Report, Setting, Status,
    Summary, Tool,
};
use crate::request::{Document, Options};
use crate::resolve::{assemble, assemble_input, node_groups, Assembly, Input, Instance};
use crate::rules::{targets, Rule, Target};
use crate::select::Selection;
use crate::source::LineIndex;
use crate::{benchmark, limits};

/// Checks one request's documents. Errs only when the options are unusable.
pub fn check(documents: &[Document], options: &Options) -> Result<Report, String> {
    let benchmark = match options.benchmark.as_deref() {
        None => benchmark::DEFAULT_BENCHMARK.to_string(),
        Some(name) => match benchmark::canonical(name) {
            Some(b) => b.to_string(),
            None => {
                return Err(format!("unknown benchmark {name:?}; known: {}", benchmark::BENCHMARKS.join(", ")));
            }
        },
    };
    let selection = Selection::new(&options.select, &options.ignore, &benchmark)?;
    if let Some(v) = &options.kubernetes_version {
        if crate::resolve::KubeVersion::parse_minor(v).is_none() {
            return Err(format!("kubernetesVersion {v:?} is not a Kubernetes version such as 1.31 or v1.31.2"));
        }
    }
    // Past the document count or the total size, documents are listed with an error, not read.
    let mut total = 0usize;
    let mut kept_nodes = 0usize;
    let mut read = vec![true; documents.len()];
    // Documents this request carries (a placeholder for one checked elsewhere is not one:
    // a host that splits its work lists every document in every request).
    let mut carried = 0usize;
    let recognised: Vec<Recognised> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            read[i] = false;
            if d.unchecked.is_none() && !d.elsewhere {
                carried += 1;
            }
            if let Some(why) = &d.unchecked {
                Recognised::refused(format!("not checked: {why}"))
            } else if d.elsewhere {
                Recognised::elsewhere()
            } else if carried > limits::MAX_DOCUMENTS {
                Recognised::refused(format!("not read: a request holds at most {} documents", limits::MAX_DOCUMENTS))
            } else if d.content.len() > limits::MAX_DOCUMENT_BYTES
                || d.size.is_some_and(|size| size > limits::MAX_DOCUMENT_BYTES as u64)
            {
                Recognised::refused(format!(
                    "document is {} bytes; the limit is {} bytes, so it is not read",
                    d.size.unwrap_or(d.content.len() as u64).max(d.content.len() as u64),
                    limits::MAX_DOCUMENT_BYTES
                ))
            } else if total + d.content.len() > limits::MAX_TOTAL_BYTES {
                Recognised::refused(format!(
                    "not read: with the documents read before it, the request would hold more than {} bytes",
                    limits::MAX_TOTAL_BYTES
                ))
            } else {
                let (r, nodes) = recognise_counted(&d.name, &d.content);
                if kept_nodes + nodes > limits::MAX_KEPT_YAML_NODES {
                    return Recognised::refused(format!(
                        "not read: with the documents read before it, the request would keep more than {} YAML \
                         nodes; check it in a request of its own",
                        limits::MAX_KEPT_YAML_NODES
                    ));
                }
                read[i] = true;
                total += d.content.len();
                kept_nodes += nodes;
                r
            }
        })
        .collect();
    // A document that is not read is located at its start only: no need to index its lines.
    let indexes: Vec<LineIndex> =
        documents.iter().zip(&read).map(|(d, read)| LineIndex::new(if *read { &d.content } else { "" })).collect();
    let texts: Vec<&str> = documents.iter().map(|d| d.content.as_str()).collect();
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();

    let mut errors = Vec::new();
    for (i, r) in recognised.iter().enumerate() {
        // Config fields of the wrong type: the kubelet rejects the whole file.
        let typed = r.parts.iter().filter_map(|p| match &p.body {
            Body::KubeletConfig(c) => Some(crate::resolve::config_errors(c)),
            _ => None,
        });
        for (message, span) in typed.flatten().chain(r.errors.iter().cloned()) {
            errors.push(InputError { document: i, message, location: Some(indexes[i].location(i, span)) });
        }
    }

    let inputs: Vec<_> = documents
        .iter()
        .zip(&recognised)
        .enumerate()
        .map(|(i, (d, r))| assemble_input(i, &d.name, r, &d.content))
        .collect();
    // Each node's file tree is assembled on its own: two nodes' units never mask each other.
    let groups = node_groups(&names);
    let mut node_of: Vec<Option<String>> = vec![None; documents.len()];
    let mut assembly = Assembly::default();
    for (root, members) in &groups {
        let group: Vec<Input> = members.iter().map(|&i| inputs[i].clone()).collect();
        assembly.extend(assemble(&group, options));
        for &i in members {
            node_of[i] = root.clone();
        }
    }
    // A blank file that a unit reads as its EnvironmentFile= is fine: it sets nothing.
    errors.retain(|e| !assembly.blank_env_files.contains(&e.document));
    for (doc, message, span) in &assembly.problems {
        errors.push(InputError {
            document: *doc,
            message: message.clone(),
            location: Some(indexes[*doc].location(*doc, *span)),
        });
    }

    let errors = at_most_per_document(errors);

    let snapshots: Vec<bool> = recognised.iter().map(Recognised::is_snapshot).collect();
    let ctx = Ctx { texts: &texts, snapshots: &snapshots, benchmark: &benchmark };
    // The selected rules and their controls, looked up once (each lookup reads a table):
    // per instance, they made 10 000 configs take seconds.
    let kept: Vec<_> = targets()
        .filter(|(_, t)| selection.keeps(t.slug))
        .map(|(r, t)| (r, t, benchmark::control_of(&benchmark, t.slug)))
        .collect();
    let mut findings = Vec::new();
    for inst in &assembly.instances {
        for (rule, target, control) in
            kept.iter().filter(|(r, t, _)| t.component == inst.component && r.applies_to(inst))
        {
            findings.push(finding(rule, target, *control, inst, &ctx, &indexes));
        }
    }

    // Notes by document, in order (a scan per document would be quadratic in documents).
    let mut notes_of: Vec<Vec<&str>> = vec![Vec::new(); documents.len()];
    for (doc, note) in &assembly.notes {
        if let Some(list) = notes_of.get_mut(*doc) {
            list.push(note.as_str());
        }
    }
    let documents = documents
        .iter()
        .zip(&recognised)
        .enumerate()
        .map(|(i, (d, r))| {
            let notes = std::mem::take(&mut notes_of[i]);
            DocumentInfo { node: node_of[i].take(), ..document_info(i, &d.name, r, &indexes[i], notes) }
        })
        .collect();

    let suppressions: Vec<_> = texts
        .iter()
        .enumerate()
        .filter(|(i, _)| read[*i])
        .flat_map(|(i, text)| crate::suppress::collect(i, text))
        .collect();
    let known = |rule: &str| {
        crate::rules::targets().any(|(_, t)| t.slug == rule) || benchmark::controls(&benchmark).any(|c| c.id == rule)
    };
    let warnings = crate::suppress::apply(&suppressions, &mut findings, known, &indexes);
    let baseline_fixed = crate::baseline::apply(&options.baseline, &mut findings, &names);
    let baseline = options.write_baseline.then(|| crate::baseline::entries(&findings, &names));

    let mut summary = Summary { errors: errors.len(), warnings: warnings.len(), baseline_fixed, ..Summary::default() };
    for f in &findings {
        if f.suppressed.is_some() {
            summary.suppressed += 1;
            continue;
        }
        if f.baselined {
            summary.baselined += 1;
            continue;
        }
        match f.status {
            Status::Pass => summary.pass += 1,
            Status::Fail => summary.fail += 1,
            Status::Unknown => summary.unknown += 1,
        }
    }
    // The instances some finding is about (a set: one scan of the findings per instance
    // was quadratic, ten seconds for 10 000 configs).
    let reported: std::collections::HashSet<(&[usize], &str)> =
        findings.iter().map(|f| (f.documents.as_slice(), f.component)).collect();
    let kubernetes_versions = assembly
        .instances
        .iter()
        .filter(|inst| reported.contains(&(inst.documents.as_slice(), inst.component.name())))
        .map(|inst| KubernetesVersion {
            component: inst.component.name(),
            documents: inst.documents.clone(),
            version: format!("1.{}", inst.version.minor),
            source: inst.version.source.clone(),
            assumed: inst.version.assumed,
        })
        .collect();
    if options.omit_passes {
        findings.retain(|f| f.status != Status::Pass || f.suppressed.is_some() || f.baselined);
    }
    let mut report = Report {
        kubernetes_versions,
        schema_version: crate::report::SCHEMA_VERSION,
        tool: Tool::this(),
        benchmark,
        documents,
        findings,
        errors,
        warnings,
        summary,
        redactions: Vec::new(),
        baseline,
    };
    crate::redact::apply(&mut report, &texts, &read, &assembly.instances);
    Ok(report)
}

/// Keeps the first [`limits::MAX_ERRORS_PER_DOCUMENT`] errors of each document and
/// counts the rest in one more: 100 000 repeated keys must not make a 40 MB report.
fn at_most_per_document(errors: Vec<InputError>) -> Vec<InputError> {
    let mut per_document: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut kept = Vec::new();
    for e in errors {
        let n = per_document.entry(e.document).or_default();
        *n += 1;
        if *n <= limits::MAX_ERRORS_PER_DOCUMENT {
            kept.push(e);
        }
    }
    let mut over: Vec<(usize, usize)> =
        per_document.into_iter().filter(|(_, n)| *n > limits::MAX_ERRORS_PER_DOCUMENT).collect();
    over.sort();
    for (document, n) in over {
        let location = kept.iter().find(|e| e.document == document).and_then(|e| e.location);
        kept.push(InputError {
            document,
            message: format!(
                "{} more errors in this document are not listed (at most {} are)",
                n - limits::MAX_ERRORS_PER_DOCUMENT,
                limits::MAX_ERRORS_PER_DOCUMENT
            ),
            location,
        });
    }
    kept
}

/// Where a finding about a config file that leaves a setting out points: its `kind:`
/// line, or its first key.
fn config_anchor(inst: &Instance) -> Option<(usize, crate::source::Span)> {
    use crate::resolve::ConfigSource;
    let (ConfigSource::File(c) | ConfigSource::Assumed(c) | ConfigSource::Configz(c)) = &inst.config else {
        return None;
    };
    let entries = c.config.root.entries()?;
    let (k, v) = entries.iter().find(|(k, _)| k.as_str() == Some("kind")).or(entries.first())?;
    Some((c.doc, crate::source::Span::new(k.span.start, v.span.end.max(k.span.end))))
}

fn finding(
    rule: &Rule,
    target: &Target,
    control: Option<benchmark::Control>,
    inst: &Instance,
    ctx: &Ctx,
    indexes: &[LineIndex],
) -> Finding {
    let e = rule.evaluate(inst, ctx);
    let r = &e.resolved;
    let location = |doc: usize, span| indexes[doc].location(doc, span);
    Finding {
        rule: target.slug,
        cis: control.map(|c| c.id.to_string()),
        status: e.status,
        severity: rule.severity,
        automated: control.is_some_and(|c| c.automated),
        title: control.map_or(rule.title, |c| c.title).to_string(),
        component: inst.component.name(),
        message: e.message,
        setting: Setting {
            name: e.setting,
            flag: Some(e.flag),
            // A default that sets nothing is reported as not set, not as "".
            value: r.value.as_ref().map(|v| v.render()).filter(|v| !v.is_empty() || r.origin != Origin::Default),
            origin: r.origin,
            overridden: r
                .overridden
                .iter()
                .map(|s| OverriddenValue {
                    value: s.value.clone(),
                    origin: s.origin,
                    location: location(s.at.doc(), s.at.span()),
                })
                .collect(),
            missing: r.missing.clone(),
        },
        documents: inst.documents.clone(),
        // A default points at the command that runs without the setting, or at the config
        // file that leaves it out.
        location: e
            .at
            .or_else(|| inst.argv.as_ref().and_then(|a| a.program))
            .or_else(|| config_anchor(inst))
            .map(|(doc, span)| location(doc, span)),
        remediation: rule.remediation_for(target, inst, e.resolved.origin),
        fix: e.fix,
        aliases: target.aliases.iter().copied().collect(),
        suppressed: None,
        baselined: false,
    }
}

fn document_info(index: usize, name: &str, r: &Recognised, idx: &LineIndex, notes: Vec<&str>) -> DocumentInfo {
    let mut components: Vec<_> = r.parts.iter().filter_map(|p| p.body.component()).collect();
    components.sort();
    components.dedup();
    let kind = match r.parts.as_slice() {
        [] if !r.errors.is_empty() => "Invalid".to_string(),
        [] => "Unknown".to_string(),
        [one] => one.body.kind(),
        // One document read as several components (a kubeadm ClusterConfiguration).
        [first, rest @ ..] if rest.iter().all(|p| p.span == first.span && p.body.kind() == first.body.kind()) => {
            first.body.kind()
        }
        _ => "Stream".to_string(),
    };
    let mut note: Vec<String> = notes.into_iter().map(String::from).collect();
    if let [one] = r.parts.as_slice() {
        match &one.body {
            Body::Unknown(why) => note.insert(0, why.clone()),
            Body::Template(at) => note.insert(
                0,
                format!(
                    "a Helm/Go or Jinja template (an action at line {}): what it sets is known only once \
                     rendered, so it is not checked; check the rendered output (`helm template`)",
                    idx.position(at.start).line
                ),
            ),
            _ => {}
        }
    }
    let parts = if r.parts.len() > 1 {
        r.parts
            .iter()
            .map(|p| PartInfo {
                kind: p.body.kind(),
                component: p.body.component().map(|c| c.name().to_string()),
                location: idx.location(index, p.span),
            })
            .collect()
    } else {
        vec![]
    };
    DocumentInfo {
        index,
        name: name.to_string(),
        kind,
        component: match components.as_slice() {
            [one] => Some(one.name().to_string()),
            _ => None,
        },
        parts,
        note: (!note.is_empty()).then(|| note.join("; ")),
        node: None,
    }
}
