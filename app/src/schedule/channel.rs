//! Which channel reaches a respondent: the one they prefer when it can be
//! used, else e-mail. SMS needs a mobile number and the respondent's
//! consent to SMS (with its date, kept on the respondent).

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Text};

/// A way to reach a respondent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    #[default]
    Email,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::Sms];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        match s.trim() {
            "email" | "e-mail" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }

    /// What staff read.
    pub fn label(self) -> Text {
        match self {
            Channel::Email => t::patients::CHANNEL_EMAIL,
            Channel::Sms => t::patients::CHANNEL_SMS,
        }
    }
}

/// What is known of a respondent's ways to be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reach {
    pub preferred: Channel,
    pub has_email: bool,
    pub has_mobile: bool,
    pub sms_consent: bool,
}

impl Reach {
    /// The respondent's ladder: every channel that can reach them, in the
    /// order they are tried. The one they prefer comes first (their choice
    /// counts), then e-mail, then SMS. SMS only to a mobile number whose
    /// owner agreed to SMS, and only when Svar has an SMS gateway
    /// (`sms_gateway`). Empty when nothing can reach them: the window
    /// closes unanswered and the clinic sees a no-response item.
    pub fn ladder(self, sms_gateway: bool) -> Vec<Channel> {
        let sms = sms_gateway && self.has_mobile && self.sms_consent;
        let reachable = |c: Channel| match c {
            Channel::Email => self.has_email,
            Channel::Sms => sms,
        };
        let mut ladder = Vec::with_capacity(2);
        for c in [self.preferred, Channel::Email, Channel::Sms] {
            if reachable(c) && !ladder.contains(&c) {
                ladder.push(c);
            }
        }
        ladder
    }

    /// The channel an invitation or reminder goes by: the ladder's first.
    pub fn channel(self, sms_gateway: bool) -> Option<Channel> {
        self.ladder(sms_gateway).first().copied()
    }

    /// The channel that follows a message by `failed` that failed for
    /// good (an SMS refused or never delivered, a mail given up): the next
    /// rung of the ladder, so along one ladder a fallback never goes back
    /// to a channel already tried. If `failed` is no longer on the ladder
    /// (the consent was withdrawn since), the first rung that is not
    /// `failed`. A chain of fallbacks ends: each follows one failed
    /// message once, and there are two channels.
    pub fn after(self, failed: Channel, sms_gateway: bool) -> Option<Channel> {
        let ladder = self.ladder(sms_gateway);
        match ladder.iter().position(|c| *c == failed) {
            Some(at) => ladder.get(at + 1).copied(),
            None => ladder.into_iter().find(|c| *c != failed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(preferred: Channel, has_email: bool, has_mobile: bool, sms_consent: bool) -> Reach {
        Reach { preferred, has_email, has_mobile, sms_consent }
    }

    #[test]
    fn sms_when_preferred_with_a_number_and_consent() {
        assert_eq!(reach(Channel::Sms, true, true, true).channel(true), Some(Channel::Sms));
        assert_eq!(reach(Channel::Sms, false, true, true).channel(true), Some(Channel::Sms));
    }

    #[test]
    fn email_when_sms_cannot_be_used() {
        assert_eq!(reach(Channel::Sms, true, true, false).channel(true), Some(Channel::Email), "no consent");
        assert_eq!(reach(Channel::Sms, true, false, true).channel(true), Some(Channel::Email), "no number");
        assert_eq!(reach(Channel::Email, true, true, true).channel(true), Some(Channel::Email), "e-mail preferred");
    }

    #[test]
    fn sms_when_there_is_no_email_but_consent() {
        assert_eq!(reach(Channel::Email, false, true, true).channel(true), Some(Channel::Sms));
    }

    #[test]
    fn email_when_there_is_no_gateway() {
        assert_eq!(reach(Channel::Sms, true, true, true).channel(false), Some(Channel::Email));
        assert_eq!(reach(Channel::Sms, false, true, true).channel(false), None);
    }

    #[test]
    fn nothing_when_no_channel_can_be_used() {
        assert_eq!(reach(Channel::Email, false, true, false).channel(true), None);
        assert_eq!(reach(Channel::Sms, false, false, true).channel(true), None);
    }

    #[test]
    fn the_ladder_starts_with_the_preferred_channel_and_holds_only_what_reaches() {
        assert_eq!(reach(Channel::Sms, true, true, true).ladder(true), [Channel::Sms, Channel::Email]);
        assert_eq!(reach(Channel::Email, true, true, true).ladder(true), [Channel::Email, Channel::Sms]);
        assert_eq!(reach(Channel::Sms, true, true, true).ladder(false), [Channel::Email], "no gateway");
        assert_eq!(reach(Channel::Sms, true, true, false).ladder(true), [Channel::Email], "no consent");
        assert_eq!(reach(Channel::Sms, false, true, true).ladder(true), [Channel::Sms], "no e-mail");
        assert!(reach(Channel::Email, false, false, false).ladder(true).is_empty());
    }

    #[test]
    fn a_failed_message_moves_to_the_next_rung_and_never_back() {
        let both = reach(Channel::Sms, true, true, true);
        assert_eq!(both.after(Channel::Sms, true), Some(Channel::Email), "a failed SMS moves to e-mail");
        assert_eq!(both.after(Channel::Email, true), None, "e-mail was the last rung: nothing goes back to SMS");
        let mail_first = reach(Channel::Email, true, true, true);
        assert_eq!(mail_first.after(Channel::Email, true), Some(Channel::Sms), "a mail given up moves to SMS");
        assert_eq!(mail_first.after(Channel::Sms, true), None);
        assert_eq!(reach(Channel::Sms, false, true, true).after(Channel::Sms, true), None, "no other rung");
    }

    #[test]
    fn a_channel_gone_from_the_ladder_falls_back_to_its_first_other_rung() {
        // The SMS failed, and the consent was withdrawn since.
        let withdrawn = reach(Channel::Sms, true, true, false);
        assert_eq!(withdrawn.after(Channel::Sms, true), Some(Channel::Email));
        // The address was removed since the mail was given up.
        assert_eq!(reach(Channel::Email, false, true, true).after(Channel::Email, true), Some(Channel::Sms));
        assert_eq!(reach(Channel::Email, false, true, false).after(Channel::Email, true), None);
    }

    #[test]
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse("letter"), None);
    }
}
