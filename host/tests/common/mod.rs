//! Helpers shared by the integration tests: running the built `kubecis` binary with an
//! isolated module cache, and hand-written plugins (WAT) that misbehave on purpose.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_kubecis");

/// The rules these CLI tests were written for (the others have their own cases).
pub const SEED: &str = "--select=kubelet-anonymous-auth,kubelet-authorization-mode,apiserver-authorization-mode";

/// A fresh, empty directory under cargo's per-target temporary directory.
pub fn temp_dir(label: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{label}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The module cache the tests share (so only the first run compiles).
pub fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("kubecis-cache")
}

pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("KUBECIS_CACHE_DIR", cache_dir())
        .env("NO_COLOR", "1")
        .env_remove("KUBECIS_PLUGIN_PATH")
        .env_remove("KUBECIS_NO_CACHE");
    cmd
}

/// Runs `kubecis ARGS` in `cwd` with `stdin` as standard input.
pub fn run_in(cwd: Option<&Path>, args: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = command(args);
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run kubecis");
    {
        let mut input = child.stdin.take().unwrap();
        // The CLI may exit before reading (usage errors): ignore a broken pipe.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().unwrap()
}

pub fn run(args: &[&str]) -> Output {
    run_in(None, args, b"")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn describe(out: &Output) -> String {
    format!("exit {:?}\n--- stdout\n{}\n--- stderr\n{}", out.status.code(), stdout(out), stderr(out))
}

/// The embedded module, written by `kubecis plugin --write`.
pub fn embedded_module() -> Vec<u8> {
    let dir = temp_dir("embedded");
    let path = dir.join("kubecis.wasm");
    let out = run(&["plugin", "--write", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    std::fs::read(&path).unwrap()
}

/// How a hand-written plugin's `kubecis_check` behaves.
pub enum Check<'a> {
    /// Returns this response.
    Respond(&'a str),
    /// Executes `unreachable`.
    Trap,
    /// Never returns.
    Spin,
    /// Tries to grow its memory by 1.25 GiB and traps if that is refused.
    Grow,
    /// Returns a buffer far outside its memory.
    OutOfBounds,
}

/// A plugin module in WAT with the ABI v1 exports; `abi` is what
/// `kubecis_abi_version` returns and `extra` is spliced into the module (imports...).
pub fn fake_plugin(check: Check<'_>, abi: i32, extra: &str) -> Vec<u8> {
    const DATA: u64 = 1024;
    let (data, body) = match check {
        Check::Respond(text) => {
            assert!(text.len() < 60_000);
            let packed = (DATA << 32) | text.len() as u64;
            (text.as_bytes().to_vec(), format!("(i64.const {packed})"))
        }
        Check::Trap => (vec![], "unreachable".to_string()),
        Check::Spin => (vec![], "(loop $l (br $l)) (i64.const 0)".to_string()),
        Check::Grow => (
            vec![],
            "(if (i32.eq (memory.grow (i32.const 20000)) (i32.const -1)) (then unreachable)) (i64.const 0)".to_string(),
        ),
        Check::OutOfBounds => (vec![], format!("(i64.const {})", (0x7fff_0000u64 << 32) | 100)),
    };
    let escaped: String = data.iter().map(|b| format!("\\{b:02x}")).collect();
    let rules = r#"[{"slug":"fake-rule","title":"A fake rule","component":"kubelet","severity":"high","cis":{"cis-1.12":{"id":"9.9.9","automated":true}}}]"#;
    let rules_at: u64 = 61_000;
    let rules_packed = (rules_at << 32) | rules.len() as u64;
    let rules_escaped: String = rules.bytes().map(|b| format!("\\{b:02x}")).collect();
    let wat = format!(
        r#"(module
  {extra}
  (memory (export "memory") 16)
  (global $next (mut i32) (i32.const 65536))
  (data (i32.const {DATA}) "{escaped}")
  (data (i32.const {rules_at}) "{rules_escaped}")
  (func (export "kubecis_abi_version") (result i32) (i32.const {abi}))
  (func (export "kubecis_alloc") (param $len i32) (result i32) (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $p))
  (func (export "kubecis_free") (param i32 i32))
  (func (export "kubecis_check") (param i32 i32) (result i64) {body})
  (func (export "kubecis_rules") (result i64) (i64.const {rules_packed}))
)"#
    );
    wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad test WAT: {e}\n{wat}"))
}

/// Writes a module to a temporary file and returns its path.
pub fn write_module(label: &str, bytes: &[u8]) -> PathBuf {
    let path = temp_dir(label).join("plugin.wasm");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// What keeps `log` from validating against the vendored SARIF 2.1.0 schema.
pub fn sarif_problems(log: &serde_json::Value) -> Vec<String> {
    sarif_validator().iter_errors(log).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// The vendored SARIF 2.1.0 schema as a validator. Its `language` patterns have a stray
/// `]`, a literal in ECMA-262 regexes but an error for Rust's regex engine: it is
/// escaped, with the same meaning.
pub fn sarif_validator() -> jsonschema::Validator {
    let text = include_str!("../data/sarif-schema-2.1.0.json");
    let stray = "[a-zA-Z]{2}]?$";
    assert!(text.contains(stray));
    let text = text.replace(stray, "[a-zA-Z]{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the vendored schema is JSON");
    jsonschema::draft4::new(&schema).expect("the schema compiles")
}
