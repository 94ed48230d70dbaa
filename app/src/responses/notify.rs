//! The clinic's notification that something urgent arrived: no patient
//! details in the mail, only a link to the worklist entry (behind
//! sign-in). Every language in one mail: it goes to a clinic address.

use crate::i18n::{t, Locale, Text};
use crate::ports::OutgoingMail;

/// What arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgent {
    RedFlag,
    ContactRequest,
}

pub fn clinic_notification(to: &str, public_url: &str, path: &str, what: Urgent) -> OutgoingMail {
    let what = match what {
        Urgent::RedFlag => t::mail::NOTIFY_RED_FLAG,
        Urgent::ContactRequest => t::mail::NOTIFY_CONTACT,
    };
    let link = format!("{public_url}{path}");
    let all = |text: Text| Locale::ALL.map(|l| text.get(l)).join(" / ");
    let subject = format!("Svar: {}", all(what));
    let paragraphs: String = Locale::ALL.iter().map(|&l| format!("{}. {}\n{link}\n\n", what.get(l), t::mail::NOTIFY_SIGN_IN.get(l))).collect();
    let no_details = all(t::mail::NOTIFY_NO_PATIENT_DETAILS);
    OutgoingMail { to: to.to_owned(), subject, text: format!("{paragraphs}-- \nSvar. {no_details}\n"), html: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notification_links_to_the_entry_and_says_nothing_about_the_patient() {
        let mail = clinic_notification("klinik@example.dk", "https://svar.example", "/staff/worklist/response/abc", Urgent::RedFlag);
        assert!(mail.text.contains("https://svar.example/staff/worklist/response/abc"));
        assert!(mail.subject.contains("rødt flag") && mail.subject.contains("red flag"));
    }

    #[test]
    fn the_notification_reads_in_every_language() {
        let mail = clinic_notification("klinik@example.dk", "https://svar.example", "/x", Urgent::ContactRequest);
        assert_eq!(mail.subject, "Svar: Ny anmodning om kontakt / New request to be contacted");
        assert_eq!(
            mail.text,
            "Ny anmodning om kontakt. Log ind for at se den:\nhttps://svar.example/x\n\nNew request to be contacted. Sign in to see it:\nhttps://svar.example/x\n\n-- \nSvar. Denne besked indeholder ingen patientoplysninger. / This message holds no patient details.\n"
        );
    }
}
