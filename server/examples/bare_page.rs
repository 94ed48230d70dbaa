//! The load script's baseline (`make load`): a bare axum server that sends
//! one fixed page, with Nagle's algorithm off as in Svar. Whatever Svar's
//! page costs above this is Svar's own work (session, draft, rendering),
//! not the network or HTTP.
//!
//! Usage: `bare_page PAGE.html PORT [MODE]`, where MODE says how the page is
//! compressed for a client that accepts brotli, so that compression's own
//! cost can be measured apart from Svar's:
//! - `svar` (the default): per request by Svar's own compression layer
//!   (`server::startup::compression`);
//! - `tower`: tower-http's default (brotli quality 4, a 4 MiB window);
//! - `none`: not compressed;
//! - `br:Q:W`: per request by the brotli crate at quality Q with a 2^W-byte
//!   window, told the page's size;
//! - `cached`: compressed once at start-up (the floor: HTTP alone).

use std::net::SocketAddr;

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;

// The same allocator as Svar (server/src/main.rs), so the difference is
// Svar's work, not the allocator's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(page), Some(port)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: bare_page PAGE.html PORT [svar|tower|none|br:Q:W|cached]");
    };
    let mode = args.next().unwrap_or_else(|| "svar".to_owned());
    let body: &'static str = Box::leak(std::fs::read_to_string(&page)?.into_boxed_str());
    let router = match mode.as_str() {
        "svar" => Router::new().route("/", get(move || async move { Html(body) })).layer(server::startup::compression()),
        "tower" => Router::new().route("/", get(move || async move { Html(body) })).layer(CompressionLayer::new()),
        "none" => Router::new().route("/", get(move || async move { Html(body) })),
        "cached" => {
            let compressed: &'static [u8] = Box::leak(brotli_of(body.as_bytes(), 4, 22).into_boxed_slice());
            Router::new().route("/", get(move || async move { as_brotli(compressed.to_vec()) }))
        }
        other => {
            let mut parts = other.strip_prefix("br:").unwrap_or_default().split(':').map(str::parse::<i32>);
            let (Some(Ok(quality)), Some(Ok(window))) = (parts.next(), parts.next()) else {
                anyhow::bail!("unknown mode {other}: svar, tower, none, cached or br:QUALITY:WINDOW_BITS");
            };
            Router::new().route("/", get(move || async move { as_brotli(brotli_of(body.as_bytes(), quality, window)) }))
        }
    };
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port.parse::<u16>()?))).await?;
    println!("bare page ({mode}) listening on {}", listener.local_addr()?);
    axum::serve(server::startup::without_nagle(listener), router).await?;
    Ok(())
}

fn brotli_of(body: &[u8], quality: i32, window: i32) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality, lgwin: window, size_hint: body.len(), ..Default::default() };
    let mut out = Vec::with_capacity(body.len() / 4);
    let mut input = body;
    // Writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

fn as_brotli(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_ENCODING, "br")], bytes).into_response()
}
