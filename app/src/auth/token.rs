use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Name of the staff session cookie.
pub const SESSION_COOKIE: &str = "svar_staff";

/// A new random token (32 bytes, base64url) and the SHA-256 hash that is
/// all the database keeps of it.
pub fn new_token() -> Result<(String, Vec<u8>), getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// 32 random bytes for a key Svar keeps (the SMS report key).
pub fn random_key() -> Result<[u8; 32], getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// `Set-Cookie` for a staff session: not readable by scripts, not sent
/// from other sites' pages, HTTPS-only when Svar is served over HTTPS.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The session token in a request's cookies, if any.
pub fn token_from_headers(headers: &http::HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

/// A non-empty cookie of the request by name.
pub fn cookie(headers: &http::HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == wanted && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, hash_a) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes in base64url without padding");
        assert_eq!(hash_a, hash_token(&a));
        assert_eq!(hash_a.len(), 32);
    }

    #[test]
    fn finds_the_session_cookie() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, "svar_lang=da; svar_staff=abc".parse().unwrap());
        assert_eq!(token_from_headers(&headers).as_deref(), Some("abc"));
        headers.insert(http::header::COOKIE, "svar_staff=".parse().unwrap());
        assert_eq!(token_from_headers(&headers), None);
        assert!(session_cookie("t", true).ends_with("; Secure"));
        assert!(!session_cookie("t", false).contains("Secure"));
    }
}
