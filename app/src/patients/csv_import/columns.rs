//! The columns the import understands, and the header line that names them.

use super::records::Record;
use super::FileProblem;
use crate::patients::enrolment::EnrolmentForm;
use crate::patients::patient::field;

/// A column the import understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    DateOfBirth,
    NationalId,
    Email,
    IndexDate,
    /// Respondent 1 or 2 (index 0 or 1).
    RespondentName(usize),
    RespondentEmail(usize),
    RespondentRelation(usize),
    RespondentLanguage(usize),
    RespondentMobile(usize),
    RespondentChannel(usize),
    RespondentSmsConsent(usize),
}

impl Column {
    pub const ALL: [Column; 19] = [
        Column::Name,
        Column::DateOfBirth,
        Column::NationalId,
        Column::Email,
        Column::IndexDate,
        Column::RespondentName(0),
        Column::RespondentEmail(0),
        Column::RespondentRelation(0),
        Column::RespondentLanguage(0),
        Column::RespondentMobile(0),
        Column::RespondentChannel(0),
        Column::RespondentSmsConsent(0),
        Column::RespondentName(1),
        Column::RespondentEmail(1),
        Column::RespondentRelation(1),
        Column::RespondentLanguage(1),
        Column::RespondentMobile(1),
        Column::RespondentChannel(1),
        Column::RespondentSmsConsent(1),
    ];

    /// The canonical header, which is also the web form's field name.
    pub fn canonical(self) -> &'static str {
        let r = |i: usize| field::RESPONDENTS[i.min(1)];
        match self {
            Column::Name => field::NAME,
            Column::DateOfBirth => field::DATE_OF_BIRTH,
            Column::NationalId => field::NATIONAL_ID,
            Column::Email => field::EMAIL,
            Column::IndexDate => field::INDEX_DATE,
            Column::RespondentName(i) => r(i).name,
            Column::RespondentEmail(i) => r(i).email,
            Column::RespondentRelation(i) => r(i).relation,
            Column::RespondentLanguage(i) => r(i).language,
            Column::RespondentMobile(i) => r(i).mobile,
            Column::RespondentChannel(i) => r(i).channel,
            Column::RespondentSmsConsent(i) => r(i).sms_consent,
        }
    }

    /// Columns a file must have. Respondent 2's name, email and relation are
    /// required together if any of them is present.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Column::Name
                | Column::DateOfBirth
                | Column::IndexDate
                | Column::RespondentName(0)
                | Column::RespondentEmail(0)
                | Column::RespondentRelation(0)
        )
    }

    /// Accepted header spellings, normalised (lowercase, without spaces,
    /// `_`, `-` and `.`). For respondents the header is `respondent1`/
    /// `respondent2` followed by one of these.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["name", "navn", "patientnavn", "patientname", "fuldtnavn", "fullname"],
            Column::DateOfBirth => &["dateofbirth", "birthdate", "dob", "fødselsdato", "foedselsdato", "fodselsdato"],
            Column::NationalId => &["nationalid", "cpr", "cprnr", "cprnummer", "personnummer"],
            Column::Email => &["email", "mail", "emailadresse", "epost"],
            Column::IndexDate => &["indexdate", "indeksdato", "indexdato"],
            Column::RespondentName(_) => &["name", "navn"],
            Column::RespondentEmail(_) => &["email", "mail", "emailadresse"],
            Column::RespondentRelation(_) => &["relation", "tilknytning"],
            Column::RespondentLanguage(_) => &["language", "sprog", "lang"],
            Column::RespondentMobile(_) => &["mobile", "mobil", "mobilnummer", "mobilenumber", "phone", "telefon", "tlf"],
            Column::RespondentChannel(_) => &["channel", "kanal"],
            Column::RespondentSmsConsent(_) => &["smsconsent", "smssamtykke", "samtykkesms"],
        }
    }

    pub fn from_header(header: &str) -> Option<Column> {
        let h: String = header.trim().chars().filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.')).flat_map(char::to_lowercase).collect();
        if let Some(rest) = h.strip_prefix("respondent") {
            let index = match rest.chars().next() {
                Some('1') => 0,
                Some('2') => 1,
                _ => return None,
            };
            let suffix = &rest[1..];
            return [
                Column::RespondentName(index),
                Column::RespondentEmail(index),
                Column::RespondentRelation(index),
                Column::RespondentLanguage(index),
                Column::RespondentMobile(index),
                Column::RespondentChannel(index),
                Column::RespondentSmsConsent(index),
            ]
            .into_iter()
            .find(|c| c.aliases().contains(&suffix));
        }
        [Column::Name, Column::DateOfBirth, Column::NationalId, Column::Email, Column::IndexDate]
            .into_iter()
            .find(|c| c.aliases().contains(&h.as_str()))
    }

    pub(super) fn cell(self, form: &mut EnrolmentForm) -> &mut String {
        let p = &mut form.patient;
        match self {
            Column::Name => &mut p.name,
            Column::DateOfBirth => &mut p.date_of_birth,
            Column::NationalId => &mut p.national_id,
            Column::Email => &mut p.email,
            Column::IndexDate => &mut form.index_date,
            Column::RespondentName(0) => &mut p.respondent1_name,
            Column::RespondentEmail(0) => &mut p.respondent1_email,
            Column::RespondentRelation(0) => &mut p.respondent1_relation,
            Column::RespondentLanguage(0) => &mut p.respondent1_language,
            Column::RespondentMobile(0) => &mut p.respondent1_mobile,
            Column::RespondentChannel(0) => &mut p.respondent1_channel,
            Column::RespondentSmsConsent(0) => &mut p.respondent1_sms_consent,
            Column::RespondentName(_) => &mut p.respondent2_name,
            Column::RespondentEmail(_) => &mut p.respondent2_email,
            Column::RespondentRelation(_) => &mut p.respondent2_relation,
            Column::RespondentLanguage(_) => &mut p.respondent2_language,
            Column::RespondentMobile(_) => &mut p.respondent2_mobile,
            Column::RespondentChannel(_) => &mut p.respondent2_channel,
            Column::RespondentSmsConsent(_) => &mut p.respondent2_sms_consent,
        }
    }
}

/// Maps header positions to columns; `None` for an unnamed, empty column
/// (spreadsheets add those after a stray separator).
pub(super) fn read_header(headers: &[String], data: &[Record]) -> Result<Vec<Option<Column>>, Vec<FileProblem>> {
    let mut columns = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    let mut problems = Vec::new();
    for (position, header) in headers.iter().enumerate() {
        if header.trim().is_empty() {
            let has_data = data.iter().any(|r| r.fields.get(position).is_some_and(|f| !f.trim().is_empty()));
            if has_data {
                problems.push(FileProblem::UnnamedColumn { position: position + 1 });
            }
            columns.push(None);
            continue;
        }
        match Column::from_header(header) {
            Some(column) if columns.contains(&Some(column)) => {
                let column = column.canonical().to_owned();
                if !problems.contains(&FileProblem::DuplicateColumn { column: column.clone() }) {
                    problems.push(FileProblem::DuplicateColumn { column });
                }
                columns.push(None);
            }
            Some(column) => columns.push(Some(column)),
            None => {
                unknown.push(header.trim().to_owned());
                columns.push(None);
            }
        }
    }
    let has = |c: Column| columns.contains(&Some(c));
    let second = [Column::RespondentName(1), Column::RespondentEmail(1), Column::RespondentRelation(1)];
    let wants_second = second.iter().any(|c| has(*c)) || has(Column::RespondentLanguage(1));
    let missing: Vec<String> = Column::ALL
        .into_iter()
        .filter(|c| !has(*c) && (c.is_required() || (wants_second && second.contains(c))))
        .map(|c| c.canonical().to_owned())
        .collect();
    let mut all = Vec::new();
    if !unknown.is_empty() {
        all.push(FileProblem::UnknownColumns { columns: unknown });
    }
    if !missing.is_empty() {
        all.push(FileProblem::MissingColumns { columns: missing });
    }
    all.extend(problems);
    if all.is_empty() {
        Ok(columns)
    } else {
        Err(all)
    }
}
