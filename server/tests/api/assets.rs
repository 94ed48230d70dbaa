//! The client's files are sent as their precompressed copies (`svar
//! precompress`) to a browser that accepts them, and as they are
//! otherwise; a file without copies is compressed on the fly as before, as
//! pages are.

use crate::helpers::{backend_tests, spawn_app_with, Backend};

backend_tests!(the_client_files_are_sent_precompressed_where_they_are);

async fn the_client_files_are_sent_precompressed_where_they_are(backend: Backend) {
    let site = tempfile::tempdir().expect("temp dir");
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).expect("pkg");
    let wasm: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(pkg.join("svar.wasm"), &wasm).expect("wasm");
    std::fs::write(pkg.join("svar.js"), "export const x = 1;\n".repeat(200)).expect("js");
    server::http::assets::precompress(&pkg).expect("precompress");
    // A file written after the command ran has no copies.
    std::fs::write(pkg.join("late.css"), "body { margin: 0 }\n".repeat(200)).expect("css");
    // A client rebuilt after it ran: its old copies must not be sent.
    std::fs::write(pkg.join("rebuilt.js"), "export const old = 1;\n".repeat(200)).expect("js");
    server::http::assets::precompress(&pkg).expect("precompress");
    let rebuilt = "export const new_ = 2;\n".repeat(200);
    std::fs::write(pkg.join("rebuilt.js"), &rebuilt).expect("js");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(pkg.join("rebuilt.js")).and_then(|f| f.set_modified(later)).expect("mtime");
    let root = site.path().to_owned();
    let app = spawn_app_with(backend, move |s| s.site_root = root).await;
    let get = |path: &'static str, accept: &'static str| {
        let request = app.client.get(app.url(path)).header("accept-encoding", accept);
        async move { request.send().await.expect("response") }
    };

    let br = get("/pkg/svar.wasm", "gzip, deflate, br").await;
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["content-type"], "application/wasm");
    assert!(br.headers()["vary"].to_str().unwrap().contains("accept-encoding"), "caches keep the copies apart");
    assert_eq!(br.bytes().await.unwrap(), std::fs::read(pkg.join("svar.wasm.br")).unwrap(), "the copy, not a fresh compression");

    let gz = get("/pkg/svar.js", "gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap(), std::fs::read(pkg.join("svar.js.gz")).unwrap());

    let plain = get("/pkg/svar.wasm", "identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap(), wasm);

    let late = get("/pkg/late.css", "br").await;
    assert_eq!(late.status(), 200);
    assert_eq!(late.headers()["content-encoding"], "br", "compressed on the fly");

    let rebuilt_response = get("/pkg/rebuilt.js", "identity").await;
    assert_eq!(rebuilt_response.text().await.unwrap(), rebuilt);
    assert!(!pkg.join("rebuilt.js.br").exists() && !pkg.join("rebuilt.js.gz").exists(), "stale copies removed at start");
    assert!(pkg.join("svar.wasm.br").exists(), "current copies kept");

    assert_eq!(get("/pkg/missing.js", "br").await.status(), 404);

    // Pages are compressed per response (at brotli's first level, see
    // `server::startup::compression`) and decode to the whole page.
    let page = get("/staff/sign-in", "gzip, deflate, br").await;
    assert_eq!(page.headers()["content-encoding"], "br", "pages compressed on the fly");
    let compressed = page.bytes().await.unwrap();
    let mut html = Vec::new();
    brotli::BrotliDecompress(&mut compressed.as_ref(), &mut html).expect("a valid brotli stream");
    let html = String::from_utf8(html).expect("UTF-8");
    assert!(html.contains("name=\"password\"") && html.contains("</html>"), "{html}");
    assert!(compressed.len() < html.len(), "{} bytes of {}", compressed.len(), html.len());
}
