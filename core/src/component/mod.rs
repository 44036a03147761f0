//! The components kubecis knows, how a command line names each, and each one's
//! settings registry: every flag with how it is parsed, and for the settings rules
//! read, its type, config-file path and defaults. Recognise, resolve and the rules
//! all read this; it depends on nothing but the source utilities.

mod registry;

pub mod admission;
pub mod etcd;
pub mod gates;
pub mod kube_apiserver;
pub mod kube_controller_manager;
pub mod kube_proxy;
pub mod kube_scheduler;
pub mod kubelet;
pub mod secrets;
pub mod tls;

pub use registry::{flag, Default, FlagSyntax, Kind, Setting};

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    #[serde(rename = "kubelet")]
    Kubelet,
    #[serde(rename = "kube-apiserver")]
    KubeApiserver,
    #[serde(rename = "kube-controller-manager")]
    KubeControllerManager,
    #[serde(rename = "kube-scheduler")]
    KubeScheduler,
    #[serde(rename = "etcd")]
    Etcd,
    #[serde(rename = "kube-proxy")]
    KubeProxy,
}

impl Component {
    pub const ALL: [Component; 6] = [
        Component::Kubelet,
        Component::KubeApiserver,
        Component::KubeControllerManager,
        Component::KubeScheduler,
        Component::Etcd,
        Component::KubeProxy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Component::Kubelet => "kubelet",
            Component::KubeApiserver => "kube-apiserver",
            Component::KubeControllerManager => "kube-controller-manager",
            Component::KubeScheduler => "kube-scheduler",
            Component::Etcd => "etcd",
            Component::KubeProxy => "kube-proxy",
        }
    }

    /// The component's settings, sorted by flag name.
    pub fn registry(self) -> &'static [Setting] {
        match self {
            Component::Kubelet => kubelet::SETTINGS,
            Component::KubeApiserver => kube_apiserver::SETTINGS,
            Component::KubeControllerManager => kube_controller_manager::SETTINGS,
            Component::KubeScheduler => kube_scheduler::SETTINGS,
            Component::Etcd => etcd::SETTINGS,
            Component::KubeProxy => kube_proxy::SETTINGS,
        }
    }

    /// How the component's binary parses its command line: every Kubernetes component
    /// uses spf13/pflag; etcd uses Go's standard `flag` package.
    pub fn flag_syntax(self) -> FlagSyntax {
        match self {
            Component::Etcd => FlagSyntax::GoFlag,
            _ => FlagSyntax::Pflag,
        }
    }

    /// One setting by flag name (normalised: no dashes in front, `-` between words).
    pub fn setting(self, flag: &str) -> Option<&'static Setting> {
        let table = self.registry();
        table.binary_search_by(|s| s.flag.cmp(flag)).ok().map(|i| &table[i])
    }
}

/// Which component a program word starts, and how many words the program name takes
/// (`hyperkube kubelet` takes two). A program kubecis does not know (cloud-controller-manager,
/// etcdctl) is no component, never taken for another.
pub fn component_of_program(words: &[&str]) -> Option<(Component, usize)> {
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let own = |name: &str| match name {
        "kubelet" => Some(Component::Kubelet),
        "kube-apiserver" => Some(Component::KubeApiserver),
        "kube-controller-manager" => Some(Component::KubeControllerManager),
        "kube-scheduler" => Some(Component::KubeScheduler),
        "etcd" => Some(Component::Etcd),
        "kube-proxy" => Some(Component::KubeProxy),
        _ => None,
    };
    let first = base(words.first()?);
    if first == "hyperkube" {
        // hyperkube also accepts the short names (cmd/hyperkube/main.go).
        let sub = match words.get(1).map(|w| base(w)).as_deref() {
            Some("apiserver") => Some(Component::KubeApiserver),
            Some("controller-manager") => Some(Component::KubeControllerManager),
            Some("scheduler") => Some(Component::KubeScheduler),
            Some("proxy") => Some(Component::KubeProxy),
            Some(name) => own(name).filter(|c| *c != Component::Etcd),
            None => None,
        };
        return sub.map(|c| (c, 2));
    }
    own(&first).map(|c| (c, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registries_are_sorted_and_unique_for_binary_search() {
        for c in Component::ALL {
            let table = c.registry();
            for w in table.windows(2) {
                assert!(w[0].flag < w[1].flag, "{}: {} before {}", c.name(), w[0].flag, w[1].flag);
            }
        }
    }

    #[test]
    fn programs() {
        assert_eq!(component_of_program(&["/usr/bin/kubelet"]), Some((Component::Kubelet, 1)));
        assert_eq!(
            component_of_program(&["hyperkube", "controller-manager"]),
            Some((Component::KubeControllerManager, 2))
        );
        assert_eq!(component_of_program(&["etcd"]), Some((Component::Etcd, 1)));
        assert_eq!(component_of_program(&["cloud-controller-manager"]), None);
        assert_eq!(component_of_program(&["etcdctl"]), None);
        assert_eq!(component_of_program(&["hyperkube", "etcd"]), None);
    }
}
