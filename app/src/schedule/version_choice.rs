//! Which version of its questionnaire an invitation's mails are written
//! from. An invitation already sent keeps the version it was sent with, so
//! a reminder links to the same questions; a new one gets the clinic's
//! newest published version, or else the version Svar ships.

/// Chooses the version. `fixed` is the version the invitation was sent
/// with (none before its first mail); `clinic_version` finds one of the
/// clinic's published versions by number; `shipped` is the shipped
/// questionnaire with its version number. A fixed version that no longer
/// exists anywhere falls back as a new invitation would, so the respondent
/// still gets a link rather than nothing.
pub fn version_for_invitation<Q: Clone>(
    fixed: Option<u32>,
    clinic_version: impl Fn(u32) -> Option<Q>,
    newest_published: Option<Q>,
    shipped: Option<(u32, Q)>,
) -> Option<Q> {
    let kept = fixed.and_then(|v| clinic_version(v).or_else(|| shipped.as_ref().filter(|(s, _)| *s == v).map(|(_, q)| q.clone())));
    kept.or(newest_published).or(shipped.map(|(_, q)| q))
}

#[cfg(test)]
mod tests {
    use super::version_for_invitation;

    /// The clinic published versions 2 and 3 ("c2", "c3"); Svar ships 1.
    fn clinic(v: u32) -> Option<&'static str> {
        match v {
            2 => Some("c2"),
            3 => Some("c3"),
            _ => None,
        }
    }

    #[test]
    fn a_sent_invitation_keeps_its_version() {
        assert_eq!(version_for_invitation(Some(2), clinic, Some("c3"), Some((1, "s1"))), Some("c2"));
        assert_eq!(version_for_invitation(Some(1), clinic, Some("c3"), Some((1, "s1"))), Some("s1"));
    }

    #[test]
    fn a_new_invitation_gets_the_newest_published_version_else_the_shipped_one() {
        assert_eq!(version_for_invitation(None, clinic, Some("c3"), Some((1, "s1"))), Some("c3"));
        assert_eq!(version_for_invitation(None, |_| None::<&str>, None, Some((1, "s1"))), Some("s1"));
    }

    #[test]
    fn a_fixed_version_that_is_gone_falls_back_as_a_new_one_would() {
        assert_eq!(version_for_invitation(Some(7), clinic, Some("c3"), Some((1, "s1"))), Some("c3"));
        assert_eq!(version_for_invitation(Some(7), |_| None::<&str>, None, Some((1, "s1"))), Some("s1"));
    }

    #[test]
    fn an_unknown_questionnaire_has_no_version() {
        assert_eq!(version_for_invitation(None, |_| None::<&str>, None, None), None);
        assert_eq!(version_for_invitation(Some(2), |_| None::<&str>, None, None), None);
    }
}
