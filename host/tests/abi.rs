//! The embedded module's interface and its raw ABI, checked with wasmtime directly
//! (no kubecis host code involved), and the CLI's defences against bad plugins.

mod common;

use common::*;
use serde_json::Value;
use wasmtime::{Engine, ExternType, Instance, Module, Store, ValType};

const ABI_FUNCS: &[(&str, &[ValType], &[ValType])] = &[
    ("kubecis_abi_version", &[], &[ValType::I32]),
    ("kubecis_alloc", &[ValType::I32], &[ValType::I32]),
    ("kubecis_free", &[ValType::I32, ValType::I32], &[]),
    ("kubecis_check", &[ValType::I32, ValType::I32], &[ValType::I64]),
    ("kubecis_rules", &[], &[ValType::I64]),
];

fn types_eq(got: impl Iterator<Item = ValType>, want: &[ValType]) -> bool {
    let got: Vec<ValType> = got.collect();
    got.len() == want.len() && got.iter().zip(want).all(|(a, b)| ValType::eq(a, b))
}

/// The embedded module compiled once for all tests here (Cranelift in a debug build
/// takes seconds).
fn compiled() -> &'static (Engine, Module) {
    static COMPILED: std::sync::OnceLock<(Engine, Module)> = std::sync::OnceLock::new();
    COMPILED.get_or_init(|| {
        let mut config = wasmtime::Config::new();
        config.cranelift_opt_level(wasmtime::OptLevel::None);
        let engine = Engine::new(&config).unwrap();
        let module = Module::new(&engine, embedded_module()).expect("the embedded plugin compiles");
        (engine, module)
    })
}

#[test]
fn embedded_module_has_zero_imports_and_exactly_the_abi_exports() {
    let (_, module) = compiled();

    let imports: Vec<String> = module.imports().map(|i| format!("{}::{}", i.module(), i.name())).collect();
    assert!(imports.is_empty(), "the plugin must have no imports, has {imports:?}");

    // The functions are exactly the ABI's; besides them only `memory` and the two
    // globals rustc always exports from a wasm cdylib (`__data_end`, `__heap_base`).
    let mut funcs: Vec<&str> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for e in module.exports() {
        match e.ty() {
            ExternType::Func(_) => funcs.push(e.name()),
            ExternType::Memory(_) if e.name() == "memory" => {}
            ExternType::Global(_) if ["__data_end", "__heap_base"].contains(&e.name()) => {}
            other => others.push(format!("{} ({other:?})", e.name())),
        }
    }
    funcs.sort_unstable();
    let mut want: Vec<&str> = ABI_FUNCS.iter().map(|(n, _, _)| *n).collect();
    want.sort_unstable();
    assert_eq!(funcs, want, "function exports differ from ABI v1");
    assert!(others.is_empty(), "unexpected exports: {others:?}");

    for (name, params, results) in ABI_FUNCS {
        match module.get_export(name) {
            Some(ExternType::Func(f)) => {
                assert!(types_eq(f.params(), params), "{name} params: {f}");
                assert!(types_eq(f.results(), results), "{name} results: {f}");
            }
            other => panic!("{name} is not a function: {other:?}"),
        }
    }
    assert!(matches!(module.get_export("memory"), Some(ExternType::Memory(_))));
}

/// A raw ABI session on the embedded module.
struct Raw {
    store: Store<()>,
    instance: Instance,
}

impl Raw {
    fn new() -> Raw {
        let (engine, module) = compiled();
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, module, &[]).unwrap();
        Raw { store, instance }
    }

    fn call_check(&mut self, request: &[u8]) -> Value {
        let s = &mut self.store;
        let alloc = self.instance.get_typed_func::<i32, i32>(&mut *s, "kubecis_alloc").unwrap();
        let free = self.instance.get_typed_func::<(i32, i32), ()>(&mut *s, "kubecis_free").unwrap();
        let check = self.instance.get_typed_func::<(i32, i32), i64>(&mut *s, "kubecis_check").unwrap();
        let memory = self.instance.get_memory(&mut *s, "memory").unwrap();
        let len = request.len() as i32;
        let ptr = alloc.call(&mut *s, len).unwrap();
        assert!(ptr != 0 || len == 0, "alloc failed");
        memory.write(&mut *s, ptr as usize, request).unwrap();
        let packed = check.call(&mut *s, (ptr, len)).expect("kubecis_check must not trap");
        free.call(&mut *s, (ptr, len)).unwrap();
        let (rptr, rlen) = ((packed as u64 >> 32) as usize, (packed as u64 & 0xffff_ffff) as usize);
        let bytes = memory.data(&*s)[rptr..rptr + rlen].to_vec();
        free.call(&mut *s, (rptr as i32, rlen as i32)).unwrap();
        serde_json::from_slice(&bytes).expect("the response is JSON")
    }
}

#[test]
fn malformed_requests_give_the_error_object_not_a_trap() {
    let mut raw = Raw::new();
    let version = raw
        .instance
        .get_typed_func::<(), i32>(&mut raw.store, "kubecis_abi_version")
        .unwrap()
        .call(&mut raw.store, ())
        .unwrap();
    assert_eq!(version, 1);

    let cases: &[(&str, &[u8])] = &[
        ("empty", b""),
        ("not json", b"this is not json"),
        ("truncated", b"{\"documents\": [{\"name\": \"a\""),
        ("not utf-8", b"{\"documents\": [{\"name\": \"\xff\xfe\", \"content\": \"\"}]}"),
        ("wrong type", b"{\"documents\": 1}"),
        ("array", b"[]"),
        ("benchmark not a string", b"{\"documents\": [], \"options\": {\"benchmark\": 12}}"),
    ];
    for (label, request) in cases {
        let response = raw.call_check(request);
        assert_eq!(response["schemaVersion"], 1, "{label}: {response}");
        assert!(
            response["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{label}: expected the error object, got {response}"
        );
        assert!(response.get("findings").is_none(), "{label}: {response}");
    }

    // The instance is still usable after all of that.
    let ok =
        raw.call_check(br#"{"documents":[{"name":"a.yaml","content":"a: 1\n"}],"options":{"benchmark":"cis-1.12"}}"#);
    assert_eq!(ok["schemaVersion"], 1, "{ok}");
    assert!(ok.get("error").is_none(), "{ok}");
    assert!(ok["findings"].is_array(), "{ok}");
}

#[test]
fn plugin_info_reports_abi_version_and_hash() {
    let out = run(&["plugin", "--info"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let text = stdout(&out);
    assert!(text.contains("abi version: 1"), "{text}");
    let size = embedded_module().len();
    assert!(text.contains(&format!("size:        {size} bytes")), "{text}");
}

#[test]
fn plugin_write_to_stdout_is_the_same_bytes() {
    let out = run(&["plugin", "--write", "-"]);
    assert_eq!(code(&out), 0);
    assert_eq!(out.stdout, embedded_module());
}

// --- bad plugins: every one is an error with exit 2, never a crash or a hang ---------

fn check_with(plugin: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let dir = temp_dir("bad-plugin-input");
    std::fs::write(dir.join("a.yaml"), "a: 1\n").unwrap();
    let mut args = vec!["--plugin", plugin.to_str().unwrap(), "check"];
    args.extend_from_slice(extra);
    args.push("a.yaml");
    run_in(Some(&dir), &args, b"")
}

fn assert_error(out: &std::process::Output, needle: &str) {
    assert_eq!(code(out), 2, "{}", describe(out));
    assert!(stderr(out).contains(needle), "stderr lacks {needle:?}\n{}", describe(out));
    assert!(!stderr(out).contains("panicked"), "{}", describe(out));
}

#[test]
fn a_trapping_plugin_is_an_error() {
    let p = write_module("trap", &fake_plugin(Check::Trap, 1, ""));
    assert_error(&check_with(&p, &[]), "trapped");
}

#[test]
fn a_spinning_plugin_hits_the_deadline() {
    let p = write_module("spin", &fake_plugin(Check::Spin, 1, ""));
    let start = std::time::Instant::now();
    assert_error(&check_with(&p, &["--timeout", "1"]), "did not finish within 1s");
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn memory_is_capped() {
    let p = write_module("grow", &fake_plugin(Check::Grow, 1, ""));
    assert_error(&check_with(&p, &[]), "ran out of memory (the limit is 1024 MiB, --max-memory)");
}

#[test]
fn out_of_bounds_results_are_rejected() {
    let p = write_module("oob", &fake_plugin(Check::OutOfBounds, 1, ""));
    assert_error(&check_with(&p, &[]), "out-of-bounds");
}

#[test]
fn a_plugin_with_imports_is_refused() {
    let p = write_module("imports", &fake_plugin(Check::Respond("{}"), 1, r#"(import "env" "clock" (func))"#));
    assert_error(&check_with(&p, &[]), "allows no imports");
}

#[test]
fn another_abi_version_is_refused() {
    let p = write_module("abi2", &fake_plugin(Check::Respond("{}"), 2, ""));
    assert_error(&check_with(&p, &[]), "ABI version 2");
    let out = run(&["--plugin", p.to_str().unwrap(), "plugin", "--info"]);
    assert_error(&out, "ABI version 2");
}

#[test]
fn a_module_that_is_not_wasm_is_refused() {
    let p = write_module("garbage", b"\0asm garbage");
    assert_error(&check_with(&p, &[]), "not a valid wasm module");
    assert_error(&check_with(std::path::Path::new("/nonexistent/kubecis.wasm"), &[]), "cannot read plugin");
}

#[test]
fn invalid_json_from_the_plugin_is_an_error() {
    let p = write_module("badjson", &fake_plugin(Check::Respond("{not json"), 1, ""));
    assert_error(&check_with(&p, &[]), "invalid JSON");
}

#[test]
fn the_module_cache_is_used_and_survives_corruption() {
    // A small module keeps the three compilations below quick in a debug build.
    let plugin = write_module("cached", &fake_plugin(Check::Respond("{}"), 1, ""));
    let plugin = plugin.to_str().unwrap();
    let cache = temp_dir("own-cache");
    let info = |cache: &std::path::Path| {
        let out = command(&["--plugin", plugin, "plugin", "--info"]).env("KUBECIS_CACHE_DIR", cache).output().unwrap();
        assert_eq!(code(&out), 0, "{}", describe(&out));
        stdout(&out)
    };
    assert!(info(&cache).contains("(written)"));
    assert!(info(&cache).contains("(hit)"));
    let files: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::write(&files[0], b"corrupt").unwrap();
    assert!(info(&cache).contains("(written)"), "a corrupt cache entry is rebuilt");
    assert!(info(&cache).contains("(hit)"));

    // An unwritable cache falls back to compiling in memory.
    let out = command(&["--plugin", plugin, "plugin", "--info"])
        .env("KUBECIS_CACHE_DIR", "/proc/kubecis-cannot-write-here")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(stdout(&out).contains("cache:       not used"), "{}", describe(&out));
}
