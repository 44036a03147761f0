//! Which documents belong to one node. A repository or a folder of node copies holds
//! several file trees (`node-a/etc/...`, `node-b/etc/...`); joined as one, the first
//! node's unit masks the second's and the second's config is "not read by the kubelet".
//! Documents are grouped by the directory their file-system tree starts at, and each
//! group is assembled on its own.

use std::collections::BTreeMap;

/// Top-level directories of a Linux file system, where a node's tree starts.
const ROOT_DIRECTORIES: &[&str] = &["etc", "var", "usr", "lib", "lib64", "run", "proc", "opt", "srv"];

/// The directory a name's file-system tree starts at (`node-a` for
/// `node-a/etc/kubernetes/kubelet.conf`, empty for `/etc/...` or `etc/...`), or `None`
/// when the name holds none of the top-level directories.
pub fn node_root(name: &str) -> Option<&str> {
    let mut offset = 0;
    for component in name.split('/') {
        if ROOT_DIRECTORIES.contains(&component) {
            return Some(name[..offset].trim_end_matches('/'));
        }
        offset += component.len() + 1;
    }
    None
}

/// The groups of document indexes checked together, in order of their first document,
/// with each group's node root. Names without a tree join no node: they are one group
/// when there is a single node or none, and one group of their own otherwise (a loose
/// `kubelet-config.yaml` beside two node trees belongs to neither).
pub fn node_groups(names: &[&str]) -> Vec<(Option<String>, Vec<usize>)> {
    let mut roots: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        roots.entry(node_root(name)).or_default().push(i);
    }
    let trees = roots.keys().filter(|r| r.is_some()).count();
    if trees <= 1 {
        return vec![(None, (0..names.len()).collect())];
    }
    let mut groups: Vec<(Option<String>, Vec<usize>)> = roots
        .into_iter()
        .map(|(root, docs)| (root.map(|r| if r.is_empty() { "/".into() } else { r.into() }), docs))
        .collect();
    groups.sort_by_key(|(_, docs)| docs[0]);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(node_root("node-a/etc/kubernetes/kubelet.conf"), Some("node-a"));
        assert_eq!(node_root("nodes/b/var/lib/kubelet/config.yaml"), Some("nodes/b"));
        assert_eq!(node_root("/etc/kubernetes/manifests/kube-apiserver.yaml"), Some(""));
        assert_eq!(node_root("etc/default/kubelet"), Some(""));
        assert_eq!(node_root("proc/123/cmdline"), Some(""));
        assert_eq!(node_root("kubelet-config.yaml"), None);
        assert_eq!(node_root("configs/kubelet/etcd.yaml"), None);
    }

    #[test]
    fn one_tree_is_one_group_and_two_are_two() {
        let one = ["n/etc/a", "n/var/b", "loose.yaml"];
        assert_eq!(node_groups(&one), vec![(None, vec![0, 1, 2])]);
        let two = ["a/etc/x", "b/etc/x", "a/var/y", "loose.yaml", "b/var/y"];
        assert_eq!(
            node_groups(&two),
            vec![(Some("a".into()), vec![0, 2]), (Some("b".into()), vec![1, 4]), (None, vec![3])]
        );
    }
}
