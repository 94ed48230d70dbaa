use super::Locale;

/// Texts of the front page.
pub struct HomeTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub patients_heading: &'static str,
    pub patients_body: &'static str,
    pub clinics_heading: &'static str,
    pub clinics_body: &'static str,
    pub how_heading: &'static str,
    pub how_steps: [&'static str; 4],
    pub staff_link: &'static str,
}

impl HomeTexts {
    pub fn get(locale: Locale) -> &'static HomeTexts {
        match locale {
            Locale::Da => &DA,
            Locale::En => &EN,
        }
    }
}

const DA: HomeTexts = HomeTexts {
    title: "Svar – opfølgning hjemmefra",
    lead: "Svar sender korte spørgeskemaer til patienter og forældre på faste tidspunkter, \
           så klinikken kan se, hvem der har brug for et besøg eller et opkald.",
    patients_heading: "Til patienter og forældre",
    patients_body: "Du får en e-mail med et personligt link, når det er tid til at svare. \
                    Du kan altid bede klinikken om at kontakte dig.",
    clinics_heading: "Til klinikker",
    clinics_body: "Svarene bliver gennemgået efter regler, som klinikkens speciallæger har \
                   skrevet, og de svar, der kræver handling, kommer på en arbejdsliste.",
    how_heading: "Sådan virker det",
    how_steps: [
        "Klinikken tilmelder patienten et forløb, fx efter en operation.",
        "Patienten eller en forælder svarer på en telefon eller computer.",
        "Svarene scores og tjekkes efter klinikkens regler.",
        "Speciallægen ser de markerede svar og beslutter, hvad der skal ske.",
    ],
    staff_link: "Log ind som personale",
};

const EN: HomeTexts = HomeTexts {
    title: "Svar – follow-up at home",
    lead: "Svar sends short questionnaires to patients and parents at set times, \
           so the clinic can see who needs a visit or a call.",
    patients_heading: "For patients and parents",
    patients_body: "You get an email with a personal link when it is time to answer. \
                    You can always ask the clinic to contact you.",
    clinics_heading: "For clinics",
    clinics_body: "Answers are checked against rules written by the clinic's specialists, \
                   and the answers that need action go on a worklist.",
    how_heading: "How it works",
    how_steps: [
        "The clinic enrols the patient in a pathway, for example after an operation.",
        "The patient or a parent answers on a phone or a computer.",
        "The answers are scored and checked against the clinic's rules.",
        "The specialist sees the flagged answers and decides what happens.",
    ],
    staff_link: "Staff sign-in",
};
