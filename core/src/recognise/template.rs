//! Templates: Helm charts (Go `text/template`) and Ansible/Salt roles (Jinja) hold
//! Kubernetes configuration with `{{ ... }}` actions where values go. Read literally they
//! are invalid YAML or wrong types; what they set is known only once rendered.

use crate::source::Span;

/// Where the first template action stands: a `{{` closed by `}}` (on its line or a later
/// one), or a Jinja `{%` statement, outside a `#` comment. An action inside a comment
/// changes nothing a parser reads, so it does not make a file a template (it must not
/// hide a real config from its checks).
pub fn first_action(content: &str) -> Option<Span> {
    let mut line_start = 0;
    for line in content.split_inclusive('\n') {
        let code = &line[..comment_start(line)];
        let open = ["{{", "{%"].iter().filter_map(|o| code.find(o)).min();
        if let Some(at) = open {
            let close = if code[at..].starts_with("{{") { "}}" } else { "%}" };
            if content[line_start + at + 2..].contains(close) {
                return Some(Span::new(line_start + at, line_start + at + 2));
            }
        }
        line_start += line.len();
    }
    None
}

/// Where a `#` comment starts on a line: at its start or after a blank (YAML, systemd
/// and env files alike), outside quotes.
fn comment_start(line: &str) -> usize {
    let mut quote: Option<u8> = None;
    let mut previous = b' ';
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'#') if matches!(previous, b' ' | b'\t') => return i,
            _ => {}
        }
        previous = b;
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_and_jinja_actions() {
        assert_eq!(first_action("kind: Pod\nmetadata:\n  name: {{ .Values.name }}\n"), Some(Span::new(28, 30)));
        assert!(first_action("{{- if .Values.enabled }}\napiVersion: v1\n{{- end }}\n").is_some());
        assert!(first_action("readOnlyPort: {{ kube_read_only_port }}\n").is_some());
        assert!(first_action("{% if x %}\nkind: KubeletConfiguration\n{% endif %}\n").is_some());
        assert!(first_action("name: \"{{ .Release.Name }}\"\n").is_some());
    }

    #[test]
    fn actions_in_comments_or_unclosed_are_not_templates() {
        assert_eq!(first_action("# rendered from {{ .Values.x }}\nkind: KubeletConfiguration\n"), None);
        assert_eq!(first_action("authorization: {mode: AlwaysAllow} # {{ x }}\n"), None);
        assert_eq!(first_action("a: {{\n"), None);
        // A `#` inside quotes starts no comment.
        assert!(first_action("a: \"#\" {{ x }}\n").is_some());
    }
}
