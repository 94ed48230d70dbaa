//! Rules of the staff pages that are theirs alone. The staff types every
//! part of Svar shares (`Role`, `StaffEmail`, `StaffMember`, …) are in
//! [`crate::domain::staff`].

/// Whether `next` may be followed after a password change: a staff page of
/// this site (never another host, never the password page again), in
/// plain ASCII so it is a valid `Location`.
pub fn safe_next(next: &str) -> bool {
    next.starts_with("/staff")
        && !next.starts_with("/staff/password")
        && !next.contains("//")
        && !next.contains('\\')
        && next.len() <= 2000
        && next.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_staff_pages_of_this_site_are_followed_after_a_password_change() {
        assert!(safe_next("/staff"));
        assert!(safe_next("/staff/worklist?status=closed"));
        for bad in [
            "",
            "https://evil.example/staff",
            "//evil.example",
            "/staff//evil",
            "/staff/password",
            "/a",
            "/staff\\x",
            "/staff/æ",
            "/staff/x\r\nSet-Cookie:x",
        ] {
            assert!(!safe_next(bad), "{bad:?}");
        }
    }
}
