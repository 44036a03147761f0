//! kubeadm configuration: `ClusterConfiguration` yields the command line kubeadm writes
//! into each control-plane static Pod (its generated flags, which `extraArgs` replace),
//! `InitConfiguration` / `JoinConfiguration` the kubelet's extra flags and implied
//! `--config` (docs/research/kubeadm-generated.md; cmd/kubeadm/app/phases/controlplane/
//! manifests.go and phases/etcd/local.go).

use super::command_line::scalar_word;
use super::command_line::{CommandLine, Form, ImpliedConfig};
use super::Body;
use crate::component::Component;
use crate::source::shell::Word;
use crate::source::yaml::Node;
use crate::source::Span;

type Located = (String, Span);

#[derive(Debug, Clone)]
pub struct KubeadmNode {
    /// `InitConfiguration` or `JoinConfiguration`.
    pub kind: String,
    pub command: CommandLine,
}

/// `v1.21.14` → 21.
fn minor_of(version: &str) -> Option<u32> {
    let rest = version.trim().trim_start_matches('v').strip_prefix("1.")?;
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

pub fn cluster_configuration(text: &str, root: &Node) -> Result<Vec<Body>, Located> {
    let field = |path: &[&str]| root.path(path).and_then(Node::as_str).filter(|s| !s.is_empty());
    let certs = field(&["certificatesDir"]).unwrap_or("/etc/kubernetes/pki").trim_end_matches('/').to_string();
    let c = |name: &str| format!("{certs}/{name}");
    let service_subnet = field(&["networking", "serviceSubnet"]).unwrap_or("10.96.0.0/12");
    let dns_domain = field(&["networking", "dnsDomain"]).unwrap_or("cluster.local");
    let pod_subnet = field(&["networking", "podSubnet"]);
    let cluster_name = field(&["clusterName"]).unwrap_or("kubernetes");
    let external = root.path(&["etcd", "external"]).filter(|n| !n.is_null());
    let version = field(&["kubernetesVersion"]).map(String::from);

    let pairs = |list: &[(&str, String)]| list.iter().map(|(n, v)| (n.to_string(), v.clone())).collect::<Vec<_>>();
    let apiserver_extra = extra_args(text, root.path(&["apiServer", "extraArgs"]), "apiServer.extraArgs")?;
    let etcd_extra = extra_args(text, root.path(&["etcd", "local", "extraArgs"]), "etcd.local.extraArgs")?;
    let mut apiserver = pairs(&[
        ("allow-privileged", "true".into()),
        ("client-ca-file", c("ca.crt")),
        ("enable-admission-plugins", "NodeRestriction".into()),
        ("enable-bootstrap-token-auth", "true".into()),
        ("kubelet-client-certificate", c("apiserver-kubelet-client.crt")),
        ("kubelet-client-key", c("apiserver-kubelet-client.key")),
        ("kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname".into()),
        ("proxy-client-cert-file", c("front-proxy-client.crt")),
        ("proxy-client-key-file", c("front-proxy-client.key")),
        ("requestheader-allowed-names", "front-proxy-client".into()),
        ("requestheader-client-ca-file", c("front-proxy-ca.crt")),
        ("requestheader-extra-headers-prefix", "X-Remote-Extra-".into()),
        ("requestheader-group-headers", "X-Remote-Group".into()),
        ("requestheader-username-headers", "X-Remote-User".into()),
        ("secure-port", "6443".into()),
        ("service-account-issuer", format!("https://kubernetes.default.svc.{dns_domain}")),
        ("service-account-key-file", c("sa.pub")),
        ("service-account-signing-key-file", c("sa.key")),
        ("service-cluster-ip-range", service_subnet.into()),
        ("tls-cert-file", c("apiserver.crt")),
        ("tls-private-key-file", c("apiserver.key")),
    ]);
    // Structured authorization replaces the modes kubeadm would write.
    if !apiserver_extra.iter().any(|w| w.value.starts_with("--authorization-config=")) {
        apiserver.push(("authorization-mode".into(), "Node,RBAC".into()));
    }
    match external {
        Some(ext) => {
            let get = |k: &str| ext.get(k).and_then(Node::as_str).filter(|s| !s.is_empty());
            let endpoints: Vec<&str> =
                ext.get("endpoints").and_then(Node::items).unwrap_or(&[]).iter().filter_map(Node::as_str).collect();
            apiserver.push(("etcd-servers".into(), endpoints.join(",")));
            if let Some(ca) = get("caFile") {
                apiserver.push(("etcd-cafile".into(), ca.into()));
            }
            if let (Some(cert), Some(key)) = (get("certFile"), get("keyFile")) {
                apiserver.push(("etcd-certfile".into(), cert.into()));
                apiserver.push(("etcd-keyfile".into(), key.into()));
            }
        }
        None => {
            // An etcd extraArg advertise-client-urls becomes the apiserver's --etcd-servers.
            let advertised = etcd_extra.iter().rev().find_map(|w| w.value.strip_prefix("--advertise-client-urls="));
            apiserver.push(("etcd-servers".into(), advertised.unwrap_or("https://127.0.0.1:2379").into()));
            apiserver.push(("etcd-cafile".into(), c("etcd/ca.crt")));
            apiserver.push(("etcd-certfile".into(), c("apiserver-etcd-client.crt")));
            apiserver.push(("etcd-keyfile".into(), c("apiserver-etcd-client.key")));
        }
    }

    let kcm_conf = "/etc/kubernetes/controller-manager.conf".to_string();
    let mut controller_manager = pairs(&[
        ("authentication-kubeconfig", kcm_conf.clone()),
        ("authorization-kubeconfig", kcm_conf.clone()),
        ("bind-address", "127.0.0.1".into()),
        ("client-ca-file", c("ca.crt")),
        ("cluster-name", cluster_name.into()),
        ("cluster-signing-cert-file", c("ca.crt")),
        ("cluster-signing-key-file", c("ca.key")),
        ("controllers", "*,bootstrapsigner,tokencleaner".into()),
        ("kubeconfig", kcm_conf),
        ("leader-elect", "true".into()),
        ("requestheader-client-ca-file", c("front-proxy-ca.crt")),
        ("root-ca-file", c("ca.crt")),
        ("service-account-private-key-file", c("sa.key")),
        ("use-service-account-credentials", "true".into()),
    ]);
    if let Some(pods) = pod_subnet {
        controller_manager.push(("allocate-node-cidrs".into(), "true".into()));
        controller_manager.push(("cluster-cidr".into(), pods.into()));
        controller_manager.push(("service-cluster-ip-range".into(), service_subnet.into()));
    }
    let scheduler_conf = "/etc/kubernetes/scheduler.conf".to_string();
    let scheduler: Vec<(String, String)> = pairs(&[
        ("authentication-kubeconfig", scheduler_conf.clone()),
        ("authorization-kubeconfig", scheduler_conf.clone()),
        ("bind-address", "127.0.0.1".into()),
        ("kubeconfig", scheduler_conf),
        ("leader-elect", "true".into()),
    ]);

    // Old kubeadm wrote the insecure ports off (until v1.21 for the kube-apiserver, v1.22
    // for the controller manager and scheduler: kubernetes #102121, #104157, #105034).
    let minor = version.as_deref().and_then(minor_of);
    if minor.is_some_and(|m| m <= 21) {
        apiserver.push(("insecure-port".into(), "0".into()));
    }
    if minor.is_some_and(|m| m <= 22) {
        controller_manager.push(("port".into(), "0".into()));
    }
    let mut scheduler = scheduler;
    if minor.is_some_and(|m| m <= 22) {
        scheduler.push(("port".into(), "0".into()));
    }
    // A finding about a generated flag points at the component's section (or the kind).
    let anchor = |section: &[&str]| {
        root.path(section)
            .or_else(|| root.get("kind"))
            .map(|n| root.get_entry(section[0]).map_or(n.span, |(k, _)| Span::new(k.span.start, k.span.end)))
    };
    let command = |component, args: Vec<Word>, generated: Vec<(String, String)>| {
        let section: &[&str] = match component {
            Component::KubeApiserver => &["apiServer"],
            Component::KubeControllerManager => &["controllerManager"],
            Component::KubeScheduler => &["scheduler"],
            _ => &["etcd"],
        };
        Body::CommandLine(CommandLine {
            component,
            form: Form::KubeadmCluster,
            program: anchor(section),
            args,
            insert: None,
            generated,
            conditional: vec![],
            implied_config: None,
            pod: None,
            snapshot: false,
            version: version.clone(),
        })
    };
    let mut out = vec![
        command(Component::KubeApiserver, apiserver_extra, apiserver),
        command(
            Component::KubeControllerManager,
            extra_args(text, root.path(&["controllerManager", "extraArgs"]), "controllerManager.extraArgs")?,
            controller_manager,
        ),
        command(
            Component::KubeScheduler,
            extra_args(text, root.path(&["scheduler", "extraArgs"]), "scheduler.extraArgs")?,
            scheduler,
        ),
    ];
    if external.is_none() {
        let data_dir = field(&["etcd", "local", "dataDir"]).unwrap_or("/var/lib/etcd");
        let etcd = pairs(&[
            ("cert-file", c("etcd/server.crt")),
            ("client-cert-auth", "true".into()),
            ("data-dir", data_dir.into()),
            ("key-file", c("etcd/server.key")),
            ("listen-metrics-urls", "http://127.0.0.1:2381".into()),
            ("peer-cert-file", c("etcd/peer.crt")),
            ("peer-client-cert-auth", "true".into()),
            ("peer-key-file", c("etcd/peer.key")),
            ("peer-trusted-ca-file", c("etcd/ca.crt")),
            ("snapshot-count", "10000".into()),
            ("trusted-ca-file", c("etcd/ca.crt")),
        ]);
        out.push(command(Component::Etcd, etcd_extra, etcd));
    }
    Ok(out)
}

fn extra_args(text: &str, node: Option<&Node>, field: &str) -> Result<Vec<Word>, Located> {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return Ok(vec![]);
    };
    let mut out = Vec::new();
    let mut add = |name: &Node, value: &Node| -> Result<(), Located> {
        let (Some(n), Some(v)) = (scalar_word(text, name), scalar_word(text, value)) else {
            return Err((format!("{field}: each name and value must be a string"), value.span));
        };
        let dashes = Word::opaque("--", Span::empty(name.span.start));
        let eq = Word::opaque("=", Span::empty(value.span.start));
        out.push(Word::concat(&[dashes, n, eq, v]));
        Ok(())
    };
    if let Some(entries) = node.entries() {
        // kubeadm v1beta3: a map of flag name to value.
        for (k, v) in entries {
            add(k, v)?;
        }
    } else if let Some(items) = node.items() {
        // kubeadm v1beta4: a list of {name, value}; order kept, repeats allowed.
        for item in items {
            match (item.get("name"), item.get("value")) {
                (Some(n), Some(v)) => add(n, v)?,
                _ => return Err((format!("{field}: each item needs name and value"), item.span)),
            }
        }
    } else {
        return Err((
            format!("{field} must be a map (v1beta3) or a list of name/value (v1beta4), not a {}", node.type_name()),
            node.span,
        ));
    }
    // kubeadm's ArgumentsToCommand sorts by name, then value (cmd/kubeadm/app/util/arguments.go):
    // of repeated kubelet flags, the alphabetically last value is the one that wins.
    out.sort_by(|a, b| {
        let split = |w: &Word| w.value.split_once('=').map(|(n, v)| (n.to_string(), v.to_string())).unwrap_or_default();
        split(a).cmp(&split(b))
    });
    Ok(out)
}

pub fn kubeadm_node(text: &str, root: &Node, kind: &str) -> Result<Body, Located> {
    let args =
        extra_args(text, root.path(&["nodeRegistration", "kubeletExtraArgs"]), "nodeRegistration.kubeletExtraArgs")?;
    // kubeadm writes --hostname-override=<nodeRegistration.name> into kubeadm-flags.env when
    // the name differs from the host's name (cmd/kubeadm/app/phases/kubelet/flags.go).
    let conditional = root
        .path(&["nodeRegistration", "name"])
        .and_then(Node::as_str)
        .filter(|n| !n.is_empty())
        .map(|name| {
            let why = format!("kubeadm adds it when the node's hostname is not nodeRegistration.name ({name})");
            ("hostname-override".to_string(), name.to_string(), why)
        })
        .into_iter()
        .collect();
    let command = CommandLine {
        component: Component::Kubelet,
        form: Form::KubeadmNode,
        program: None,
        args,
        insert: None,
        generated: vec![],
        conditional,
        version: None,
        implied_config: Some(if kind == "JoinConfiguration" {
            ImpliedConfig::KubeadmJoin
        } else {
            ImpliedConfig::KubeadmInit
        }),
        pod: None,
        snapshot: false,
    };
    Ok(Body::KubeadmNode(KubeadmNode { kind: kind.to_string(), command }))
}
