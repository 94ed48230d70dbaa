//! SQL both backends run unchanged. sqlx binds `$1`, `$2`… positionally on
//! SQLite as on PostgreSQL.

pub const PING: &str = "SELECT 1";

pub const INSERT_CLINIC: &str =
    "INSERT INTO clinics (id, slug, name, created_at) VALUES ($1, $2, $3, $4)";
pub const CLINIC_BY_SLUG: &str = "SELECT id, slug, name, created_at FROM clinics WHERE slug = $1";
pub const LIST_CLINICS: &str = "SELECT id, slug, name, created_at FROM clinics ORDER BY name, id";
