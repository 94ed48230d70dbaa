//! How Svar logs a failure: once, where it ends, with every cause below
//! it. (Apart from `error.rs` so that any module may log without importing
//! the error a response carries.)

/// Logs a failure once, where it ends (becomes a response, or is given up
/// on): the operation that failed and the error with every cause below
/// it. The one way Svar logs an error; `architecture_test` refuses a log
/// line that prints an error any other way.
#[cfg(feature = "ssr")]
pub fn log_failure(operation: &str, err: &(dyn std::error::Error + 'static)) {
    tracing::error!(operation, error = %error_chain(err), "{operation} failed");
}

/// An error and every cause below it, outermost first: `a: b: c`.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("storing the response")]
    struct Outer(#[source] Inner);
    #[derive(Debug, thiserror::Error)]
    #[error("database is locked")]
    struct Inner;

    #[test]
    fn the_chain_names_every_cause() {
        assert_eq!(error_chain(&Outer(Inner)), "storing the response: database is locked");
    }
}
