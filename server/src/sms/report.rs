//! Delivery reports from the SMS gateway. Kannel calls the address it was
//! given for each message (`GET /hooks/sms/{id}?sig=…&type=N`) and does
//! not sign its calls, so the address carries an HMAC-SHA256 of the
//! outbox message's id under a key only Svar knows: a report for a message
//! Svar did not send, or with a forged id, is refused. The report's type
//! is the gateway's to fill and cannot be signed; what it may change is
//! limited by `app::schedule::delivery` (the state only moves forward, and
//! failed, rejected and delivered are final), so a repeated or replayed
//! report changes nothing.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use app::schedule::delivery::Delivery;
use app::state::AppState;

/// The key that signs report addresses: random, made once per database and
/// kept there, so every replica signs and checks alike.
#[derive(Clone)]
pub struct ReportKey(std::sync::Arc<[u8]>);

impl ReportKey {
    pub fn new(key: Vec<u8>) -> ReportKey {
        ReportKey(key.into())
    }

    fn mac(&self, id: uuid::Uuid) -> Hmac<Sha256> {
        // HMAC takes a key of any length.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(id.as_bytes());
        mac
    }

    /// The signature of message `id`'s report address (hex).
    pub fn sign(&self, id: uuid::Uuid) -> String {
        self.mac(id).finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether `signature` is message `id`'s (compared in constant time).
    pub fn verify(&self, id: uuid::Uuid, signature: &str) -> bool {
        let Some(bytes) = hex(signature) else { return false };
        self.mac(id).verify_slice(&bytes).is_ok()
    }
}

fn hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[derive(Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    sig: String,
    #[serde(default, rename = "type")]
    report_type: Option<u32>,
}

/// `GET /hooks/sms/{id}?sig=…&type=N`: records what the gateway reports.
/// 204 when the report was read (whether or not it changed anything: the
/// gateway needs no more), 403 for a bad signature, 400 for no type.
pub async fn receive(
    State(state): State<AppState>,
    axum::Extension(key): axum::Extension<ReportKey>,
    Path(id): Path<uuid::Uuid>,
    Query(query): Query<ReportQuery>,
) -> Response {
    if !key.verify(id, &query.sig) {
        tracing::warn!(message = %id, "an SMS delivery report with a wrong signature was refused");
        return (StatusCode::FORBIDDEN, "bad signature").into_response();
    }
    let Some(report_type) = query.report_type else {
        return (StatusCode::BAD_REQUEST, "type: missing").into_response();
    };
    let Some(report) = Delivery::from_kannel(report_type) else {
        // Buffered at the operator: nothing new.
        return StatusCode::NO_CONTENT.into_response();
    };
    match state.store.sms_reported(id, report, state.clock.now()).await {
        Ok(changed) => {
            if changed {
                metrics::counter!("svar_sms_reports_total", "delivery" => report.as_str()).increment(1);
            }
            StatusCode::NO_CONTENT.into_response()
        }
        Err(err) => app::form_response::unavailable(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_fits_its_message_and_key_only() {
        let key = ReportKey::new(b"a key only svar knows".to_vec());
        let (id, other) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let signature = key.sign(id);
        assert_eq!(signature.len(), 64);
        assert!(key.verify(id, &signature));
        assert!(!key.verify(other, &signature), "another message");
        assert!(!ReportKey::new(b"another key".to_vec()).verify(id, &signature), "another key");
        let mut forged = signature.clone();
        forged.replace_range(0..1, if signature.starts_with('0') { "1" } else { "0" });
        assert!(!key.verify(id, &forged), "one character changed");
        assert!(!key.verify(id, ""), "none");
        assert!(!key.verify(id, &signature[..62]), "cut short");
        assert!(!key.verify(id, &"zz".repeat(32)), "not hex");
    }
}
