//! The clinic's notification that something urgent arrived: no patient
//! details in the mail, only a link to the worklist entry (behind
//! sign-in). Danish and English in one mail: it goes to a clinic address.

use crate::ports::OutgoingMail;

/// What arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgent {
    RedFlag,
    ContactRequest,
}

pub fn clinic_notification(to: &str, public_url: &str, path: &str, what: Urgent) -> OutgoingMail {
    let (da, en) = match what {
        Urgent::RedFlag => ("Nyt rødt flag på arbejdslisten", "New red flag on the worklist"),
        Urgent::ContactRequest => ("Ny anmodning om kontakt", "New request to be contacted"),
    };
    let link = format!("{public_url}{path}");
    OutgoingMail {
        to: to.to_owned(),
        subject: format!("Svar: {da} / {en}"),
        text: format!(
            "{da}. Log ind for at se den:\n{link}\n\n{en}. Sign in to see it:\n{link}\n\n-- \nSvar. Denne besked indeholder ingen patientoplysninger. / This message holds no patient details.\n"
        ),
        html: None,
    }
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
}
