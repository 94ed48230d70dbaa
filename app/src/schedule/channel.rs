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
    /// The channel an invitation goes by: SMS only to a mobile number
    /// whose owner agreed to SMS, and only when Svar has an SMS gateway
    /// (`sms_gateway`); otherwise e-mail when there is an address; `None`
    /// when neither can be used (the window closes unanswered and the
    /// clinic sees a no-response item).
    pub fn channel(self, sms_gateway: bool) -> Option<Channel> {
        let sms = sms_gateway && self.has_mobile && self.sms_consent;
        match self.preferred {
            Channel::Sms if sms => Some(Channel::Sms),
            _ if self.has_email => Some(Channel::Email),
            _ if sms => Some(Channel::Sms),
            _ => None,
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
    fn names_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(c));
        }
        assert_eq!(Channel::parse("letter"), None);
    }
}
