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
/// with each group's node root. Names without a tree are "loose". A loose file in a
/// tree's root directory (a `ps.txt` beside `etc/` and `var/`) belongs to that tree.
/// Other loose files are one group, unless a tree is beside them (a loose
/// `kubelet-config.yaml` beside node copies belongs to none of them) or two directories
/// hold a file of the same name (`a/10-kubeadm.conf` and `b/10-kubeadm.conf` are two
/// nodes' drop-ins, which would otherwise mask each other): then each directory is a
/// group. One group in all is not named.
pub fn node_groups(names: &[&str]) -> Vec<(Option<String>, Vec<usize>)> {
    let mut trees: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut loose = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match node_root(name) {
            Some(root) => trees.entry(root).or_default().push(i),
            None => loose.push(i),
        }
    }
    loose.retain(|&i| match trees.get_mut(directory(names[i])) {
        Some(tree) => {
            tree.push(i);
            false
        }
        None => true,
    });
    let mut groups: Vec<(Option<String>, Vec<usize>)> = trees
        .into_iter()
        .map(|(root, docs)| (Some(if root.is_empty() { "/".into() } else { root.into() }), docs))
        .collect();
    if !loose.is_empty() {
        if groups.is_empty() && !same_name_in_two_directories(names, &loose) {
            groups.push((None, loose));
        } else {
            for (dir, docs) in directories(names, &loose) {
                groups.push((Some(if dir.is_empty() { ".".into() } else { dir.to_string() }), docs));
            }
        }
    }
    if groups.len() <= 1 {
        return vec![(None, (0..names.len()).collect())];
    }
    for (_, docs) in &mut groups {
        docs.sort_unstable();
    }
    groups.sort_by_key(|(_, docs)| docs[0]);
    groups
}

/// The parent directory of a name (`""` for a bare file name).
fn directory(name: &str) -> &str {
    name.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Loose documents by directory.
fn directories<'n>(names: &[&'n str], loose: &[usize]) -> BTreeMap<&'n str, Vec<usize>> {
    let mut by_dir: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in loose {
        by_dir.entry(directory(names[i])).or_default().push(i);
    }
    by_dir
}

fn same_name_in_two_directories(names: &[&str], loose: &[usize]) -> bool {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    loose.iter().any(|&i| {
        let (dir, file) = names[i].rsplit_once('/').unwrap_or(("", names[i]));
        *seen.entry(file).or_insert(dir) != dir
    })
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
        let one = ["n/etc/a", "n/var/b"];
        assert_eq!(node_groups(&one), vec![(None, vec![0, 1])]);
        let beside = ["n/etc/a", "n/var/b", "loose.yaml"];
        assert_eq!(node_groups(&beside), vec![(Some("n".into()), vec![0, 1]), (Some(".".into()), vec![2])]);
        // A ps listing in the tree's root directory is that node's.
        let with_ps = ["ps.txt", "var/lib/kubelet/config.yaml"];
        assert_eq!(node_groups(&with_ps), vec![(None, vec![0, 1])]);
        let copies = ["a/ps.txt", "a/var/lib/kubelet/config.yaml", "b/ps.txt", "b/var/lib/kubelet/config.yaml"];
        assert_eq!(node_groups(&copies), vec![(Some("a".into()), vec![0, 1]), (Some("b".into()), vec![2, 3])]);
        let two = ["a/etc/x", "b/etc/x", "a/var/y", "loose.yaml", "b/var/y"];
        assert_eq!(
            node_groups(&two),
            vec![(Some("a".into()), vec![0, 2]), (Some("b".into()), vec![1, 4]), (Some(".".into()), vec![3])]
        );
    }

    #[test]
    fn loose_files_beside_a_tree_are_grouped_by_directory() {
        let names = [
            "ex/README.md",
            "ex/cp/etc/default/kubelet",
            "ex/cp/var/lib/kubelet/config.yaml",
            "ex/single/10-kubeadm.conf",
            "ex/single/ps.txt",
        ];
        assert_eq!(
            node_groups(&names),
            vec![
                (Some("ex".into()), vec![0]),
                (Some("ex/cp".into()), vec![1, 2]),
                (Some("ex/single".into()), vec![3, 4])
            ]
        );
    }

    #[test]
    fn loose_files_are_one_node_unless_two_directories_hold_the_same_name() {
        let one = ["kubelet/config.yaml", "systemd/10-kubeadm.conf", "apiserver/kube-apiserver.yaml"];
        assert_eq!(node_groups(&one), vec![(None, vec![0, 1, 2])]);
        let two = ["a/10-kubeadm.conf", "a/config.yaml", "b/10-kubeadm.conf", "b/config.yaml"];
        assert_eq!(node_groups(&two), vec![(Some("a".into()), vec![0, 1]), (Some("b".into()), vec![2, 3])]);
    }
}
