//! YAML and JSON documents: KubeletConfiguration (file, ConfigMap, `/configz`),
//! static Pods, kubeadm configuration, and which apiserver config each document is.

use super::command_line::{component_of_program, scalar_word, CommandLine, Form, Insertion, PodInfo};
use super::embedded::parse_embedded;
use super::pod_env::Env;
use super::sh_script::{shell_script, Insert};
use super::{Body, Part, Recognised};
use crate::limits;
use crate::source::shell::Word;
use crate::source::yaml::{Duplicate, Node, YamlDocument};
use crate::source::{LineIndex, Span};
use saphyr_parser::ScalarStyle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigForm {
    /// A `--config` file or drop-in.
    File,
    /// The kubeadm `kubelet-config` ConfigMap's `data.kubelet`.
    ConfigMap,
    /// A running kubelet's `/configz`: already effective, flags included.
    Configz,
}

#[derive(Debug, Clone)]
pub struct KubeletConfig {
    /// The KubeletConfiguration mapping (for `/configz`, the `kubeletconfig` object).
    pub root: Node,
    pub form: ConfigForm,
    /// The first key written twice in the document, which strict decoding rejects.
    pub repeated: Option<Duplicate>,
}

pub fn recognise(text: &str, docs: Vec<YamlDocument>) -> Recognised {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    let total = docs.len();
    for doc in docs.into_iter().take(limits::MAX_STREAM_PARTS) {
        let Some(root) = doc.root else { continue };
        if root.is_null() {
            continue;
        }
        let span = doc.span;
        match classify(text, root, &mut errors) {
            Ok(bodies) => {
                duplicate_errors(text, &doc.duplicates, &bodies, &mut errors);
                let bodies = with_repeated(bodies, &doc.duplicates);
                parts.extend(bodies.into_iter().map(|body| Part { span, body }))
            }
            Err(e) => errors.push(e),
        }
    }
    if total > limits::MAX_STREAM_PARTS {
        errors.push((
            format!("more than {} documents in one stream; the rest are ignored", limits::MAX_STREAM_PARTS),
            Span::new(0, 0),
        ));
    }
    if parts.is_empty() && errors.is_empty() {
        parts.push(Part { span: Span::new(0, text.len()), body: Body::Unknown("an empty YAML stream".into()) });
    }
    Recognised { parts, errors }
}

type Located = (String, Span);

/// Keeps the document's first repeated key on its kubelet configs: a `--config-dir`
/// drop-in gets no lenient retry, so assembly needs it after recognition.
fn with_repeated(mut bodies: Vec<Body>, duplicates: &[Duplicate]) -> Vec<Body> {
    for b in &mut bodies {
        if let Body::KubeletConfig(c) = b {
            c.repeated = duplicates.first().cloned();
        }
    }
    bodies
}

/// Repeated keys: Kubernetes' strict decoding rejects them. For a KubeletConfiguration
/// the kubelet then falls back to lenient decoding (v1beta1), which keeps the last
/// value: that is the value checked here too.
fn duplicate_errors(text: &str, duplicates: &[Duplicate], bodies: &[Body], errors: &mut Vec<Located>) {
    if duplicates.is_empty() || bodies.iter().all(|b| matches!(b, Body::Unknown(_))) {
        return;
    }
    let kubelet = bodies.iter().any(|b| matches!(b, Body::KubeletConfig(_)));
    let idx = LineIndex::new(text);
    let at = |s: Span| {
        let p = idx.position(s.start);
        format!("line {}, column {}", p.line, p.column)
    };
    for d in duplicates {
        let consequence = if kubelet {
            "the kubelet's strict decoding rejects duplicate fields; for its --config file it falls back to \
             lenient decoding, which keeps the last value (checked here), but a --config-dir drop-in stops it"
        } else {
            "Kubernetes' strict decoding rejects duplicate fields; lenient decoding keeps the last value (checked here)"
        };
        errors.push((
            format!("duplicate key {:?} at {} and {}: {consequence}", d.key, at(d.first), at(d.again)),
            d.again,
        ));
    }
}

/// The note of a YAML document without apiVersion and kind: a kubelet drop-in like that
/// stops the kubelet, so assembly looks for it.
pub const NO_API_VERSION_OR_KIND: &str = "a YAML document without apiVersion and kind";

fn classify(text: &str, root: Node, errors: &mut Vec<Located>) -> Result<Vec<Body>, Located> {
    if let Some(items) = root.items() {
        // A JSON/YAML argv: ["kubelet", "--flag", ...].
        let words: Option<Vec<Word>> = items.iter().map(|n| scalar_word(text, n)).collect();
        let names: Vec<String> = words.iter().flatten().map(|w| w.value.clone()).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        if let (Some(mut words), Some((component, skip))) = (words, component_of_program(&refs)) {
            let args = words.split_off(skip);
            let insert = seq_insertion(text, &root);
            let program = program_span(&words);
            return Ok(vec![Body::CommandLine(CommandLine {
                component,
                form: Form::Text,
                program,
                args,
                insert,
                generated: vec![],
                conditional: vec![],
                implied_config: None,
                pod: None,
                snapshot: false,
                version: None,
            })]);
        }
        return Ok(vec![Body::Unknown("a list that is not a component's command line".into())]);
    }
    if let Some(cfg) = root.get("kubeletconfig").filter(|c| c.entries().is_some()) {
        return Ok(vec![Body::KubeletConfig(KubeletConfig {
            root: cfg.clone(),
            form: ConfigForm::Configz,
            repeated: None,
        })]);
    }
    let api_version = root.get("apiVersion").and_then(Node::as_str).unwrap_or("");
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    let group = api_version.split('/').next().unwrap_or("");
    if kind == "List" {
        // `kubectl get ... -o yaml`: classify every item.
        let items = root.get("items").and_then(Node::items).unwrap_or(&[]).to_vec();
        let mut out = Vec::new();
        for item in items {
            out.extend(classify(text, item, errors)?);
        }
        if out.is_empty() {
            out.push(Body::Unknown("an empty List".into()));
        }
        return Ok(out);
    }
    match (group, kind) {
        ("kubelet.config.k8s.io", "KubeletConfiguration") => {
            Ok(vec![Body::KubeletConfig(KubeletConfig { root, form: ConfigForm::File, repeated: None })])
        }
        ("kubescheduler.config.k8s.io", "KubeSchedulerConfiguration") => {
            Ok(vec![Body::SchedulerConfig(KubeletConfig { root, form: ConfigForm::File, repeated: None })])
        }
        ("kubeadm.k8s.io", "ClusterConfiguration") => super::kubeadm::cluster_configuration(text, &root),
        ("kubeadm.k8s.io", "InitConfiguration" | "JoinConfiguration") => {
            Ok(vec![super::kubeadm::kubeadm_node(text, &root, kind)?])
        }
        ("apiserver.config.k8s.io" | "apiserver.k8s.io", "AuthorizationConfiguration") => {
            Ok(vec![super::authorization_config::authorization_config(&root)?])
        }
        ("apiserver.config.k8s.io" | "apiserver.k8s.io", "AuthenticationConfiguration") => {
            Ok(vec![super::apiserver_configs::authentication(&root)?])
        }
        ("apiserver.config.k8s.io" | "apiserver.k8s.io", "AdmissionConfiguration") => {
            let inline = |n: &Node| {
                let mut ignored = Vec::new();
                classify(text, n.clone(), &mut ignored)
                    .ok()?
                    .into_iter()
                    .next()
                    .filter(|b| !matches!(b, Body::Unknown(_)))
            };
            Ok(vec![super::apiserver_configs::admission(&root, inline)?])
        }
        ("eventratelimit.admission.k8s.io", "Configuration") => {
            Ok(vec![super::apiserver_configs::event_rate_limit(&root)?])
        }
        // `kind: EncryptionConfig, apiVersion: v1` is accepted too ("due to a docs bug").
        ("apiserver.config.k8s.io", "EncryptionConfiguration") | ("v1", "EncryptionConfig") => {
            Ok(vec![super::encryption_config::encryption(&root)?])
        }
        ("v1" | "", "ConfigMap") => config_map(text, &root, errors),
        ("v1" | "", "Pod") => Ok(static_pod(text, &root)),
        ("", "") => Ok(vec![Body::Unknown(NO_API_VERSION_OR_KIND.into())]),
        _ => Ok(vec![Body::Unknown(format!("{api_version} {kind} is not a document kubecis checks"))]),
    }
}

/// A container's mounts of `hostPath` volumes: (mountPath, hostPath.path + subPath).
fn host_mounts(pod: &Node, container: &Node) -> Vec<(String, String)> {
    let volumes = pod.path(&["spec", "volumes"]).and_then(Node::items).unwrap_or(&[]);
    let host_of = |name: &str| {
        volumes
            .iter()
            .find(|v| v.get("name").and_then(Node::as_str) == Some(name))
            .and_then(|v| v.path(&["hostPath", "path"]))
            .and_then(Node::as_str)
    };
    let mounts = container.get("volumeMounts").and_then(Node::items).unwrap_or(&[]);
    mounts
        .iter()
        .filter_map(|m| {
            let mount = m.get("mountPath").and_then(Node::as_str)?;
            let host = host_of(m.get("name").and_then(Node::as_str)?)?;
            let sub = m.get("subPath").and_then(Node::as_str).filter(|s| !s.is_empty());
            let host = match sub {
                Some(sub) => format!("{}/{}", host.trim_end_matches('/'), sub),
                None => host.to_string(),
            };
            Some((mount.to_string(), host))
        })
        .collect()
}

/// After the last word of a shell script's command, when that word is written as itself
/// in the source (no escapes moved its bytes), so that ` --flag=value` lands in the script.
fn script_insertion(text: &str, last: &Word) -> Option<Insertion> {
    let raw = text.get(last.span.start..last.span.end)?;
    (raw == last.value && !last.value.is_empty()).then(|| Insertion {
        offset: last.span.end,
        prefix: " ".into(),
        suffix: String::new(),
        quoted: false,
    })
}

fn program_span(words: &[Word]) -> Option<Span> {
    Some(Span::new(words.first()?.span.start, words.last()?.span.end))
}

/// Where a new item goes at the end of a sequence, written like its last item.
fn seq_insertion(text: &str, seq: &Node) -> Option<Insertion> {
    let last = seq.items()?.last()?;
    let quoted = last.scalar().is_some_and(|s| s.style == ScalarStyle::DoubleQuoted);
    if seq.is_flow() {
        return Some(Insertion { offset: last.span.end, prefix: ", ".into(), suffix: String::new(), quoted });
    }
    let idx = LineIndex::new(text);
    let line = idx.line_span(last.span.start);
    let lead = &text[line.start..last.span.start];
    if !lead.trim_start().starts_with('-') || !lead.trim().chars().all(|c| c == '-') {
        return None;
    }
    Some(Insertion { offset: last.span.end, prefix: format!("\n{lead}"), suffix: String::new(), quoted })
}

/// The Kubernetes version of a container's image tag: `registry.k8s.io/kube-apiserver:v1.31.2`
/// (a digest after the tag is ignored). Only a tag that reads as `v1.N` counts.
fn image_version(container: &Node) -> Option<String> {
    let image = container.get("image").and_then(Node::as_str)?;
    let name = image.split('@').next()?;
    let tag = name.rsplit_once(':').map(|(_, t)| t).filter(|t| !t.contains('/'))?;
    (tag.starts_with("v1.") && tag[3..].starts_with(|c: char| c.is_ascii_digit())).then(|| tag.to_string())
}

fn static_pod(text: &str, root: &Node) -> Vec<Body> {
    let containers = root.path(&["spec", "containers"]).and_then(Node::items).unwrap_or(&[]);
    let meta = |key: &str| root.path(&["metadata", key]).and_then(Node::as_str).unwrap_or("");
    let namespace = match meta("namespace") {
        "" => "default",
        ns => ns,
    };
    let pod = format!("{namespace}/{}", meta("name"));
    let mut out = Vec::new();
    for c in containers {
        let command = c.get("command").and_then(Node::items).unwrap_or(&[]);
        let args = c.get("args").and_then(Node::items).unwrap_or(&[]);
        // The kubelet expands `$(VAR)` in every word before the process (or its shell) sees it.
        let mut env = Env::of(root, c);
        let mut words: Vec<Word> =
            command.iter().chain(args).filter_map(|n| scalar_word(text, n)).map(|w| env.expand(&w)).collect();
        // New flags go after the last word of the container's argv: `args` when it has items.
        let argv_end = || {
            let list = if !args.is_empty() { c.get("args") } else { c.get("command") };
            list.and_then(|l| seq_insertion(text, l))
        };
        let insert = match shell_script(&words) {
            Some(script) => {
                words = script.words;
                match script.insert {
                    // `sh -c '... exec kube-apiserver "$@"' NAME ARGS...`: one more argument is forwarded.
                    Insert::Parameters => argv_end(),
                    // A new list item would be a positional argument the script does not forward:
                    // the flag goes into the script, after the command's words.
                    Insert::Script(last) => script_insertion(text, &last),
                    Insert::Nowhere => None,
                }
            }
            None => argv_end(),
        };
        let names: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
        let Some((component, skip)) = component_of_program(&names) else {
            continue;
        };
        let program = program_span(&words[..skip]);
        let args = words[skip..].to_vec();
        out.push(Body::CommandLine(CommandLine {
            component,
            form: Form::StaticPod,
            program,
            args,
            insert,
            generated: vec![],
            conditional: vec![],
            implied_config: None,
            pod: Some(PodInfo { key: pod.clone(), mounts: host_mounts(root, c) }),
            snapshot: false,
            version: image_version(c),
        }));
    }
    if out.is_empty() {
        out.push(Body::Unknown("a Pod whose containers run no kubelet or kube-apiserver".into()));
    }
    out
}

fn config_map(text: &str, root: &Node, errors: &mut Vec<Located>) -> Result<Vec<Body>, Located> {
    let Some(payload) = root.path(&["data", "kubelet"]) else {
        return Ok(vec![Body::Unknown("a ConfigMap without data.kubelet".into())]);
    };
    if payload.scalar().is_none() {
        return Err((
            format!("data.kubelet must be a string holding YAML, not a {}", payload.type_name()),
            payload.span,
        ));
    }
    let docs =
        parse_embedded(text, payload).map_err(|e| (format!("data.kubelet: invalid YAML: {}", e.message), e.span))?;
    let mut out = Vec::new();
    for doc in docs {
        let Some(inner) = doc.root.filter(|r| !r.is_null()) else {
            continue;
        };
        let bodies = classify(text, inner, errors)?;
        duplicate_errors(text, &doc.duplicates, &bodies, errors);
        let bodies = with_repeated(bodies, &doc.duplicates);
        match bodies {
            bodies if bodies.iter().all(|b| matches!(b, Body::KubeletConfig(_))) => {
                out.extend(bodies.into_iter().map(|b| match b {
                    Body::KubeletConfig(c) => Body::KubeletConfig(KubeletConfig { form: ConfigForm::ConfigMap, ..c }),
                    other => other,
                }))
            }
            _ => out.push(Body::Unknown("data.kubelet does not hold a KubeletConfiguration".into())),
        }
    }
    if out.is_empty() {
        out.push(Body::Unknown("data.kubelet is empty".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::Component;
    use crate::source::yaml::parse_stream;

    fn bodies(text: &str) -> Vec<Body> {
        let r = recognise(text, parse_stream(text).unwrap());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        r.parts.into_iter().map(|p| p.body).collect()
    }

    #[test]
    fn static_pod_with_command_and_args() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --advertise-address=10.0.0.1\n    - --authorization-mode=Node,RBAC\n    image: x\n";
        let b = bodies(text);
        let Body::CommandLine(c) = &b[0] else { panic!("{b:?}") };
        assert_eq!(c.component, Component::KubeApiserver);
        assert_eq!(c.args.len(), 2);
        let ins = c.insert.as_ref().unwrap();
        assert_eq!(ins.text("--x"), "\n    - --x");
        assert_eq!(&text[c.args[1].span.start..c.args[1].span.end], "--authorization-mode=Node,RBAC");
    }

    #[test]
    fn a_flag_for_a_shell_script_goes_into_the_script() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - /bin/sh\n    - -c\n    - \"exec kube-apiserver --etcd-servers=https://127.0.0.1:2379 && echo done\"\n";
        let b = bodies(text);
        let Body::CommandLine(c) = &b[0] else { panic!("{b:?}") };
        let ins = c.insert.as_ref().unwrap();
        let fixed = format!("{}{}{}", &text[..ins.offset], ins.text("--profiling=false"), &text[ins.offset..]);
        assert!(
            fixed.contains(
                "\"exec kube-apiserver --etcd-servers=https://127.0.0.1:2379 --profiling=false && echo done\""
            ),
            "{fixed}"
        );
    }

    fn command_of(text: &str) -> CommandLine {
        match bodies(text).remove(0) {
            Body::CommandLine(c) => c,
            other => panic!("{other:?}"),
        }
    }

    fn with_insertion(text: &str, c: &CommandLine, flag: &str) -> String {
        let ins = c.insert.as_ref().unwrap();
        format!("{}{}{}", &text[..ins.offset], ins.text(flag), &text[ins.offset..])
    }

    #[test]
    fn static_pod_words_are_expanded_from_env_in_place() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --authorization-mode=$(MODES)\n    - --token-auth-file=$(FILE)\n    env:\n    - name: MODES\n      value: Node,RBAC\n    - name: FILE\n      valueFrom: {secretKeyRef: {name: s, key: k}}\n";
        let c = command_of(text);
        assert_eq!(c.args[0].value, "--authorization-mode=Node,RBAC");
        assert_eq!(&text[c.args[0].span.start..c.args[0].span.end], "--authorization-mode=$(MODES)");
        assert!(c.args[0].expanded_in(21, 30));
        assert_eq!(c.args[1].value, "--token-auth-file=$(FILE)");
        assert!(c.args[1].unknown_in(18, 25).unwrap().contains("secretKeyRef: Secret s, key k"));
    }

    #[test]
    fn a_script_that_forwards_its_arguments_takes_new_flags_in_args() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command: [/bin/sh, -c, 'ulimit -n 65536 && exec kube-apiserver \"$@\"', kube-apiserver]\n    args:\n    - --authorization-mode=Node,RBAC\n    - --profiling=false\n";
        let c = command_of(text);
        assert_eq!(c.component, Component::KubeApiserver);
        assert_eq!(
            c.args.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(),
            ["--authorization-mode=Node,RBAC", "--profiling=false"]
        );
        assert_eq!(&text[c.args[1].span.start..c.args[1].span.end], "--profiling=false");
        assert!(with_insertion(text, &c, "--x=1").ends_with("    - --profiling=false\n    - --x=1\n"));
    }

    #[test]
    fn a_block_scalar_script_maps_to_its_lines() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - /bin/sh\n    - -c\n    - |\n      set -e\n      exec kube-apiserver \\\n        --profiling=true\n";
        let c = command_of(text);
        assert_eq!(c.args[0].value, "--profiling=true");
        assert_eq!(&text[c.args[0].span.start..c.args[0].span.end], "--profiling=true");
        assert!(with_insertion(text, &c, "--x=1").contains("--profiling=true --x=1\n"));
    }

    #[test]
    fn kubeadm_v1beta4_extra_args_map_to_source() {
        let text = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n  - name: authorization-mode\n    value: AlwaysAllow\n";
        let b = bodies(text);
        let Body::CommandLine(c) = &b[0] else { panic!() };
        assert_eq!(c.args[0].value, "--authorization-mode=AlwaysAllow");
        let v = c.args[0].source_span(21, 32);
        assert_eq!(&text[v.start..v.end], "AlwaysAllow");
        assert!(c.args[0].is_verbatim(21, 32));
    }

    #[test]
    fn kubeadm_v1beta3_extra_args_map() {
        let text = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: \"true\"\n";
        let b = bodies(text);
        let Body::KubeadmNode(n) = &b[0] else { panic!() };
        assert_eq!(n.command.args[0].value, "--anonymous-auth=true");
    }

    #[test]
    fn configz_and_configmap() {
        assert!(
            matches!(&bodies("{\"kubeletconfig\": {\"authentication\": {}}}")[0], Body::KubeletConfig(c) if c.form == ConfigForm::Configz)
        );
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubelet-config\n  namespace: kube-system\ndata:\n  kubelet: |\n    apiVersion: kubelet.config.k8s.io/v1beta1\n    kind: KubeletConfiguration\n";
        assert!(matches!(&bodies(cm)[0], Body::KubeletConfig(c) if c.form == ConfigForm::ConfigMap));
    }
}
