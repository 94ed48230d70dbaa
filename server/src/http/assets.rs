//! The client's files (`/pkg`: the wasm client, its JavaScript, the
//! stylesheet), compressed once at build time instead of on every request.
//!
//! Measured on the release client: compressing the 2.7 MB wasm on the fly
//! at the default brotli level cost CPU on every first visit and gave
//! 526 KB; `svar precompress` writes it at the highest level beside the
//! file (`svar.wasm.br`, `svar.wasm.gz`) and the server sends those to a
//! browser that accepts them. Without them (a debug build, a site nobody
//! ran the command on) the files are compressed on the fly as before.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use http::{header, HeaderValue};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// The kinds of file worth compressing; images and fonts are compressed
/// already.
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "svg", "html"];

/// What [`precompress`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Precompressed {
    /// Files compressed now.
    pub written: usize,
    /// Files whose compressed copies were already newer than them.
    pub current: usize,
    /// Bytes of the files compressed now, and of their brotli copies.
    pub bytes: u64,
    pub brotli_bytes: u64,
}

/// Writes `file.br` (brotli, highest level) and `file.gz` (gzip, best)
/// beside every compressible file under `dir`, where they are missing or
/// older than the file. Each copy is written under a temporary name and
/// renamed, so a server reading the folder never sends half a file.
pub fn precompress(dir: &Path) -> io::Result<Precompressed> {
    let mut done = Precompressed::default();
    for file in files(dir)? {
        let Some(ext) = file.extension().and_then(|e| e.to_str()) else { continue };
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let br = with_suffix(&file, "br");
        let gz = with_suffix(&file, "gz");
        if is_newer(&br, &file)? && is_newer(&gz, &file)? {
            done.current += 1;
            continue;
        }
        let content = fs::read(&file)?;
        let brotli = brotli_best(&content)?;
        write_atomically(&br, &brotli)?;
        write_atomically(&gz, &gzip_best(&content)?)?;
        done.written += 1;
        done.bytes += content.len() as u64;
        done.brotli_bytes += brotli.len() as u64;
    }
    Ok(done)
}

/// Deletes the compressed copies under `dir` that are older than their
/// file: a client rebuilt after `svar precompress` (a debug build for
/// `make run` after `make test`) must not be sent as the old one. Run at
/// start-up; returns how many went.
pub fn remove_stale(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for copy in files(dir)? {
        let Some(ext) = copy.extension().and_then(|e| e.to_str()) else { continue };
        if ext != "br" && ext != "gz" {
            continue;
        }
        let source = copy.with_extension("");
        let is_copy = source.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        if is_copy && source.exists() && !is_newer(&copy, &source)? {
            fs::remove_file(&copy)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The folder of the client's files in the site, and their address.
pub const PKG_DIR: &str = "pkg";

/// The `/pkg` files, sending the precompressed copy the browser accepts,
/// with `Vary: Accept-Encoding` so a shared cache does not hand the brotli
/// copy to a browser that did not ask for it.
pub fn service(site_root: &Path) -> SetResponseHeader<ServeDir, HeaderValue> {
    let files = ServeDir::new(site_root.join(PKG_DIR)).precompressed_br().precompressed_gzip();
    SetResponseHeader::appending(files, header::VARY, HeaderValue::from_static("accept-encoding"))
}

fn files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `copy` exists and was written after `source` last changed.
fn is_newer(copy: &Path, source: &Path) -> io::Result<bool> {
    match fs::metadata(copy) {
        Ok(copy) => Ok(copy.modified()? >= fs::metadata(source)?.modified()?),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

fn brotli_best(content: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(content.len() / 4);
    {
        // Quality 11 and a 4 MB window (22): the most brotli can do.
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(content)?;
        writer.flush()?;
    }
    Ok(out)
}

fn gzip_best(content: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(content)?;
    encoder.finish()
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = with_suffix(path, &format!("tmp{}", std::process::id()));
    let mut file = fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    // On disk before it gets its name: after a crash an empty copy newer
    // than its file would be sent and never replaced.
    file.sync_all()?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn writes_both_copies_that_decompress_to_the_file_and_only_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(dir.path().join("svar.wasm"), &wasm).expect("write");
        fs::write(dir.path().join("logo.png"), b"not compressible").expect("write");
        let done = precompress(dir.path()).expect("precompress");
        assert_eq!((done.written, done.current), (1, 0));
        assert!(done.brotli_bytes < done.bytes / 10, "{done:?}");
        let mut back = Vec::new();
        brotli::Decompressor::new(&fs::read(dir.path().join("svar.wasm.br")).expect("br")[..], 4096).read_to_end(&mut back).expect("brotli");
        assert_eq!(back, wasm);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&fs::read(dir.path().join("svar.wasm.gz")).expect("gz")[..]).read_to_end(&mut back).expect("gzip");
        assert_eq!(back, wasm);
        assert!(!dir.path().join("logo.png.br").exists());
        let again = precompress(dir.path()).expect("again");
        assert_eq!((again.written, again.current), (0, 1), "up to date: nothing rewritten");
        // Only copies of the client's kinds of file are ever removed.
        fs::write(dir.path().join("data.gz"), b"a real archive").expect("write");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(dir.path().join("data"), b"unrelated").expect("write");
        assert_eq!(remove_stale(dir.path()).expect("stale"), 0);
        assert!(dir.path().join("data.gz").exists());
    }
}
