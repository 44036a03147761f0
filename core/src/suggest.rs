//! "Did you mean": the known names closest to a mistyped one, by edit distance.

/// The candidates within a few edits of `name` (case-insensitive), closest first, at
/// most three. A short name gets one edit, a longer one an edit per four characters.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let name = name.trim().to_ascii_lowercase();
    let limit = (name.chars().count() / 4).max(1);
    let mut near: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (levenshtein(&name, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    near.sort();
    near.dedup_by(|a, b| a.1 == b.1);
    near.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Insertions, deletions and substitutions (of chars) that turn `a` into `b`.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("4.2.1", "4.2.1"), 0);
    }

    #[test]
    fn near_names_closest_first() {
        let known = ["kubelet-anonymous-auth", "apiserver-anonymous-auth", "kubelet-authorization-mode"];
        assert_eq!(closest("kubelet-anonymus-auth", known), ["kubelet-anonymous-auth"]);
        assert_eq!(closest("Kubelet-Anonymous-Auth", known), ["kubelet-anonymous-auth"]);
        assert!(closest("frobnicate", known).is_empty());
        assert_eq!(closest("4.2.l", ["4.2.1", "4.2.10", "1.2.1"]), ["4.2.1"]);
    }
}
