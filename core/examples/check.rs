//! Runs the native core on files: `cargo run -p kubecis-core --example check -- FILE...`.
//! For development; the `kubecis` CLI runs the same core as wasm.

fn main() {
    let documents = std::env::args()
        .skip(1)
        .map(|name| {
            let content = std::fs::read(&name).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
            kubecis_core::Document::new(name, content)
        })
        .collect();
    let request = kubecis_core::Request { documents, options: Default::default() };
    let report = kubecis_core::check(&request.documents, &request.options).expect("valid options");
    println!("{}", serde_json::to_string_pretty(&report).expect("serialisable"));
}
