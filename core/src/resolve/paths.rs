//! Matching a path a command line names against the names documents were given.

/// How well a document `name` fits a `reference` path: 3 exact, 2 one is a path
/// suffix of the other, 1 same file name, 0 no match.
pub fn fit(reference: &str, name: &str) -> u8 {
    let r = reference.trim_start_matches("./");
    let n = name.trim_start_matches("./");
    if r == n {
        return 3;
    }
    let suffix = |long: &str, short: &str| long.ends_with(short) && long[..long.len() - short.len()].ends_with('/');
    if suffix(r, n.trim_start_matches('/')) || suffix(n, r.trim_start_matches('/')) || suffix(n, r) {
        return 2;
    }
    if basename(r) == basename(n) && !basename(r).is_empty() {
        return 1;
    }
    0
}

pub fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub fn dirname(path: &str) -> &str {
    match path.rfind(['/', '\\']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// `rel` against directory `dir`, as Go's `filepath.Join` would for a relative `rel`;
/// an absolute `rel` stands alone.
pub fn join(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') || dir.is_empty() {
        return rel.to_string();
    }
    format!("{}/{}", dir.trim_end_matches('/'), rel.trim_start_matches("./"))
}

/// Whether a document `name` is a file inside directory `dir` (at any depth, as the
/// kubelet walks `--config-dir` recursively), matched on the directory's path suffix.
pub fn inside(dir: &str, name: &str) -> bool {
    let d = dir.trim_start_matches("./").trim_matches('/');
    let mut p = dirname(name).trim_start_matches("./").trim_start_matches('/');
    if d.is_empty() {
        return false;
    }
    while !p.is_empty() {
        if p == d || d.ends_with(&format!("/{p}")) || p.ends_with(&format!("/{d}")) {
            return true;
        }
        p = dirname(p);
    }
    false
}

/// How many leading directories two names share (`node-a/var/...` and `node-a/proc/...`: 1).
pub fn shared_dirs(a: &str, b: &str) -> usize {
    dirname(a).split('/').zip(dirname(b).split('/')).take_while(|(x, y)| x == y && !x.is_empty()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits() {
        assert_eq!(fit("/var/lib/kubelet/config.yaml", "/var/lib/kubelet/config.yaml"), 3);
        assert_eq!(fit("/var/lib/kubelet/config.yaml", "var/lib/kubelet/config.yaml"), 2);
        assert_eq!(fit("/var/lib/kubelet/config.yaml", "node1/var/lib/kubelet/config.yaml"), 2);
        assert_eq!(fit("/var/lib/kubelet/config.yaml", "config.yaml"), 2);
        assert_eq!(fit("/var/lib/kubelet/config.yaml", "other/config.yaml"), 1);
        assert_eq!(fit("/var/lib/kubelet/config.yaml", "kubelet.yaml"), 0);
        assert_eq!(fit("/etc/kubernetes/config.yaml", "lib/kubelet/config.yaml"), 1);
    }

    #[test]
    fn inside_dirs() {
        assert!(inside("/etc/kubernetes/kubelet.conf.d", "etc/kubernetes/kubelet.conf.d/10-a.conf"));
        assert!(inside("/etc/kubernetes/kubelet.conf.d", "/etc/kubernetes/kubelet.conf.d/sub/20-b.conf"));
        assert!(inside("/etc/kubernetes/kubelet.conf.d", "kubelet.conf.d/10-a.conf"));
        assert!(!inside("/etc/kubernetes/kubelet.conf.d", "etc/kubernetes/10-a.conf"));
        assert!(!inside("/etc/kubernetes/kubelet.conf.d", "10-a.conf"));
    }
}
