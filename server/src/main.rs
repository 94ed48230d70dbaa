use clap::Parser;

// Server-side rendering and per-response compression allocate and free
// many short-lived buffers on every request, from many threads: with 32
// concurrent clients glibc's malloc and free were about a fifth of the
// questionnaire page's server time (`make load`). mimalloc took the page
// from 681 to 798 requests/s with one client (p50 1.43 -> 1.17 ms); at 32
// clients the gain was within the runs' noise (1,167 -> 1,219).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::run(server::cli::Cli::parse()).await
}
