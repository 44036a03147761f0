//! The kube-apiserver's admission plugins: which exist in which Kubernetes version and
//! which are on by default (pkg/kubeapiserver/options/plugins.go `DefaultOffAdmissionPlugins`;
//! docs/research/apiserver-settings.md §4.2). An unknown plugin name stops the server.

/// A plugin: its name, the minor version that added it and the one that removed it, and
/// the minor version from which it is on by default.
pub struct Plugin {
    pub name: &'static str,
    pub added: u32,
    pub removed: Option<u32>,
    pub default_on_since: Option<u32>,
    /// From this minor version on the plugin needs this feature gate on.
    pub gate: Option<(u32, &'static str)>,
}

const fn p(name: &'static str, added: u32, removed: Option<u32>, default_on_since: Option<u32>) -> Plugin {
    Plugin { name, added, removed, default_on_since, gate: None }
}

/// The oldest version kubecis knows (cis-1.5 is for Kubernetes 1.15).
const OLDEST: u32 = 15;

pub const ALL: &[Plugin] = &[
    p("AlwaysAdmit", OLDEST, None, None),
    p("AlwaysDeny", OLDEST, None, None),
    p("AlwaysPullImages", OLDEST, None, None),
    p("CertificateApproval", 18, None, Some(18)),
    p("CertificateSigning", 18, None, Some(18)),
    p("CertificateSubjectRestriction", 18, None, Some(18)),
    p("ClusterTrustBundleAttest", 27, None, Some(27)),
    p("DefaultIngressClass", 18, None, Some(18)),
    p("DefaultStorageClass", OLDEST, None, Some(OLDEST)),
    p("DefaultTolerationSeconds", OLDEST, None, Some(OLDEST)),
    p("DenyEscalatingExec", OLDEST, Some(21), None),
    p("DenyExecOnPrivileged", OLDEST, Some(21), None),
    p("DenyServiceExternalIPs", 21, None, None),
    p("EventRateLimit", OLDEST, None, None),
    p("ExtendedResourceToleration", OLDEST, None, None),
    p("ImagePolicyWebhook", OLDEST, None, None),
    p("JobValidation", 35, None, None),
    p("LimitPodHardAntiAffinityTopology", OLDEST, None, None),
    p("LimitRanger", OLDEST, None, Some(OLDEST)),
    p("MutatingAdmissionPolicy", 32, None, Some(32)),
    p("MutatingAdmissionWebhook", OLDEST, None, Some(OLDEST)),
    p("NamespaceAutoProvision", OLDEST, None, None),
    p("NamespaceExists", OLDEST, None, None),
    p("NamespaceLifecycle", OLDEST, None, Some(OLDEST)),
    p("NodeDeclaredFeatureValidator", 35, None, None),
    p("NodeRestriction", OLDEST, None, None),
    p("OwnerReferencesPermissionEnforcement", OLDEST, None, None),
    p("PersistentVolumeClaimResize", OLDEST, None, Some(OLDEST)),
    p("PersistentVolumeLabel", OLDEST, Some(31), None),
    p("PodNodeSelector", OLDEST, None, None),
    p("PodPreset", OLDEST, Some(20), None),
    p("PodResizeValidator", 35, None, None),
    p("PodSecurity", 22, None, Some(23)),
    p("PodSecurityPolicy", OLDEST, Some(25), None),
    p("PodTolerationRestriction", OLDEST, None, None),
    p("PodTopologyLabels", 33, None, Some(33)),
    p("Priority", OLDEST, None, Some(OLDEST)),
    p("ResourceQuota", OLDEST, None, Some(OLDEST)),
    p("RuntimeClass", 16, None, Some(16)),
    Plugin { gate: Some((27, "SecurityContextDeny")), ..p("SecurityContextDeny", OLDEST, Some(30), None) },
    p("ServiceAccount", OLDEST, None, Some(OLDEST)),
    p("StorageObjectInUseProtection", OLDEST, None, Some(OLDEST)),
    p("TaintNodesByCondition", OLDEST, None, Some(OLDEST)),
    p("ValidatingAdmissionPolicy", 26, None, Some(26)),
    p("ValidatingAdmissionWebhook", OLDEST, None, Some(OLDEST)),
];

/// Every plugin name of any version, for the flags' accepted values.
pub const PLUGINS: &[&str] = &[
    "AlwaysAdmit",
    "AlwaysDeny",
    "AlwaysPullImages",
    "CertificateApproval",
    "CertificateSigning",
    "CertificateSubjectRestriction",
    "ClusterTrustBundleAttest",
    "DefaultIngressClass",
    "DefaultStorageClass",
    "DefaultTolerationSeconds",
    "DenyEscalatingExec",
    "DenyExecOnPrivileged",
    "DenyServiceExternalIPs",
    "EventRateLimit",
    "ExtendedResourceToleration",
    "ImagePolicyWebhook",
    "JobValidation",
    "LimitPodHardAntiAffinityTopology",
    "LimitRanger",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionWebhook",
    "NamespaceAutoProvision",
    "NamespaceExists",
    "NamespaceLifecycle",
    "NodeDeclaredFeatureValidator",
    "NodeRestriction",
    "OwnerReferencesPermissionEnforcement",
    "PersistentVolumeClaimResize",
    "PersistentVolumeLabel",
    "PodNodeSelector",
    "PodPreset",
    "PodResizeValidator",
    "PodSecurity",
    "PodSecurityPolicy",
    "PodTolerationRestriction",
    "PodTopologyLabels",
    "Priority",
    "ResourceQuota",
    "RuntimeClass",
    "SecurityContextDeny",
    "ServiceAccount",
    "StorageObjectInUseProtection",
    "TaintNodesByCondition",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook",
];

pub fn plugin(name: &str) -> Option<&'static Plugin> {
    ALL.iter().find(|p| p.name == name)
}

impl Plugin {
    pub fn exists_at(&self, minor: u32) -> bool {
        minor >= self.added && self.removed.is_none_or(|r| minor < r)
    }

    pub fn on_by_default_at(&self, minor: u32) -> bool {
        self.exists_at(minor) && self.default_on_since.is_some_and(|since| minor >= since)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_table_agree() {
        assert_eq!(ALL.iter().map(|p| p.name).collect::<Vec<_>>(), PLUGINS);
        assert!(PLUGINS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn defaults_by_version() {
        let on = |minor| ALL.iter().filter(|p| p.on_by_default_at(minor)).count();
        // docs/research/apiserver-settings.md §4.2: 17 in 1.20, 18 in 1.23 and 1.25, 20 in 1.28, 22 in 1.33.
        assert_eq!((on(20), on(23), on(25), on(28), on(33)), (17, 18, 18, 20, 22));
        assert!(!plugin("NodeRestriction").unwrap().on_by_default_at(31));
        assert!(!plugin("PodSecurityPolicy").unwrap().exists_at(25));
    }
}
