//! The feature gates the rules read or that stop a component when set: their default per
//! Kubernetes version, when they were locked to their default and when removed (an
//! unrecognized or locked gate stops the component: component-base featuregate SetFromMap).
//! docs/research/kubelet-settings.md §12, §15, §16; apiserver-settings.md §2, §12.6.

pub struct Gate {
    pub name: &'static str,
    /// `(from minor, default)`, oldest first.
    pub defaults: &'static [(u32, bool)],
    /// From this minor version the gate can only be set to its default.
    pub locked_since: Option<u32>,
    /// The first minor version that no longer knows the gate.
    pub removed: Option<u32>,
}

pub const ALL: &[Gate] = &[
    Gate {
        name: "AnonymousAuthConfigurableEndpoints",
        defaults: &[(31, false), (32, true)],
        locked_since: Some(34),
        removed: None,
    },
    Gate { name: "DynamicKubeletConfig", defaults: &[(0, true), (22, false)], locked_since: None, removed: Some(26) },
    Gate { name: "KMSv1", defaults: &[(0, true), (29, false)], locked_since: None, removed: None },
    Gate { name: "RotateKubeletClientCertificate", defaults: &[(0, true)], locked_since: Some(19), removed: Some(22) },
    Gate {
        name: "RotateKubeletServerCertificate",
        defaults: &[(0, false), (12, true)],
        locked_since: None,
        removed: None,
    },
    Gate { name: "SeccompDefault", defaults: &[(22, false), (25, true)], locked_since: Some(27), removed: Some(29) },
    Gate { name: "SecurityContextDeny", defaults: &[(27, false)], locked_since: None, removed: Some(30) },
    Gate {
        name: "StructuredAuthenticationConfiguration",
        defaults: &[(29, false), (30, true)],
        locked_since: Some(34),
        removed: None,
    },
    Gate {
        name: "StructuredAuthorizationConfiguration",
        defaults: &[(29, false), (30, true)],
        locked_since: Some(32),
        removed: None,
    },
    Gate { name: "SupportPodPidsLimit", defaults: &[(0, true)], locked_since: Some(20), removed: Some(24) },
];

pub fn gate(name: &str) -> Option<&'static Gate> {
    ALL.iter().find(|g| g.name == name)
}

impl Gate {
    /// The default at `minor`; false before the gate existed.
    pub fn default_at(&self, minor: u32) -> bool {
        self.defaults.iter().rev().find(|(from, _)| minor >= *from).is_some_and(|(_, on)| *on)
    }

    /// Why setting the gate to `value` stops the component at `minor`, if it does.
    pub fn refusal(&self, minor: u32, value: bool) -> Option<String> {
        if self.removed.is_some_and(|r| minor >= r) {
            return Some(format!(
                "unrecognized feature gate: {} (removed in Kubernetes 1.{})",
                self.name, self.removed?
            ));
        }
        let locked = self.locked_since.is_some_and(|l| minor >= l);
        let default = self.default_at(minor);
        (locked && value != default)
            .then(|| format!("cannot set feature gate {} to {value}, feature is locked to {default}", self.name))
    }
}
