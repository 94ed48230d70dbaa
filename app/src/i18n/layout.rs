use super::Locale;

/// Texts of the frame around every page.
pub struct LayoutTexts {
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub tagline: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    pub footer: &'static str,
}

impl LayoutTexts {
    pub fn get(locale: Locale) -> &'static LayoutTexts {
        match locale {
            Locale::Da => &DA,
            Locale::En => &EN,
        }
    }
}

const DA: LayoutTexts = LayoutTexts {
    skip_to_content: "Gå til indhold",
    language: "Sprog",
    tagline: "Spørgeskemaer til opfølgning hjemmefra",
    not_found_title: "Siden findes ikke",
    not_found_body: "Adressen er forkert, eller siden er flyttet.",
    back_home: "Til forsiden",
    footer: "Svar er open source-software til patientrapporterede oplysninger.",
};

const EN: LayoutTexts = LayoutTexts {
    skip_to_content: "Skip to content",
    language: "Language",
    tagline: "Questionnaires for follow-up at home",
    not_found_title: "Page not found",
    not_found_body: "The address is wrong, or the page has moved.",
    back_home: "Go to the front page",
    footer: "Svar is open-source software for patient-reported outcomes.",
};
