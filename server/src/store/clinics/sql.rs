//! The statements of this part of the store.

use crate::store::db::Statement;

pub const INSERT_CLINIC: Statement = Statement::new("INSERT_CLINIC", "INSERT INTO clinics (id, slug, name, created_at) VALUES ($1, $2, $3, $4)");

pub const CLINIC_BY_SLUG: Statement = Statement::new("CLINIC_BY_SLUG", "SELECT id, slug, name, created_at FROM clinics WHERE slug = $1");

pub const LIST_CLINICS: Statement = Statement::new("LIST_CLINICS", "SELECT id, slug, name, created_at FROM clinics ORDER BY name, id");

pub const SET_VERIFY_BIRTH_DATE: Statement = Statement::new("SET_VERIFY_BIRTH_DATE", "UPDATE clinics SET verify_birth_date = $2 WHERE id = $1");

pub const CLINIC_NOTIFY_EMAIL: Statement = Statement::new("CLINIC_NOTIFY_EMAIL", "SELECT notify_email FROM clinics WHERE id = $1");

pub const SET_CLINIC_NOTIFY_EMAIL: Statement = Statement::new("SET_CLINIC_NOTIFY_EMAIL", "UPDATE clinics SET notify_email = $2 WHERE id = $1");

pub const CLINIC_TIME_ZONE: Statement = Statement::new("CLINIC_TIME_ZONE", "SELECT time_zone FROM clinics WHERE id = $1");

pub const CLINIC_REGION: Statement = Statement::new("CLINIC_REGION", "SELECT region FROM clinics WHERE id = $1");

pub const SET_CLINIC_REGION: Statement = Statement::new("SET_CLINIC_REGION", "UPDATE clinics SET region = $2 WHERE id = $1");

pub const CLINIC_SMS_SENDER: Statement = Statement::new("CLINIC_SMS_SENDER", "SELECT sms_sender FROM clinics WHERE id = $1");

pub const SET_CLINIC_SMS_SENDER: Statement = Statement::new("SET_CLINIC_SMS_SENDER", "UPDATE clinics SET sms_sender = $2 WHERE id = $1");

pub const SET_CLINIC_TIME_ZONE: Statement = Statement::new("SET_CLINIC_TIME_ZONE", "UPDATE clinics SET time_zone = $2 WHERE id = $1");

/// Every statement above, for the test that prepares each one against
/// both databases (`server/tests/api/sql.rs`).
pub fn statements() -> Vec<Statement> {
    vec![
        INSERT_CLINIC,
        CLINIC_BY_SLUG,
        LIST_CLINICS,
        SET_VERIFY_BIRTH_DATE,
        CLINIC_NOTIFY_EMAIL,
        SET_CLINIC_NOTIFY_EMAIL,
        CLINIC_TIME_ZONE,
        SET_CLINIC_TIME_ZONE,
        CLINIC_REGION,
        SET_CLINIC_REGION,
        CLINIC_SMS_SENDER,
        SET_CLINIC_SMS_SENDER,
    ]
}
