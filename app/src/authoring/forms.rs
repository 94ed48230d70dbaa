//! The authoring forms: every editor change is a plain form post answered
//! with a redirect back to the page (at the element changed), or the page
//! again with the problems and everything typed. The work is done by
//! `crate::authoring::service`.

use std::collections::BTreeMap;

use crate::auth::{AccessError, RequestMeta};
use crate::authoring::edit::Fields;
use crate::authoring::service::{self, AuthoringError, Imported};
use crate::authoring::view::version_path;
use crate::authoring::{DefinitionKind, MailKind, MailText, SmsText};
use crate::components::FormEcho;
use crate::domain::form_error::FieldError;
use crate::form_input::PostedFields;
use crate::i18n::t;
use crate::i18n::Locale;
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};

use crate::form_response::page_with_echo;

fn meta(state: &AppState, parts: &Parts) -> RequestMeta {
    RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for)
}

/// What the form held, for the page shown again. Repeated fields
/// (checkboxes) are joined with commas.
fn values_of(fields: &[(String, String)]) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in fields {
        values
            .entry(k.clone())
            .and_modify(|e| {
                e.push(',');
                e.push_str(v);
            })
            .or_insert_with(|| v.clone());
    }
    values
}

/// Where the editor returns after a change: the element added or edited
/// (under its id as saved, which may be new), else the form's `_anchor`;
/// only plain ids become a fragment.
fn fragment(fields: &[(String, String)]) -> String {
    let f = Fields(fields);
    let anchor = match f.get("_op") {
        "add_item" | "item" => format!("item-{}", f.get("item_id")),
        "add_page" | "page" => format!("page-{}", f.get("page_id")),
        "add_score" | "score" => format!("score-{}", f.get("score_id")),
        "add_rule" | "rule" => format!("rule-{}", f.get("rule_id")),
        "add_timepoint" | "timepoint" => format!("timepoint-{}", f.get("timepoint_id")),
        _ => f.get("_anchor").to_owned(),
    };
    let plain = anchor.len() <= 100 && anchor.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain && !anchor.is_empty() && !anchor.ends_with('-') {
        format!("#{anchor}")
    } else {
        String::new()
    }
}

/// A notice above the page, in both languages, from the interface's texts.
fn notice(text: crate::i18n::Text, places: &[(&str, &dyn std::fmt::Display)]) -> Option<(String, String)> {
    Some((text.fill(Locale::Da, places), text.fill(Locale::En, places)))
}

/// The response for a refused authoring request: the page again with the
/// problems and the values, or a plain status where there is no page.
async fn refused(state: AppState, parts: Parts, err: AuthoringError, values: BTreeMap<String, String>, payload: Option<String>) -> Response {
    let echo = |errors: Vec<FieldError>, notice: Option<(String, String)>| FormEcho {
        values: values.clone(),
        errors,
        notice,
        payload: payload.clone(),
        page: None,
    };
    match err {
        AuthoringError::Access(AccessError::NotSignedIn) => Redirect::to("/staff/sign-in").into_response(),
        AuthoringError::Access(AccessError::MustChangePassword) => Redirect::to("/staff/password?required=1").into_response(),
        AuthoringError::Access(AccessError::Forbidden) => crate::form_response::plain(StatusCode::FORBIDDEN, t::plain::ADMINS_ONLY_DEFINITIONS),
        AuthoringError::NotFound => crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::NO_SUCH_DEFINITION),
        AuthoringError::Invalid(errors) => {
            let notice = notice(t::authoring::NOTHING_SAVED_CORRECT_ERRORS, &[]);
            page_with_echo(state, parts, echo(errors, notice), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        AuthoringError::NotPublishable(report) => {
            let failing = report.tests.iter().filter(|t| !t.passed).count();
            let notice = notice(t::authoring::NOT_PUBLISHED_SUMMARY, &[("errors", &report.diagnostics.len()), ("failing", &failing)]);
            page_with_echo(state, parts, echo(Vec::new(), notice), StatusCode::CONFLICT).await
        }
        AuthoringError::Stale => {
            let notice = notice(t::authoring::DRAFT_CHANGED_ELSEWHERE, &[]);
            page_with_echo(state, parts, echo(Vec::new(), notice), StatusCode::CONFLICT).await
        }
        AuthoringError::Frozen => {
            let notice = notice(t::authoring::VERSION_PUBLISHED_CANNOT_CHANGE, &[]);
            page_with_echo(state, parts, echo(Vec::new(), notice), StatusCode::CONFLICT).await
        }
        AuthoringError::Access(AccessError::Store(err)) | AuthoringError::Store(err) => {
            crate::error::log_failure("authoring form", &err);
            crate::form_response::service_unavailable()
        }
    }
}

fn kind_of(s: &str) -> Result<DefinitionKind, Response> {
    DefinitionKind::parse(s).ok_or_else(|| crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::NO_SUCH_KIND))
}

/// `POST /staff/authoring`: a new version of a definition, or a new one.
pub async fn catalogue_form(State(state): State<AppState>, parts: Parts, posted: PostedFields) -> Response {
    let meta = meta(&state, &parts);
    let fields = posted.0;
    let f = Fields(&fields);
    let kind = match kind_of(f.get("kind")) {
        Ok(kind) => kind,
        Err(response) => return response,
    };
    let result = match f.get("_op") {
        "new_version" => service::start_version(&state, &meta, kind, f.get("id")).await.map(|v| (f.get("id").to_owned(), v)),
        _ => service::create_new(&state, &meta, kind, &fields).await,
    };
    match result {
        Ok((id, version)) => Redirect::to(&version_path(kind, &id, version)).into_response(),
        Err(err) => refused(state, parts, err, values_of(&fields), None).await,
    }
}

/// `POST /staff/authoring/{kind}/{id}/{version}`: one editor change,
/// saving the source, publishing or discarding.
pub async fn version_form(
    State(state): State<AppState>,
    Path((kind, id, version)): Path<(String, String, u32)>,
    parts: Parts,
    posted: PostedFields,
) -> Response {
    let meta = meta(&state, &parts);
    let kind = match kind_of(&kind) {
        Ok(kind) => kind,
        Err(response) => return response,
    };
    let fields = posted.0;
    let f = Fields(&fields);
    let path = version_path(kind, &id, version);
    let rev = Some(f.get("_rev"));
    let result = match f.get("_op") {
        "publish" => service::publish(&state, &meta, kind, &id, version, f.get("replan") == "on", rev).await.map(|_| path.clone()),
        "discard" => service::discard(&state, &meta, kind, &id, version, rev).await.map(|()| "/staff/authoring".to_owned()),
        "source" => service::save_source(&state, &meta, kind, &id, version, f.raw("source"), rev).await.map(|()| format!("{path}#source")),
        _ => service::edit(&state, &meta, kind, &id, version, &fields).await.map(|()| format!("{path}{}", fragment(&fields))),
    };
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(err) => refused(state, parts, err, values_of(&fields), None).await,
    }
}

/// `POST /staff/authoring/{kind}/{id}/{version}/test`: a new rule
/// test from the answers filled in.
pub async fn test_form(
    State(state): State<AppState>,
    Path((kind, id, version)): Path<(String, String, u32)>,
    parts: Parts,
    posted: PostedFields,
) -> Response {
    let meta = meta(&state, &parts);
    let mut fields = posted.0;
    fields.retain(|(k, _)| k != "_op");
    fields.push(("_op".to_owned(), "add_test".to_owned()));
    if kind != DefinitionKind::Questionnaire.as_str() {
        return crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::ONLY_QUESTIONNAIRES_HAVE_TESTS);
    }
    let kind = DefinitionKind::Questionnaire;
    match service::edit(&state, &meta, kind, &id, version, &fields).await {
        Ok(()) => Redirect::to(&format!("{}#tests", version_path(kind, &id, version))).into_response(),
        Err(err) => {
            // The posted fields go back whole: the page reads the answers
            // from them as the form would (several boxes of one item too).
            let payload = serde_json::to_string(&fields).ok();
            refused(state, parts, err, values_of(&fields), payload).await
        }
    }
}

/// `GET /staff/authoring/{kind}/{id}/{version}/export`: the version as a
/// TOML file.
pub async fn export(State(state): State<AppState>, Path((kind, id, version)): Path<(String, String, u32)>, parts: Parts) -> Response {
    let meta = meta(&state, &parts);
    let kind = match kind_of(&kind) {
        Ok(kind) => kind,
        Err(response) => return response,
    };
    match service::export(&state, &meta, kind, &id, version).await {
        Ok((file, source)) => (
            [
                (header::CONTENT_TYPE, "application/toml; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            ],
            source,
        )
            .into_response(),
        Err(err) => refused(state, parts, err, BTreeMap::new(), None).await,
    }
}

/// `POST /staff/authoring/import` (multipart): a file, or its text pasted.
pub async fn import(State(state): State<AppState>, parts: Parts, mut multipart: Multipart) -> Response {
    let meta = meta(&state, &parts);
    let (mut file_name, mut file, mut pasted) = (String::new(), String::new(), String::new());
    let mut bad_file = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let given = field.file_name().map(str::to_owned);
                let Ok(bytes) = field.bytes().await else {
                    bad_file = true;
                    break;
                };
                match (name.as_str(), String::from_utf8(bytes.to_vec())) {
                    ("file", Ok(text)) => {
                        file_name = given.unwrap_or_default();
                        file = text;
                    }
                    ("source", Ok(text)) => pasted = text,
                    ("file", Err(_)) => bad_file = true,
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => {
                bad_file = true;
                break;
            }
        }
    }
    // The page shown again is the catalogue, where the form is.
    let mut parts = parts;
    parts.uri = Uri::from_static("/staff/authoring");
    if bad_file {
        let err = AuthoringError::Invalid(vec![FieldError::text("file", t::authoring::FILE_COULD_NOT_READ_TEXT)]);
        return refused(state, parts, err, BTreeMap::new(), None).await;
    }
    let (name, source) = if file.trim().is_empty() { ("import.toml".to_owned(), pasted) } else { (file_name, file) };
    // Shown again in the paste field if refused, so nothing is lost.
    let kept = BTreeMap::from([("source".to_owned(), source.clone())]);
    // Only the last part of a path a browser may send.
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().chars().take(100).collect::<String>();
    match service::import(&state, &meta, &name, &source).await {
        Ok(Imported::Draft(kind, id, version)) => Redirect::to(&version_path(kind, &id, version)).into_response(),
        Ok(Imported::Refused(diagnostics)) => {
            // The diagnostics themselves, so the page says them in the
            // reader's language.
            let payload = serde_json::to_string(&diagnostics).ok();
            let notice = notice(t::authoring::NOTHING_IMPORTED, &[]);
            let echo = FormEcho { values: kept, errors: Vec::new(), notice, payload, page: None };
            page_with_echo(state, parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => refused(state, parts, err, kept, None).await,
    }
}

/// `POST /staff/authoring/mail`: save a clinic's own text, or go back to
/// the standard one (a mail's, or with `channel=sms` an SMS's).
pub async fn mail_form(State(state): State<AppState>, parts: Parts, posted: PostedFields) -> Response {
    let fields = posted.0;
    if Fields(&fields).get("channel") == "sms" {
        return sms_form(state, parts, fields).await;
    }
    let meta = meta(&state, &parts);
    let f = Fields(&fields);
    let (Some(kind), Some(language)) = (MailKind::parse(f.get("kind")), Locale::parse(f.get("language"))) else {
        return (StatusCode::BAD_REQUEST, "kind and language: unknown mail.").into_response();
    };
    let form = format!("mail-{}-{}", kind.as_str(), language.as_str());
    let result = match f.get("_op") {
        "reset" => service::reset_mail_text(&state, &meta, kind, language).await,
        _ => {
            let text = MailText { kind, language, subject: f.get("subject").to_owned(), body: f.raw("body").replace("\r\n", "\n") };
            service::set_mail_text(&state, &meta, text).await
        }
    };
    match result {
        Ok(()) => Redirect::to(&format!("/staff/authoring/mail#{form}")).into_response(),
        Err(err) => refused(state, parts, err, values_of(&fields), None).await,
    }
}

/// The SMS forms of the mail texts page (`channel=sms`, posted to the
/// page's own address so a refused text comes back on it): save a
/// clinic's own SMS text, or go back to Svar's.
async fn sms_form(state: AppState, parts: Parts, fields: Vec<(String, String)>) -> Response {
    let meta = meta(&state, &parts);
    let f = Fields(&fields);
    let (Some(kind), Some(language)) = (MailKind::parse(f.get("kind")), Locale::parse(f.get("language"))) else {
        return (StatusCode::BAD_REQUEST, "kind and language: unknown SMS.").into_response();
    };
    let form = format!("sms-{}-{}", kind.as_str(), language.as_str());
    let result = match f.get("_op") {
        "reset" => super::sms_texts::reset_sms_text(&state, &meta, kind, language).await,
        _ => {
            // One line of text: a line break typed in the box is a space.
            let body = f.raw("body").replace("\r\n", " ").replace(['\n', '\r'], " ");
            super::sms_texts::set_sms_text(&state, &meta, SmsText { kind, language, body }).await
        }
    };
    match result {
        Ok(()) => Redirect::to(&format!("/staff/authoring/mail#{form}")).into_response(),
        // Each error beside its own form's text box (the page has four).
        Err(AuthoringError::Invalid(errors)) => {
            let errors = errors.into_iter().map(|e| FieldError { field: format!("{form}-{}", e.field).into(), message: e.message }).collect();
            refused(state, parts, AuthoringError::Invalid(errors), values_of(&fields), None).await
        }
        Err(err) => refused(state, parts, err, values_of(&fields), None).await,
    }
}

/// The editor's form posts and the export download.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/staff/authoring", post(catalogue_form))
        .route("/staff/authoring/import", post(import))
        .route("/staff/authoring/mail", post(mail_form))
        .route("/staff/authoring/{kind}/{id}/{version}", post(version_form))
        .route("/staff/authoring/{kind}/{id}/{version}/test", post(test_form))
        .route("/staff/authoring/{kind}/{id}/{version}/export", get(export))
}
