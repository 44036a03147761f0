//! `kubecis.toml`: a repository's settings, found upward from the first path checked
//! (as ruff finds `ruff.toml`), so that `kubecis check .` in CI and on a laptop run the
//! same check. Options given on the command line win over the file.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Deserialize;

use crate::outcome::FailOn;

/// The file names looked for, in each directory from the start upward.
pub const FILE_NAMES: &[&str] = &["kubecis.toml", ".kubecis.toml"];

/// What a `kubecis.toml` may say. Unknown keys are errors: a misspelt `ignore` must not
/// silently check everything.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Project {
    pub benchmark: Option<String>,
    pub kubernetes_version: Option<String>,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<String>,
    /// Gitignore-style globs, as `--exclude`.
    pub exclude: Option<Vec<String>>,
    pub respect_gitignore: Option<bool>,
    /// A baseline file, relative to the kubecis.toml.
    pub baseline: Option<PathBuf>,
}

/// A project file that was read, with the directory its relative paths start from.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub project: Project,
}

impl Found {
    pub fn fail_on(&self) -> Result<Option<FailOn>, String> {
        self.project
            .fail_on
            .as_deref()
            .map(|v| {
                FailOn::from_str(v, true).map_err(|_| {
                    let known: Vec<String> = FailOn::value_variants()
                        .iter()
                        .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                        .collect();
                    format!("{}: fail-on = {v:?} is not one of {}", self.path.display(), known.join(", "))
                })
            })
            .transpose()
    }

    /// The baseline path, made relative to the directory of the kubecis.toml.
    pub fn baseline(&self) -> Option<PathBuf> {
        let b = self.project.baseline.as_ref()?;
        Some(match self.path.parent() {
            Some(dir) if b.is_relative() => dir.join(b),
            _ => b.clone(),
        })
    }
}

/// The kubecis.toml for a check of `start`: the one given, or the first found in
/// `start`'s directory or above. `Ok(None)` when there is none.
pub fn find(explicit: Option<&Path>, start: &Path) -> Result<Option<Found>, String> {
    if let Some(path) = explicit {
        return load(path).map(Some);
    }
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return load(&candidate).map(Some);
            }
        }
        dir = d.parent();
    }
    Ok(None)
}

fn load(path: &Path) -> Result<Found, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {}", path.display(), crate::inputs::io_message(&e)))?;
    let project: Project = toml::from_str(&text).map_err(|e| {
        let at = e.span().map(|s| {
            let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
            format!(":{line}")
        });
        format!("{}{}: {}", path.display(), at.unwrap_or_default(), e.message())
    })?;
    Ok(Found { path: path.to_path_buf(), project })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_are_errors_that_say_where() {
        let dir = std::env::temp_dir().join(format!("kubecis-project-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("kubecis.toml"), "benchmark = \"cis-1.10\"\n\nignores = [\"4.2.1\"]\n").unwrap();
        let e = find(None, &dir.join("a/b")).unwrap_err();
        assert!(e.contains("kubecis.toml:3: unknown field `ignores`"), "{e}");
        std::fs::write(dir.join("kubecis.toml"), "fail-on = \"severe\"\nbaseline = \"ci/base.json\"\n").unwrap();
        let found = find(None, &dir.join("a/b")).unwrap().unwrap();
        assert!(found.fail_on().unwrap_err().contains("not one of any, low, medium, high, critical, unknown"));
        assert!(found.baseline().unwrap().ends_with("ci/base.json"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
