use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation};
use crate::report::{Applicability, Origin, Severity, Status};
use crate::resolve::{At, Instance, Resolved, Source, Value};
use crate::rules::{Check, Rule, Target};

/// cis-1.11 4.2.15 asks for systemd's `IPAddressDeny=any` on the kubelet's service (the
/// benchmark writes it as a flag; kube-bench audits a kubelet flag that cannot exist). It
/// is read from the unit and its drop-ins: the lists add up, an empty line resets them
/// (systemd.resource-control(5)).
pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-ip-address-deny", aliases: &[] }],
    title: "Ensure that the --IPAddressDeny is set to any",
    severity: Severity::Low,
    check: Check::Custom {
        setting: "IPAddressDeny", evaluate,
        audit: "Reads systemd's IPAddressDeny= from the kubelet's service unit and its drop-ins (the lists add up; an empty assignment resets them) and passes when it denies any. Without the unit the finding is unknown: it is not a kubelet flag, whatever the benchmark's wording.",
    },
    applicability: Applicability::Unsafe,
    rationale: "With IPAddressDeny=any in its service, the kubelet's sockets only talk to the addresses \
IPAddressAllow= lists (the kube-apiserver, the container runtime's registries, the node's own networks): an \
attacker who reaches the kubelet cannot make it connect anywhere else. Without an IPAddressAllow= list the kubelet \
reaches nothing, so the two go together.",
    remediation: "Add IPAddressDeny=any and IPAddressAllow=<the addresses the kubelet needs> to the [Service] section \
of a kubelet.service drop-in, then run systemctl daemon-reload and restart the kubelet.",
    file_flag: None,
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let mut r = Resolved::unknown();
    let (status, message) = match inst.argv.as_ref().and_then(|a| a.unit_ip_address.as_ref()) {
        None => (
            Status::Unknown,
            "IPAddressDeny= is a setting of the kubelet's systemd service, which was not supplied".to_string(),
        ),
        Some(lines) => {
            let (mut deny, mut allow) = (Vec::new(), Vec::new());
            for (doc, line) in lines {
                let list = if line.deny { &mut deny } else { &mut allow };
                if line.words.is_empty() {
                    list.clear();
                } else {
                    list.push((*doc, line));
                }
            }
            let words = |l: &[(usize, &crate::recognise::IpAddressRule)]| {
                l.iter().flat_map(|(_, r)| r.words.iter().cloned()).collect::<Vec<_>>()
            };
            let denied = words(&deny);
            let reset = lines.iter().rev().find(|(_, l)| l.deny && l.words.is_empty());
            r.sources = deny
                .iter()
                .map(|(doc, line)| Source {
                    value: line.words.join(" "),
                    origin: Origin::Config,
                    at: At::Node { doc: *doc, span: line.span, style: crate::resolve::NodeStyle::Opaque },
                })
                .collect();
            r.origin = if r.sources.is_empty() { Origin::Default } else { Origin::Config };
            r.value = Some(if denied.is_empty() { Value::Unset } else { Value::List(denied.clone()) });
            // `any` is 0.0.0.0/0 and ::/0: one of the two alone leaves the other family open.
            let v4 = denied.iter().any(|w| w == "any" || w == "0.0.0.0/0");
            let v6 = denied.iter().any(|w| w == "any" || w == "::/0");
            if let (true, Some((doc, line))) = (denied.is_empty(), reset) {
                r.anchor = Some(At::Node { doc: *doc, span: line.span, style: crate::resolve::NodeStyle::Opaque });
            }
            if v4 && v6 {
                let allowed = words(&allow);
                let note = if allowed.is_empty() {
                    "and no IPAddressAllow=, so the kubelet can reach no address".to_string()
                } else {
                    format!("and IPAddressAllow={} lists what it may reach", allowed.join(" "))
                };
                (
                    Status::Pass,
                    format!("the kubelet's service denies every address (IPAddressDeny={}) {note}", denied.join(" ")),
                )
            } else if denied.is_empty() && reset.is_some() {
                (Status::Fail, "an empty IPAddressDeny= resets the list, and no later line sets it: the kubelet's sockets may reach any address".into())
            } else if denied.is_empty() {
                (Status::Fail, "the kubelet's service sets no IPAddressDeny=: its sockets may reach any address".into())
            } else if v4 || v6 {
                let open = if v4 { "IPv6" } else { "IPv4" };
                (Status::Fail, format!("IPAddressDeny={} denies one address family only: {open} addresses stay reachable (any denies both)", denied.join(" ")))
            } else {
                (Status::Fail, format!("IPAddressDeny={} denies only some addresses, not any", denied.join(" ")))
            }
        }
    };
    let at = r.sources.first().map(|s| &s.at).or(r.anchor.as_ref()).map(|at| (at.doc(), at.span()));
    Evaluation {
        status,
        message,
        setting: "IPAddressDeny".into(),
        flag: "IPAddressDeny=".into(),
        resolved: r,
        at,
        fix: None,
    }
}
