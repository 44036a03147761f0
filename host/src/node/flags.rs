//! Finding the paths a component's configuration names, only to know which files to read.
//! Reading them (precedence, defaults, verdicts) is the core's work: here a path found
//! once too often costs one more document, never a wrong verdict.

/// Which component a command line runs, from its program (`kubelet`, `kube-apiserver`,
/// or `hyperkube kubelet`), and where its flags start.
pub fn component(argv: &[String]) -> Option<(&'static str, usize)> {
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    match base(argv.first()?).as_str() {
        "kubelet" => Some(("kubelet", 1)),
        "kube-apiserver" => Some(("kube-apiserver", 1)),
        "hyperkube" => match argv.get(1).map(|w| base(w)).as_deref() {
            Some("kubelet") => Some(("kubelet", 2)),
            Some("kube-apiserver" | "apiserver") => Some(("kube-apiserver", 2)),
            _ => None,
        },
        _ => None,
    }
}

/// The last value of each of `names` in an argv, as pflag reads `--name=value` and
/// `--name value` (with `_` read as `-`). Returns `(name, value)` in argv order.
pub fn argv_values(args: &[String], names: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            break;
        }
        let Some(rest) = arg.strip_prefix("--") else { continue };
        let (name, value) = match rest.split_once('=') {
            Some((n, v)) => (n.replace('_', "-"), Some(v.to_string())),
            None => (rest.replace('_', "-"), None),
        };
        if !names.contains(&name.as_str()) {
            continue;
        }
        let value = match value {
            Some(v) => v,
            None if i < args.len() => {
                i += 1;
                args[i - 1].clone()
            }
            None => continue,
        };
        out.push((name, value));
    }
    out
}

/// The last value of one flag in an argv.
#[cfg(test)]
pub fn last(args: &[String], name: &str) -> Option<String> {
    argv_values(args, &[name]).pop().map(|(_, v)| v).filter(|v| !v.is_empty())
}

/// Every value any of `names` is given anywhere in a text that holds flags in some
/// wrapping (a systemd unit, an env file, a static Pod manifest in YAML or JSON):
/// the text is cut into words at whitespace, quotes, commas and brackets, and a flag
/// is `--name=value` (also after `VAR=`) or `--name` followed by the next word.
pub fn scan_text(text: &str, names: &[&str]) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '[' | ']' | '{' | '}' | '\0' | '\\'))
        .filter(|w| !w.is_empty() && *w != "-")
        .collect();
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let Some(at) = word.find("--").filter(|&at| at == 0 || word[..at].ends_with('=')) else { continue };
        let rest = &word[at + 2..];
        let (name, value) = match rest.split_once('=') {
            Some((n, v)) => (n.replace('_', "-"), Some(v)),
            None => (rest.replace('_', "-"), None),
        };
        if !names.contains(&name.as_str()) {
            continue;
        }
        match value {
            Some(v) if !v.is_empty() => out.push(v.to_string()),
            Some(_) => {}
            None => {
                if let Some(next) = words.get(i + 1).filter(|n| !n.starts_with('-')) {
                    out.push(next.to_string());
                }
            }
        }
    }
    out
}

/// The `staticPodPath` a kubelet config file (YAML block or flow style, JSON) sets: the
/// last one in the file; `Some("")` when it is set empty (`""`, `''`, `null`, `~` or no
/// value), which turns static Pods off; `None` when the file does not set it.
pub fn static_pod_path(text: &str) -> Option<String> {
    const KEY: &str = "staticPodPath";
    let mut found = None;
    let mut from = 0;
    while let Some(at) = text[from..].find(KEY).map(|a| a + from) {
        from = at + KEY.len();
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..at];
        // A comment, or a longer name that ends in the key.
        if before.trim_start().starts_with('#')
            || before.chars().last().is_some_and(|c| !(c.is_whitespace() || matches!(c, '"' | '\'' | '{' | ',')))
        {
            continue;
        }
        let rest = &text[from..];
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else { continue };
        let line_end = value.find('\n').unwrap_or(value.len());
        let (line, next) = (value[..line_end].trim_start_matches([' ', '\t']), &value[line_end..]);
        let value = match line.chars().next() {
            Some(q @ ('"' | '\'')) => line[1..].find(q).map_or(&line[1..], |end| &line[1..1 + end]).to_string(),
            _ => {
                // A comment starts at ` #`; `,` and `}` end a value only in flow style.
                let mut end = line.find(" #").or_else(|| line.find("\t#")).unwrap_or(line.len());
                if before.contains('{') {
                    end = line[..end].find([',', '}']).unwrap_or(end);
                }
                let plain = line[..end].trim();
                if plain.is_empty() {
                    continuation(before, next)
                } else {
                    plain.to_string()
                }
            }
        };
        found = Some(if matches!(value.as_str(), "~" | "null" | "Null" | "NULL") { String::new() } else { value });
    }
    found
}

/// The value of a YAML key written with nothing after its `:` on the line: a plain
/// scalar on the next line when that line is indented deeper than the key and is not
/// itself a key or a list item; else none (null).
fn continuation(key_indent: &str, next: &str) -> String {
    let indent = key_indent.len() - key_indent.trim_start().len();
    let Some(line) = next.lines().map(str::trim_end).find(|l| !l.trim().is_empty()) else { return String::new() };
    let deeper = line.len() - line.trim_start().len() > indent;
    let word = line.trim();
    if !deeper || word.starts_with(['#', '-']) || word.contains(": ") || word.ends_with(':') {
        return String::new();
    }
    word.trim_matches(['"', '\'']).to_string()
}

/// `EnvironmentFile=` entries of a systemd unit: `(path, optional)`.
pub fn environment_files(unit: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for line in unit.lines() {
        let Some(value) = line.trim().strip_prefix("EnvironmentFile") else { continue };
        let Some(value) = value.trim_start().strip_prefix('=') else { continue };
        let value = value.trim().trim_matches('"');
        if value.is_empty() {
            continue;
        }
        let (path, optional) = match value.strip_prefix('-') {
            Some(p) => (p.trim(), true),
            None => (value, false),
        };
        out.push((path.to_string(), optional));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn argv() {
        let args = v(&["--config", "a.yaml", "--kubeconfig=/k", "--config_dir=/d", "--config=b.yaml"]);
        assert_eq!(last(&args, "config").as_deref(), Some("b.yaml"));
        assert_eq!(last(&args, "config-dir").as_deref(), Some("/d"));
        assert_eq!(component(&v(&["/usr/local/bin/hyperkube", "kubelet"])), Some(("kubelet", 2)));
        assert_eq!(component(&v(&["kube-apiserver"])), Some(("kube-apiserver", 1)));
        assert_eq!(component(&v(&["grep", "kubelet"])), None);
    }

    #[test]
    fn texts() {
        let unit = "Environment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet --config-dir /etc/kubernetes/kubelet.conf.d\n";
        assert_eq!(scan_text(unit, &["config"]), ["/var/lib/kubelet/config.yaml"]);
        assert_eq!(scan_text(unit, &["config-dir"]), ["/etc/kubernetes/kubelet.conf.d"]);
        assert_eq!(environment_files(unit), [("/etc/default/kubelet".to_string(), true)]);
        let manifest = "    - --authorization-config=/etc/kubernetes/authz.yaml\n    - \"--authentication-config\"\n    - /etc/a.yaml\n";
        assert_eq!(scan_text(manifest, &["authorization-config"]), ["/etc/kubernetes/authz.yaml"]);
        assert_eq!(scan_text(manifest, &["authentication-config"]), ["/etc/a.yaml"]);
        let path = |t: &str| static_pod_path(t);
        assert_eq!(path("staticPodPath: /etc/k/m\n").as_deref(), Some("/etc/k/m"));
        assert_eq!(path("{\"staticPodPath\": \"/x\", \"a\": 1}").as_deref(), Some("/x"));
        assert_eq!(path("{staticPodPath: /y}").as_deref(), Some("/y"));
        assert_eq!(path("staticPodPath: static-pods # relative\n").as_deref(), Some("static-pods"));
        assert_eq!(path("a: 1\nstaticPodPath: /a\nstaticPodPath: '/b c'\n").as_deref(), Some("/b c"));
        // Set empty: static Pods are off.
        for empty in
            ["staticPodPath: \"\"\n", "staticPodPath:\nport: 1\n", "staticPodPath: ~", "{\"staticPodPath\":null}"]
        {
            assert_eq!(path(empty).as_deref(), Some(""), "{empty}");
        }
        assert_eq!(path("staticPodPath:\n  /etc/next-line\n").as_deref(), Some("/etc/next-line"));
        assert_eq!(path("staticPodPath: /etc/a#b,c\n").as_deref(), Some("/etc/a#b,c"));
        // Not set.
        for unset in ["port: 1\n", "# staticPodPath: /old\n", "myStaticPodPath: /x\n", "staticPodPathX: /x\n"] {
            assert_eq!(path(unset), None, "{unset}");
        }
    }
}
