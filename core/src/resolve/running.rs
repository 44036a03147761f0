//! A running component and the file that starts it are two views of one process: the
//! `/proc/<pid>/cmdline` (or `ps` line) says what runs, the systemd unit, env file or
//! static Pod manifest is what an edit can change. When the file starts exactly the
//! command line that runs, the component is checked once, from the file, so that every
//! finding points where it can be fixed; when it does not (edited since the start, or
//! not what started it), what runs is checked and its fixes stay display-only.

use super::{Argv, Component};
use crate::recognise::PodInfo;

/// One command line of a component, before it becomes an instance.
pub struct View {
    pub component: Component,
    pub docs: Vec<usize>,
    pub argv: Argv,
    pub pod: Option<PodInfo>,
}

/// Joins each snapshot view with the file view that starts the same words, and drops
/// the other file views of a running component (with a note on their documents).
pub fn join_running(
    views: Vec<View>,
    snapshot: &[bool],
    texts: &[&str],
    names: &[&str],
    notes: &mut Vec<(usize, String)>,
) -> Vec<View> {
    let running: Vec<bool> = views.iter().map(|v| is_snapshot(v, snapshot)).collect();
    let starter: Vec<bool> = views.iter().zip(&running).map(|(v, r)| !r && starts_a_process(&v.argv)).collect();
    let (views_ref, starter_ref) = (&views, &starter);
    let files_of = |s: usize| {
        (0..views_ref.len()).filter(move |&f| starter_ref[f] && views_ref[f].component == views_ref[s].component)
    };
    let same = |s: usize, f: usize| {
        same_program(&views[s].argv, &views[f].argv, texts) && same_words(&views[s].argv, &views[f].argv)
    };
    // Of several files that start the same words (a unit and its copy), the first read.
    let matches: Vec<Option<usize>> = (0..views.len())
        .map(|s| running[s].then(|| files_of(s).filter(|&f| same(s, f)).min_by_key(|&f| started_from(&views[f]))))
        .map(Option::flatten)
        .collect();
    let mut keep = vec![true; views.len()];
    let mut joined: Vec<Vec<usize>> = vec![Vec::new(); views.len()];
    for s in (0..views.len()).filter(|&i| running[i]) {
        let component = views[s].component.name();
        if let Some(f) = matches[s] {
            keep[s] = false;
            joined[f].extend(views[s].docs.iter().copied());
            let message = format!(
                "the running {component}: {} starts exactly this command line, so it is checked there, where a fix \
                 changes the node",
                names[started_from(&views[f])]
            );
            notes.extend(views[s].docs.iter().map(|&d| (d, message.clone())));
        }
        // Every other file of a running component starts nothing that runs.
        for f in files_of(s).filter(|f| !matches.contains(&Some(*f))) {
            keep[f] = false;
            let running_at = names[views[s].docs[0]];
            let message = match matches[s] {
                Some(m) => format!(
                    "not checked: the running {component} ({running_at}) was started by {}, where it is checked; \
                     this file does not start it",
                    names[started_from(&views[m])]
                ),
                None => {
                    let why = if comparable(&views[f].argv) {
                        "starts other words than the running one (changed since it started, or not what started it)"
                    } else {
                        "reads words the documents do not show, so whether it starts what runs is unknown"
                    };
                    format!(
                        "not checked: the running {component}'s command line ({running_at}) is checked instead; this \
                         file {why}, so fixes are display-only until the {component} runs what its file says"
                    )
                }
            };
            for &d in &views[f].docs {
                if !notes.iter().any(|(n, m)| *n == d && *m == message) {
                    notes.push((d, message.clone()));
                }
            }
        }
    }
    views
        .into_iter()
        .zip(keep)
        .zip(joined)
        .filter(|((_, keep), _)| *keep)
        .map(|((mut v, _), extra)| {
            v.docs.extend(extra);
            v
        })
        .collect()
}

/// The document that names the program: the unit with `ExecStart=`, the manifest.
fn started_from(v: &View) -> usize {
    v.argv.program.map_or(v.docs[0], |(doc, _)| doc)
}

/// Every word from a document that is a snapshot of a running process (the program's
/// too: a kubelet running without flags is still running).
fn is_snapshot(v: &View, snapshot: &[bool]) -> bool {
    let from_snapshot = |doc: usize| snapshot.get(doc).copied().unwrap_or(false);
    let program = v.argv.program.map(|(doc, _)| from_snapshot(doc));
    program.unwrap_or(!v.argv.args.is_empty()) && v.argv.args.iter().all(|a| from_snapshot(a.doc))
}

/// A systemd unit, a static Pod or a script: what the process is started from. (A
/// kubeadm configuration is a generator's input and an env file alone a fragment: they
/// stay checked on their own.)
fn starts_a_process(argv: &Argv) -> bool {
    use crate::recognise::Form;
    argv.fragment.is_none() && matches!(argv.form, None | Some(Form::StaticPod | Form::Text))
}

/// The same program, as written (systemd starts the `ExecStart=` path with that path as
/// argv[0]; a static Pod's command is the container's argv[0]): `/opt/kubelet-1.27/kubelet`
/// or `hyperkube kubelet` is not what a unit of `/usr/bin/kubelet` started.
fn same_program(running: &Argv, file: &Argv, texts: &[&str]) -> bool {
    let program = |argv: &Argv| {
        let (doc, span) = argv.program?;
        let raw = texts.get(doc)?.get(span.start..span.end)?;
        // A unit's `ExecStart=-/usr/bin/kubelet` prefixes, quotes, NUL separators.
        let words: Vec<&str> = raw
            .split(|c: char| c.is_whitespace() || c == '\0')
            .map(|w| w.trim_start_matches(['-', '@', ':', '+', '!']).trim_matches(['"', '\'']))
            .filter(|w| !w.is_empty())
            .collect();
        Some(words.join(" "))
    };
    match (program(running), program(file)) {
        (Some(a), Some(b)) => a == b,
        // A program the documents do not show cannot be told apart.
        _ => true,
    }
}

/// Whether every word of the command line is known.
fn comparable(argv: &Argv) -> bool {
    argv.gaps.is_empty()
        && argv.fragment.is_none()
        && argv.args.iter().all(|a| a.word.expansions.iter().all(|e| e.unknown.is_none()))
}

/// The same flags and values in the same order (the program's path may differ: a unit
/// names `/usr/bin/kubelet`, the process was started as that path or through a link).
fn same_words(running: &Argv, file: &Argv) -> bool {
    comparable(file)
        && running.args.len() == file.args.len()
        && running.args.iter().zip(&file.args).all(|(a, b)| a.word.value == b.word.value)
}
