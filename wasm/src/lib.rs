//! The raw plugin ABI, version 1: a module with zero imports that any wasm host can
//! load. Strings cross the boundary as UTF-8 JSON in the module's memory:
//!
//! ```text
//! kubecis_abi_version() -> i32              1
//! kubecis_alloc(len: i32) -> i32            pointer to len bytes, 0 on failure
//! kubecis_free(ptr: i32, len: i32)
//! kubecis_check(ptr: i32, len: i32) -> i64  request JSON in; (ptr << 32) | len of the response JSON out
//! kubecis_rules() -> i64                    rules metadata JSON, same packing
//! ```
//!
//! The caller frees every returned buffer with `kubecis_free(ptr, len)`.
//! See docs/plugin-abi.md.

#[cfg(feature = "bindgen")]
mod bindgen;

pub const ABI_VERSION: i32 = 1;

#[no_mangle]
pub extern "C" fn kubecis_abi_version() -> i32 {
    ABI_VERSION
}

#[no_mangle]
pub extern "C" fn kubecis_alloc(len: i32) -> i32 {
    let Ok(len) = usize::try_from(len) else { return 0 };
    let mut buf: Vec<u8> = Vec::new();
    if buf.try_reserve_exact(len).is_err() {
        return 0;
    }
    buf.resize(len, 0);
    into_raw(buf.into_boxed_slice()) as i32
}

/// # Safety
/// `ptr`/`len` must come from `kubecis_alloc` or a packed result, and be freed once.
#[no_mangle]
pub unsafe extern "C" fn kubecis_free(ptr: i32, len: i32) {
    let Ok(len) = usize::try_from(len) else { return };
    if ptr == 0 {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(ptr as usize as *mut u8, len);
    // SAFETY: the buffer is a Box<[u8]> of exactly `len` bytes leaked by this module.
    drop(Box::from_raw(slice));
}

fn into_raw(buf: Box<[u8]>) -> usize {
    Box::into_raw(buf) as *mut u8 as usize
}

/// # Safety
/// `ptr..ptr+len` must be memory the caller filled after `kubecis_alloc(len)`.
#[no_mangle]
pub unsafe extern "C" fn kubecis_check(ptr: i32, len: i32) -> i64 {
    let request: &[u8] = match usize::try_from(len) {
        Ok(0) | Err(_) => &[],
        // SAFETY: the caller wrote `len` bytes at `ptr` (see the ABI contract).
        Ok(n) => std::slice::from_raw_parts(ptr as usize as *const u8, n),
    };
    pack(kubecis_core::check_json(request))
}

#[no_mangle]
pub extern "C" fn kubecis_rules() -> i64 {
    pack(kubecis_core::rules_json())
}

/// Hands a string to the host: its buffer is leaked here and freed by `kubecis_free`.
fn pack(out: String) -> i64 {
    let bytes = out.into_bytes().into_boxed_slice();
    let len = bytes.len();
    let ptr = into_raw(bytes);
    ((ptr as i64) << 32) | (len as i64)
}
