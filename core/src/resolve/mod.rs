//! Resolve: the effective configuration of each component instance.
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    #[serde(rename = "kubelet")]
    Kubelet,
    #[serde(rename = "kube-apiserver")]
    KubeApiserver,
}

pub struct Instance {
    pub component: Component,
}
