use clap::Parser;

// Server-side rendering and per-response compression allocate and free
// many short-lived buffers on every request, from many threads. Under 32
// concurrent clients glibc's allocator was a quarter of the questionnaire
// page's time (malloc, free, consolidation and zeroing in the profile that
// `make load` writes); mimalloc's per-thread heaps avoid that contention.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::run(server::cli::Cli::parse()).await
}
