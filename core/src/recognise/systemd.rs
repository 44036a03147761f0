//! systemd units and drop-ins (`kubelet.service`, kubeadm's `10-kubeadm.conf`):
//! `Environment=`, `EnvironmentFile=` and `ExecStart=` in `[Service]`.

use super::command_line::component_of_program;
use super::env_file::EnvAssign;
use super::{Body, Part, Recognised};
use crate::component::Component;
use crate::limits;
use crate::source::shell::{self, Word};
use crate::source::Span;

#[derive(Debug, Clone, Default)]
pub struct SystemdUnit {
    pub environment: Vec<EnvAssign>,
    /// An empty `Environment=` clears every assignment before it, in this file and the
    /// units read earlier: how many of this file's assignments came before the last one.
    pub environment_reset: Option<usize>,
    pub environment_files: Vec<EnvFileRef>,
    /// An empty `EnvironmentFile=` clears the list the same way.
    pub environment_files_reset: Option<usize>,
    /// Every `ExecStart=` in order; an empty one resets the list.
    pub exec_starts: Vec<ExecStart>,
    /// `IPAddressDeny=` / `IPAddressAllow=` lines (systemd.resource-control(5)), in order.
    pub ip_address: Vec<IpAddressRule>,
}

/// One `IPAddressDeny=` or `IPAddressAllow=` line: its words (an empty one resets the list).
#[derive(Debug, Clone)]
pub struct IpAddressRule {
    pub deny: bool,
    pub words: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EnvFileRef {
    pub path: String,
    /// `EnvironmentFile=-/path`: a missing file is not an error for systemd.
    pub optional: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ExecStart {
    /// The words of the command, program first; empty for a reset (`ExecStart=`).
    pub words: Vec<Word>,
    pub span: Span,
}

impl SystemdUnit {
    /// The component the unit's final `ExecStart=` runs.
    pub fn component(&self) -> Option<Component> {
        let exec = self.exec_starts.iter().rev().find(|e| !e.words.is_empty())?;
        let names: Vec<&str> = exec.words.iter().map(|w| w.value.as_str()).collect();
        component_of_program(&names).map(|(c, _)| c)
    }

    pub fn has_exec_start(&self) -> bool {
        !self.exec_starts.is_empty()
    }
}

pub fn looks_like_unit(content: &str) -> bool {
    content.lines().any(|l| {
        let t = l.trim();
        matches!(t, "[Unit]" | "[Service]" | "[Install]") || t.starts_with("ExecStart=")
    })
}

pub fn recognise(content: &str) -> Recognised {
    let mut unit = SystemdUnit::default();
    let mut errors = Vec::new();
    let mut section = String::from("Service");
    let mut settings = 0;
    for (start, line) in unit_lines(content) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') {
            section = t[1..t.len() - 1].to_string();
            continue;
        }
        if section != "Service" {
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let lead = line.len() - line.trim_start().len();
        let value_start = start + key.len() + 1;
        let value = &content[value_start..start + line.len()];
        let span = Span::new(start + lead, start + line.trim_end().len());
        let key = key.trim();
        if matches!(key, "Environment" | "EnvironmentFile" | "ExecStart") {
            settings += 1;
            if settings > limits::MAX_UNIT_SETTINGS {
                errors.push((
                    format!(
                        "more than {} Environment=, EnvironmentFile= and ExecStart= lines; the rest are not read",
                        limits::MAX_UNIT_SETTINGS
                    ),
                    span,
                ));
                break;
            }
            if line.len() > limits::MAX_COMMAND_LINE_BYTES {
                errors.push((
                    format!(
                        "{key}= of {} bytes; the limit is {} bytes, so it is not read",
                        line.len(),
                        limits::MAX_COMMAND_LINE_BYTES
                    ),
                    span,
                ));
                continue;
            }
        }
        match key {
            "Environment" if value.trim().is_empty() => unit.environment_reset = Some(unit.environment.len()),
            "Environment" => match shell::split(value, value_start) {
                Ok(words) => unit.environment.extend(words.iter().filter_map(|w| {
                    let eq = w.value.find('=')?;
                    Some(EnvAssign {
                        name: w.value[..eq].to_string(),
                        value: w.sub(eq + 1, w.value.len()),
                        span: w.span,
                    })
                })),
                Err(e) => errors.push((format!("Environment=: {}", e.message), e.span)),
            },
            "EnvironmentFile" => {
                let v = value.trim();
                let (optional, path) = match v.strip_prefix('-') {
                    Some(p) => (true, p),
                    None => (false, v),
                };
                if path.is_empty() {
                    unit.environment_files_reset = Some(unit.environment_files.len());
                } else {
                    unit.environment_files.push(EnvFileRef { path: path.to_string(), optional, span });
                }
            }
            "IPAddressDeny" | "IPAddressAllow" => unit.ip_address.push(IpAddressRule {
                deny: key == "IPAddressDeny",
                words: value.split_whitespace().map(String::from).collect(),
                span,
            }),
            "ExecStart" => {
                // Prefixes change how systemd runs the command, not its words.
                let trimmed = value.trim_start();
                let prefix = trimmed.len() - trimmed.trim_start_matches(['-', '@', ':', '+', '!']).len();
                let body_start = value_start + (value.len() - trimmed.len()) + prefix;
                match shell::split(&content[body_start..start + line.len()], body_start) {
                    Ok(words) => unit.exec_starts.push(ExecStart { words, span }),
                    Err(e) => errors.push((format!("ExecStart=: {}", e.message), e.span)),
                }
            }
            _ => {}
        }
    }
    let whole = Span::new(0, content.len());
    Recognised { parts: vec![Part { span: whole, body: Body::Systemd(unit) }], errors }
}

/// Lines, with backslash-newline continuations kept inside one line (the shell
/// splitter drops them), and their start offsets.
/// Comment lines inside a continuation are skipped and the continuation goes on
/// (systemd.syntax(7)); the shell splitter then drops them as comments.
fn unit_lines(content: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    let mut continued = false;
    let bytes = content.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] != b'\n' {
            continue;
        }
        let line = content[line_start..i].trim_end_matches('\r');
        let comment = matches!(line.trim_start().as_bytes().first(), Some(b'#' | b';'));
        line_start = i + 1;
        if comment && continued {
            continue;
        }
        if !comment && line.ends_with('\\') {
            continued = true;
            continue;
        }
        out.push((start, content[start..i].trim_end_matches('\r')));
        start = i + 1;
        continued = false;
    }
    if start < content.len() {
        out.push((start, &content[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KUBEADM_DROPIN: &str = "# Note: This dropin only works with kubeadm and kubelet v1.11+\n[Service]\nEnvironment=\"KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf\"\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n";

    #[test]
    fn kubeadm_dropin() {
        assert!(looks_like_unit(KUBEADM_DROPIN));
        let r = recognise(KUBEADM_DROPIN);
        let Body::Systemd(u) = &r.parts[0].body else { panic!() };
        assert_eq!(u.environment.len(), 2);
        assert_eq!(u.environment[1].name, "KUBELET_CONFIG_ARGS");
        let v = &u.environment[1].value;
        assert_eq!(&KUBEADM_DROPIN[v.span.start..v.span.end], "--config=/var/lib/kubelet/config.yaml");
        assert_eq!(u.environment_files.len(), 2);
        assert!(u.environment_files[0].optional);
        assert_eq!(u.exec_starts.len(), 2);
        assert!(u.exec_starts[0].words.is_empty());
        assert_eq!(u.component(), Some(Component::Kubelet));
    }

    #[test]
    fn continued_exec_start() {
        let text = "[Service]\nExecStart=/usr/local/bin/kubelet \\\n  --anonymous-auth=false \\\n  --authorization-mode=Webhook\n";
        let r = recognise(text);
        let Body::Systemd(u) = &r.parts[0].body else { panic!() };
        let words: Vec<_> = u.exec_starts[0].words.iter().map(|w| w.value.as_str()).collect();
        assert_eq!(words, ["/usr/local/bin/kubelet", "--anonymous-auth=false", "--authorization-mode=Webhook"]);
    }
}
