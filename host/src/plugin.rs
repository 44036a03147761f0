//! Loads the kubecis plugin (a core wasm module speaking the raw ABI v1) with wasmtime
//! and calls it safely:
//!
//! - the module must have zero imports and export `memory` and the ABI functions with
//!   the exact signatures; `kubecis_abi_version()` must return [`ABI_VERSION`];
//! - every call runs in a fresh store with a memory cap ([`StoreLimits`]) and a
//!   wall-clock deadline (epoch interruption), so a hostile or buggy module can neither
//!   exhaust the host's memory nor hang it; a trap becomes an error, never a crash;
//! - every pointer and length the module hands back is bounds-checked against its memory.
//!
//! Compiling the module with Cranelift takes a few hundred milliseconds, so the compiled
//! artifact is cached on disk (see [`cache_dir`]) keyed by the module's SHA-256 and the
//! engine's compatibility hash (wasmtime version and configuration).

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::thread;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};
use wasmtime::{
    Config, Engine, Instance, Memory, Module, OptLevel, Store, StoreLimits, StoreLimitsBuilder, Trap, TypedFunc,
};

/// The raw plugin ABI version this host speaks.
pub const ABI_VERSION: i32 = 1;

/// The plugin built from this workspace's `wasm/` crate by `build.rs`.
pub static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kubecis.wasm"));

/// The wasmtime release this host is built against (pinned in Cargo.toml).
const WASMTIME_VERSION: &str = "48.0.8";

/// The exports of ABI v1 and their signatures, as `(name, params, results)`.
pub const ABI_EXPORTS: &[(&str, &str)] = &[
    ("memory", "memory"),
    ("kubecis_abi_version", "func() -> i32"),
    ("kubecis_alloc", "func(i32) -> i32"),
    ("kubecis_free", "func(i32, i32)"),
    ("kubecis_check", "func(i32, i32) -> i64"),
    ("kubecis_rules", "func() -> i64"),
];

/// Resource limits for one plugin call.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest linear memory the module may grow to.
    pub memory_bytes: usize,
    /// Wall-clock time one call may take.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { memory_bytes: 1 << 30, timeout: Duration::from_secs(60) }
    }
}

/// The period of the epoch clock (see [`Plugin::arm_deadline`]).
const TICK: Duration = Duration::from_millis(100);

/// The number of ticks a call may run; one more, since the first may come at once.
fn deadline_ticks(timeout: Duration) -> u64 {
    (timeout.as_millis() / TICK.as_millis()).max(1) as u64 + 1
}

/// How the compiled module was obtained (for `plugin --info` and timing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Loaded from the on-disk cache.
    Cached,
    /// Compiled now and written to the cache.
    CompiledAndCached,
    /// Compiled now; the cache could not be used.
    Compiled,
}

pub struct Plugin {
    engine: Engine,
    module: Module,
    limits: Limits,
    clock: Once,
    pub sha256: String,
    pub size: usize,
    pub origin: Origin,
    pub cache_file: Option<PathBuf>,
}

struct Host {
    limits: StoreLimits,
}

struct Exports {
    memory: Memory,
    alloc: TypedFunc<i32, i32>,
    free: TypedFunc<(i32, i32), ()>,
    check: TypedFunc<(i32, i32), i64>,
    rules: TypedFunc<(), i64>,
}

impl Plugin {
    /// Compiles (or loads from cache) and validates a module.
    pub fn load(bytes: &[u8], limits: Limits, use_cache: bool) -> Result<Plugin> {
        let engine = engine()?;
        let sha256 = hex(&Sha256::digest(bytes));
        let (module, origin, cache_file) = if use_cache {
            match cache_file(&engine, &sha256) {
                Some(path) => load_cached(&engine, bytes, &path)?,
                None => (compile(&engine, bytes)?, Origin::Compiled, None),
            }
        } else {
            (compile(&engine, bytes)?, Origin::Compiled, None)
        };
        validate_interface(&module)?;
        Ok(Plugin { engine, module, limits, clock: Once::new(), sha256, size: bytes.len(), origin, cache_file })
    }

    /// `kubecis_abi_version()` of the module.
    pub fn abi_version(&self) -> Result<i32> {
        let (mut store, instance) = self.instantiate()?;
        let f = typed::<(), i32>(&mut store, &instance, "kubecis_abi_version")?;
        self.guard(f.call(&mut store, ()), "kubecis_abi_version")
    }

    /// Runs `kubecis_check` on a JSON request and returns the JSON response.
    pub fn check(&self, request: &[u8]) -> Result<String> {
        let (mut store, instance) = self.instantiate()?;
        let ex = self.exports(&mut store, &instance)?;
        let len =
            i32::try_from(request.len()).map_err(|_| anyhow!("request of {} bytes is too large", request.len()))?;
        let ptr = self.guard(ex.alloc.call(&mut store, len), "kubecis_alloc")?;
        if ptr == 0 && len != 0 {
            bail!("the plugin could not allocate {len} bytes for the request");
        }
        ex.memory
            .write(&mut store, ptr as u32 as usize, request)
            .map_err(|_| anyhow!("kubecis_alloc returned an out-of-bounds buffer"))?;
        let packed = self.guard(ex.check.call(&mut store, (ptr, len)), "kubecis_check")?;
        let out = take_string(&mut store, &ex, packed, "kubecis_check")?;
        // The request buffer is the caller's to free; the store is dropped right after
        // anyway, so a failure here does not matter.
        let _ = ex.free.call(&mut store, (ptr, len));
        Ok(out)
    }

    /// Runs `kubecis_rules` and returns the rules metadata JSON.
    pub fn rules(&self) -> Result<String> {
        let (mut store, instance) = self.instantiate()?;
        let ex = self.exports(&mut store, &instance)?;
        let packed = self.guard(ex.rules.call(&mut store, ()), "kubecis_rules")?;
        take_string(&mut store, &ex, packed, "kubecis_rules")
    }

    fn instantiate(&self) -> Result<(Store<Host>, Instance)> {
        let host = Host {
            limits: StoreLimitsBuilder::new()
                .memory_size(self.limits.memory_bytes)
                // A refused grow traps with a resource-limit error, told apart from a bug.
                .trap_on_grow_failure(true)
                .instances(1)
                .memories(1)
                .tables(4)
                .table_elements(1 << 20)
                .build(),
        };
        let mut store = Store::new(&self.engine, host);
        store.limiter(|h| &mut h.limits);
        store.set_epoch_deadline(deadline_ticks(self.limits.timeout));
        store.epoch_deadline_trap();
        self.arm_deadline();
        let instance =
            Instance::new(&mut store, &self.module, &[]).map_err(|e| describe(e, "instantiate", self.limits))?;
        let version = typed::<(), i32>(&mut store, &instance, "kubecis_abi_version")?;
        let version = self.guard(version.call(&mut store, ()), "kubecis_abi_version")?;
        if version != ABI_VERSION {
            bail!("the plugin speaks ABI version {version}; this kubecis speaks version {ABI_VERSION}");
        }
        Ok((store, instance))
    }

    fn exports(&self, store: &mut Store<Host>, instance: &Instance) -> Result<Exports> {
        let memory = instance
            .get_memory(&mut *store, "memory")
            .ok_or_else(|| anyhow!("the plugin does not export its memory as \"memory\""))?;
        Ok(Exports {
            memory,
            alloc: typed(store, instance, "kubecis_alloc")?,
            free: typed(store, instance, "kubecis_free")?,
            check: typed(store, instance, "kubecis_check")?,
            rules: typed(store, instance, "kubecis_rules")?,
        })
    }

    /// Starts the clock behind the wall-clock deadline: a detached thread bumps the
    /// engine's epoch every [`TICK`]; each store traps once its deadline, counted in
    /// ticks from its creation, has passed. The thread ends with the process.
    fn arm_deadline(&self) {
        self.clock.call_once(|| {
            let engine = self.engine.clone();
            let _ = thread::Builder::new().name("kubecis-deadline".into()).spawn(move || loop {
                thread::sleep(TICK);
                engine.increment_epoch();
            });
        });
    }

    fn guard<T>(&self, r: wasmtime::Result<T>, what: &str) -> Result<T> {
        r.map_err(|e| describe(e, what, self.limits))
    }
}

fn typed<P, R>(store: &mut Store<Host>, instance: &Instance, name: &str) -> Result<TypedFunc<P, R>>
where
    P: wasmtime::WasmParams,
    R: wasmtime::WasmResults,
{
    instance
        .get_typed_func::<P, R>(&mut *store, name)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("the plugin's export {name} is missing or has the wrong signature"))
}

/// Reads the `(ptr << 32) | len` buffer a call returned, frees it, and decodes it.
fn take_string(store: &mut Store<Host>, ex: &Exports, packed: i64, what: &str) -> Result<String> {
    let ptr = (packed as u64 >> 32) as u32 as usize;
    let len = (packed as u64 & 0xffff_ffff) as usize;
    let bytes = ex
        .memory
        .data(&*store)
        .get(ptr..ptr.saturating_add(len))
        .ok_or_else(|| anyhow!("{what} returned an out-of-bounds buffer ({ptr:#x}, {len} bytes)"))?
        .to_vec();
    let _ = ex.free.call(&mut *store, (ptr as u32 as i32, len as u32 as i32));
    String::from_utf8(bytes).map_err(|e| anyhow!("{what} returned invalid UTF-8: {e}"))
}

/// Turns a wasmtime error (a trap, a limit, a deadline) into a readable one. `what` is
/// the export that was running, said as what it was doing for the user.
fn describe(e: wasmtime::Error, what: &str, limits: Limits) -> anyhow::Error {
    let what = match what {
        "kubecis_check" => "checking the documents".to_string(),
        "kubecis_rules" => "reading the rules".to_string(),
        "kubecis_alloc" => "taking in the request".to_string(),
        "kubecis_abi_version" | "instantiate" => "starting".to_string(),
        export => format!("calling {export}"),
    };
    if format!("{e:?}").contains("growing memory") {
        return anyhow!("the check ran out of memory (the limit is {} MiB, --max-memory)", limits.memory_bytes >> 20);
    }
    match e.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => {
            anyhow!("the check did not finish within {}s (--timeout) while {what}", limits.timeout.as_secs())
        }
        Some(Trap::StackOverflow) => anyhow!("the plugin overflowed its stack while {what}"),
        Some(trap) => anyhow!("the plugin trapped while {what}: {trap}"),
        None => anyhow::Error::from(e).context(format!("the plugin failed while {what}")),
    }
}

fn engine() -> Result<Engine> {
    let mut config = Config::new();
    config.cranelift_opt_level(OptLevel::Speed);
    config.epoch_interruption(true);
    Engine::new(&config).map_err(|e| anyhow!(e).context("could not set up wasmtime"))
}

fn compile(engine: &Engine, bytes: &[u8]) -> Result<Module> {
    Module::new(engine, bytes).map_err(|e| anyhow!(e).context("the plugin is not a valid wasm module"))
}

/// Checks the module's interface before anything runs: no imports, and every ABI v1
/// export with the right type.
fn validate_interface(module: &Module) -> Result<()> {
    let imports: Vec<String> = module.imports().map(|i| format!("{}::{}", i.module(), i.name())).collect();
    if !imports.is_empty() {
        bail!("the plugin imports {}; the kubecis plugin ABI allows no imports", imports.join(", "));
    }
    for (name, want) in ABI_EXPORTS {
        let Some(ty) = module.get_export(name) else {
            bail!("the plugin does not export {name} ({want})");
        };
        let got = describe_extern(&ty);
        if got != *want {
            bail!("the plugin's export {name} is {got}; ABI v{ABI_VERSION} wants {want}");
        }
    }
    Ok(())
}

/// A short, comparable description of an export's type: `memory`, `func(i32) -> i32`.
pub fn describe_extern(ty: &wasmtime::ExternType) -> String {
    match ty {
        wasmtime::ExternType::Func(f) => {
            let params: Vec<String> = f.params().map(|p| p.to_string()).collect();
            let results: Vec<String> = f.results().map(|r| r.to_string()).collect();
            let mut s = format!("func({})", params.join(", "));
            if !results.is_empty() {
                s.push_str(" -> ");
                s.push_str(&results.join(", "));
            }
            s
        }
        wasmtime::ExternType::Memory(_) => "memory".into(),
        wasmtime::ExternType::Table(_) => "table".into(),
        wasmtime::ExternType::Global(_) => "global".into(),
        wasmtime::ExternType::Tag(_) => "tag".into(),
    }
}

/// `$KUBECIS_CACHE_DIR`, else `$XDG_CACHE_HOME/kubecis`, else `~/.cache/kubecis`.
pub fn cache_dir() -> Option<PathBuf> {
    let non_empty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = non_empty("KUBECIS_CACHE_DIR") {
        return Some(dir);
    }
    if let Some(dir) = non_empty("XDG_CACHE_HOME").filter(|d| d.is_absolute()) {
        return Some(dir.join("kubecis"));
    }
    non_empty("HOME").map(|h| h.join(".cache").join("kubecis"))
}

fn cache_file(engine: &Engine, sha256: &str) -> Option<PathBuf> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    let config = h.finish();
    let dir = cache_dir()?;
    Some(dir.join(format!("{}-wasmtime-{WASMTIME_VERSION}-{config:016x}.cwasm", &sha256[..32])))
}

fn load_cached(engine: &Engine, bytes: &[u8], path: &Path) -> Result<(Module, Origin, Option<PathBuf>)> {
    if path.is_file() {
        // SAFETY: the file is an artifact this program wrote with
        // `Engine::precompile_module` for this exact module and engine configuration
        // (both are in its name), in the user's own cache directory. wasmtime still
        // checks its header, version and configuration and refuses a mismatch.
        if let Ok(module) = unsafe { Module::deserialize_file(engine, path) } {
            return Ok((module, Origin::Cached, Some(path.to_path_buf())));
        }
        let _ = fs::remove_file(path);
    }
    let compiled =
        engine.precompile_module(bytes).map_err(|e| anyhow!(e).context("the plugin is not a valid wasm module"))?;
    // SAFETY: the bytes were produced just now by `precompile_module` on this engine.
    let module = unsafe { Module::deserialize(engine, &compiled) }
        .map_err(|e| anyhow!(e).context("could not load the compiled plugin"))?;
    match write_atomically(path, &compiled) {
        Ok(()) => Ok((module, Origin::CompiledAndCached, Some(path.to_path_buf()))),
        Err(_) => Ok((module, Origin::Compiled, None)),
    }
}

fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("module"),
        std::process::id()
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
