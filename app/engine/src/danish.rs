//! The engine's messages in Danish.
//!
//! Messages are made once, in English, where the mistake is found; this is
//! the one place that says them in Danish, so `svar check --language da`,
//! the import and the web editor say the same thing in either language.
//!
//! A message is read as clauses separated by `; ` (the mistake, then a hint
//! such as "did you mean `x`?"). In each clause the parts that are quoted
//! from the file (`` `code` ``, `"text"`) and numbers are slots; the rest,
//! with `{}` for each slot, is looked up in [`CLAUSES`]. A clause that ends
//! by naming where it is (" in rule `x`") has that ending looked up in
//! [`PLACES`] and translated on its own. Slots keep their order. A clause
//! with no Danish is left in English; a test runs every message of the
//! test corpus through here and fails on any such clause.

use std::borrow::Cow;

/// `(English, Danish)`, `{}` for each slot in order.
pub const CLAUSES: &[(&str, &str)] = &[
    // Reading the file.
    ("this text has no closing quote: end it with \" on the same line", "denne tekst mangler sit afsluttende anførselstegn: afslut den med \" på samme linje"),
    ("this text has no closing quote: end it with ' on the same line", "denne tekst mangler sit afsluttende anførselstegn: afslut den med ' på samme linje"),
    ("this {} has no closing {}: add it at the end of the line", "denne {} mangler sin afsluttende {}: tilføj den sidst på linjen"),
    ("this list has no closing {}: add it on a line of its own after the last element", "denne liste mangler sin afsluttende {}: tilføj den på en linje for sig efter det sidste element"),
    ("this section header has no closing {}: write {}", "denne sektionsoverskrift mangler sin afsluttende {}: skriv {}"),
    ("the section {} is written twice", "sektionen {} er skrevet to gange"),
    ("put its fields under one header", "saml dens felter under én overskrift"),
    ("this key is written twice in the same section", "dette felt er skrevet to gange i samme sektion"),
    ("keep one of them", "behold det ene"),
    ("write text in quotes ({}), and a number alone, without a unit or other words", "skriv tekst i anførselstegn ({}) og et tal alene, uden enhed eller andre ord"),
    ("this is neither a questionnaire (it would start with {}) nor a pathway ({})", "dette er hverken et spørgeskema (det ville begynde med {}) eller et forløb ({})"),
    ("is it in the right folder?", "ligger filen i den rigtige mappe?"),
    ("write {} or {}, in small letters and in full", "skriv {} eller {}, med små bogstaver og helt ud"),
    ("this number cannot be read: write it in digits with a decimal point, e.g. {}", "dette tal kan ikke læses: skriv det med cifre og decimalpunktum, fx {}"),
    ("this date cannot be read: write it as {}", "denne dato kan ikke læses: skriv den som {}"),
    ("this text over several lines has no end: close it with the same three quotes it starts with", "denne tekst over flere linjer slutter ikke: afslut den med de samme tre anførselstegn, som den begynder med"),
    ("this text cannot be read: start and end it with the same quote, and write a backslash as two ({})", "denne tekst kan ikke læses: begynd og slut den med samme slags anførselstegn, og skriv en omvendt skråstreg som to ({})"),
    ("the elements of a list are separated by commas: add a {}", "elementerne i en liste adskilles med komma: tilføj et {}"),
    ("the fields of a {} group are separated by commas: add a {}", "felterne i en {}-gruppe adskilles med komma: tilføj et {}"),
    ("there is one comma too many here: delete it", "her er et komma for meget: slet det"),
    ("there is one {} too many here: delete it", "her er et {} for meget: slet det"),
    ("a list holds values, not fields: write {}, or a group of fields as {}", "en liste indeholder værdier, ikke felter: skriv {}, eller en gruppe af felter som {}"),
    ("this list has no closing {}: add it after the last element", "denne liste mangler sin afsluttende {}: tilføj den efter det sidste element"),
    ("this closing bracket has no opening one: delete it, or add the opening {} or {}", "denne afsluttende parentes har ingen begyndende: slet den, eller tilføj den begyndende {} eller {}"),
    ("a field is written as {} (text in quotes, a number alone, a list in {}): part of it is missing or cannot be read", "et felt skrives som {} (tekst i anførselstegn, et tal alene, en liste i {}): en del af det mangler eller kan ikke læses"),
    ("a field name is written with the letters a-z, digits and {}", "et feltnavn skrives med bogstaverne a-z, cifre og {}"),
    ("a section header is written as {} or {}", "en sektionsoverskrift skrives som {} eller {}"),
    ("this line cannot be read: a line holds a field ({}), a section header ({}) or a comment ({})", "denne linje kan ikke læses: en linje indeholder et felt ({}), en sektionsoverskrift ({}) eller en kommentar ({})"),
    ("this file is {} MB", "filen fylder {} MB"),
    ("unknown field {}", "ukendt felt {}"),
    ("did you mean {}?", "mente du {}?"),
    ("the fields allowed here are {}", "de tilladte felter her er {}"),
    ("missing field {}", "feltet {} mangler"),
    ("field {} does not apply to a yes_no item (item {})", "feltet {} gælder ikke for et ja/nej-spørgsmål (spørgsmålet {})"),
    ("field {} in item {} must be a number, not text", "feltet {} i spørgsmålet {} skal være et tal, ikke tekst"),
    ("field {} in {} must be a whole number, {} or higher", "feltet {} i {} skal være et helt tal, {} eller højere"),
    ("write the number without quotes: {}", "skriv tallet uden anførselstegn: {}"),
    ("write the number in digits, without quotes: {}", "skriv tallet med cifre, uden anførselstegn: {}"),
    ("missing English translation ({}) in field {}", "den engelske oversættelse ({}) mangler i feltet {}"),
    ("missing Danish translation ({}) in field {}", "den danske tekst ({}) mangler i feltet {}"),
    ("unknown language {} in field {}", "ukendt sprog {} i feltet {}"),
    ("use {} and {}", "brug {} og {}"),
    ("{} is not a valid {}", "{} er ikke en gyldig værdi for {}"),
    ("use one of {}", "brug en af {}"),
    ("use {} or {}", "brug {} eller {}"),
    ("reminder_days in time point {} are whole days after opening, e.g. [{}]", "reminder_days i tidspunktet {} er hele dage efter åbningen, fx [{}]"),
    ("{} is not a duration", "{} er ikke en varighed"),
    ("write a whole number and a unit: d, w, m or y (e.g. {})", "skriv et helt tal og en enhed: d, w, m eller y (fx {})"),
    ("there is an invisible character here, a non-breaking space (U+00A0)", "her er et usynligt tegn, et hårdt mellemrum (U+00A0)"),
    ("there is an invisible character here, a soft hyphen (U+00AD)", "her er et usynligt tegn, en blød bindestreg (U+00AD)"),
    ("there is an invisible character here, a zero-width space (U+200B)", "her er et usynligt tegn, et mellemrum uden bredde (U+200B)"),
    ("there is an invisible character here, a zero-width non-joiner (U+200C)", "her er et usynligt tegn, en usynlig adskiller (U+200C)"),
    ("there is an invisible character here, a zero-width joiner (U+200D)", "her er et usynligt tegn, en usynlig sammenbinder (U+200D)"),
    ("there is an invisible character here, a left-to-right mark (U+200E)", "her er et usynligt tegn, et venstre-mod-højre-mærke (U+200E)"),
    ("there is an invisible character here, a right-to-left mark (U+200F)", "her er et usynligt tegn, et højre-mod-venstre-mærke (U+200F)"),
    ("there is an invisible character here, a left-to-right embedding (U+202A)", "her er et usynligt tegn, en venstre-mod-højre-indlejring (U+202A)"),
    ("there is an invisible character here, a right-to-left embedding (U+202B)", "her er et usynligt tegn, en højre-mod-venstre-indlejring (U+202B)"),
    ("there is an invisible character here, a right-to-left override (U+202E)", "her er et usynligt tegn, en højre-mod-venstre-tilsidesættelse (U+202E)"),
    ("there is an invisible character here, a word joiner (U+2060)", "her er et usynligt tegn, en ordsammenbinder (U+2060)"),
    ("there is an invisible character here, a zero-width no-break space (U+FEFF)", "her er et usynligt tegn, et hårdt mellemrum uden bredde (U+FEFF)"),
    ("delete it, or write an ordinary space if one is meant", "slet det, eller skriv et almindeligt mellemrum, hvis der skal være et"),
    // The questionnaire.
    ("item id {} must start with a lower-case letter and contain only a-z, {}-{} and _", "spørgsmålets id {} skal begynde med et lille bogstav og må kun indeholde a-z, {}-{} og _"),
    ("item {} has no Danish text ({})", "spørgsmålet {} har ingen dansk tekst ({})"),
    ("item {} has no English text ({})", "spørgsmålet {} har ingen engelsk tekst ({})"),
    ("the item id {} is used twice: question {} of page {} has it too", "spørgsmålets id {} er brugt to gange: spørgsmål {} på siden {} har det også"),
    ("give each item its own id", "giv hvert spørgsmål sit eget id"),
    ("the rule id {} is used twice: rule {} has it too", "reglens id {} er brugt to gange: regel {} har det også"),
    ("give each rule its own id", "giv hver regel sit eget id"),
    ("the score id {} is used twice: score {} has it too", "scorens id {} er brugt to gange: score {} har det også"),
    ("give each score its own id", "giv hver score sit eget id"),
    ("duplicate option value {}", "svarmuligheden {} findes to gange"),
    ("impossible range in item {}: min ({}) is greater than max ({})", "umuligt interval i spørgsmålet {}: min ({}) er større end max ({})"),
    ("{} ({}) of item {} is outside its range, {} to {}", "{} ({}) i spørgsmålet {} ligger uden for dets interval, {} til {}"),
    ("impossible expected range in item {}: {} ({}) is greater than {} ({})", "umuligt forventet interval i spørgsmålet {}: {} ({}) er større end {} ({})"),
    ("contact_item refers to unknown item {}", "contact_item henviser til det ukendte spørgsmål {}"),
    ("contact_item {} must be a yes_no item, but it is number", "contact_item {} skal være et ja/nej-spørgsmål, men det er et tal"),
    ("item {} is used in score {}, so every option needs a weight", "spørgsmålet {} indgår i scoren {}, så hver svarmulighed skal have en vægt"),
    ("page {} has no items", "siden {} har ingen spørgsmål"),
    ("condition cycle: {} (each is shown depending on the next)", "betingelserne går i ring: {} (hvert vises afhængigt af det næste)"),
    ("{} is shown depending on {}, which is asked on a later page ({}): while this page is answered it has no answer, so {} would stay hidden", "{} vises afhængigt af {}, som stilles på en senere side ({}): mens denne side besvares, har det intet svar, så {} ville forblive skjult"),
    ("ask {} on this page or an earlier one", "stil {} på denne side eller en tidligere"),
    ("score {} cannot be used here: conditions are decided before scores are computed", "scoren {} kan ikke bruges her: betingelser afgøres, før scorer beregnes"),
    ("test {} expects unknown score {}", "testen {} forventer den ukendte score {}"),
    ("{} rule test of {} did not run: fix the errors in this file first", "{} regeltest af {} blev ikke kørt: ret først fejlene i denne fil"),
    ("{} rule tests of {} did not run: fix the errors in this file first", "{} regeltest af {} blev ikke kørt: ret først fejlene i denne fil"),
    ("rule test {} failed: answer to {} is invalid: Enter a number between {} and {}.", "regeltesten {} fejlede: svaret på {} er ugyldigt: Skriv et tal mellem {} og {}."),
    ("rule test {} failed: expected flags {}, got {}", "regeltesten {} fejlede: forventede flagene {}, fik {}"),
    ("rule test {} failed: expected flags {}, got none", "regeltesten {} fejlede: forventede flagene {}, fik ingen"),
    ("rule test {} failed: expected flags none, got {}", "regeltesten {} fejlede: forventede ingen flag, fik {}"),
    ("did not fire: {}", "flagede ikke: {}"),
    ("fired unexpectedly: {} because {}", "flagede uventet: {} fordi {}"),
    ("time point {} refers to unknown questionnaire {}", "tidspunktet {} henviser til det ukendte spørgeskema {}"),
    ("time point {} not checked: questionnaire {} has errors (see its file)", "tidspunktet {} er ikke kontrolleret: spørgeskemaet {} har fejl (se dets fil)"),
    ("reminder after {} days in time point {} must be inside its {}-day window ({} to {})", "påmindelsen efter {} dage i tidspunktet {} skal ligge i dets vindue på {} dage ({} til {})"),
    ("window_days of time point {} must be at least {}", "window_days for tidspunktet {} skal være mindst {}"),
    ("{} is not an option of item {} in the condition of item {} (options: {})", "{} er ikke en svarmulighed for spørgsmålet {} i betingelsen for spørgsmålet {} (svarmuligheder: {})"),
    ("min_answered of score {} must be from {} to {} (its number of items)", "min_answered for scoren {} skal være fra {} til {} (dens antal spørgsmål)"),
    ("score {} has no items", "scoren {} har ingen spørgsmål"),
    ("score {} of kind expr needs {}", "scoren {} af typen expr kræver {}"),
    ("test {} expects flag {}, but there is no contact_item", "testen {} forventer flaget {}, men der er intet contact_item"),
    ("test {} expects unknown flag {}", "testen {} forventer det ukendte flag {}"),
    // A rule test's failure, then what failed ("…: …", each side on its own).
    ("rule test {} failed", "regeltesten {} fejlede"),
    ("answer to {} is invalid", "svaret på {} er ugyldigt"),
    ("previous answer to {} is invalid", "det forrige svar på {} er ugyldigt"),
    ("baseline answer to {} is invalid", "svaret på {} ved udgangspunktet er ugyldigt"),
    ("previous score {} is not a score of this questionnaire", "den forrige score {} er ikke en score i dette spørgeskema"),
    ("baseline score {} is not a score of this questionnaire", "scoren {} ved udgangspunktet er ikke en score i dette spørgeskema"),
    ("score {} is none, expected {}", "scoren {} er ikke beregnet, forventede {}"),
    ("score {} is {}, expected {}", "scoren {} er {}, forventede {}"),
    // The respondent's own messages (answers.rs says them in both languages;
    // a test there holds the two the same).
    ("Enter a number between {} and {}.", "Angiv et tal mellem {} og {}."),
    ("Enter a whole number.", "Angiv et helt tal."),
    ("Use at most {} decimal(s).", "Brug højst {} decimal(er)."),
    ("Enter a number.", "Angiv et tal."),
    ("Choose a number from {} to {}.", "Vælg et tal fra {} til {}."),
    ("Choose a number on the scale.", "Vælg et tal på skalaen."),
    ("Choose one of the options.", "Vælg en af mulighederne."),
    ("Choose one option.", "Vælg én mulighed."),
    ("Choose among the options.", "Vælg blandt mulighederne."),
    ("Choose one or more options.", "Vælg en eller flere muligheder."),
    ("Enter a valid date.", "Angiv en gyldig dato."),
    ("This field cannot be answered.", "Dette felt kan ikke besvares."),
    ("Unknown question.", "Ukendt spørgsmål."),
    ("Please answer this question.", "Besvar venligst dette spørgsmål."),
    ("Answer yes or no.", "Svar ja eller nej."),
    ("Write at most {} characters.", "Skriv højst {} tegn."),
    ("Write an answer.", "Skriv et svar."),
    // The rule language.
    ("unknown item {}", "ukendt spørgsmål {}"),
    ("unknown score {}", "ukendt score {}"),
    ("unknown function {}", "ukendt funktion {}"),
    ("{} is not an option of item {}", "{} er ikke en svarmulighed for spørgsmålet {}"),
    ("{} is not an option of item {} in rule {} (options: {})", "{} er ikke en svarmulighed for spørgsmålet {} i reglen {} (svarmuligheder: {})"),
    ("comparisons cannot be chained", "sammenligninger kan ikke kædes sammen"),
    ("combine them with {}", "kombinér dem med {}"),
    ("expected a value, found {}", "forventede en værdi, men fandt {}"),
    ("expected a value, found the end of the expression", "forventede en værdi, men udtrykket slutter"),
    ("expected {}, found the end of the expression", "forventede {}, men udtrykket slutter"),
    ("expected {} or {}, found the end of the expression", "forventede {} eller {}, men udtrykket slutter"),
    ("expected {}, found {}", "forventede {}, men fandt {}"),
    ("unexpected character {}", "uventet tegn {}"),
    ("unexpected {} after a complete expression", "uventet {} efter et færdigt udtryk"),
    ("use {} instead of {}", "brug {} i stedet for {}"),
    ("write dates as {}", "skriv datoer som {}"),
    ("a list after {} holds only texts here", "en liste efter {} må her kun indeholde tekster"),
    ("a list after {} holds only numbers here", "en liste efter {} må her kun indeholde tal"),
    ("write the option in quotes: {}", "skriv svarmuligheden i anførselstegn: {}"),
    ("{} is not a date", "{} er ikke en dato"),
    ("{} cannot order choices", "{} kan ikke ordne svarmuligheder"),
    ("{} takes a number item or a score first, like {}", "{} tager først et talspørgsmål eller en score, fx {}"),
    ("the number of days in {} must be a whole number from {} to {}, written as a number", "antallet af dage i {} skal være et helt tal fra {} til {}, skrevet som et tal"),
    ("the number of responses in {} must be a whole number from {} to {}, written as a number", "antallet af besvarelser i {} skal være et helt tal fra {} til {}, skrevet som et tal"),
    ("how many of them {} needs must be a whole number from {} to {}, written as a number", "hvor mange af dem {} kræver, skal være et helt tal fra {} til {}, skrevet som et tal"),
    ("{} cannot be used inside {}: its condition reads each response's own answers", "{} kan ikke bruges inde i {}: dens betingelse læser hver besvarelses egne svar"),
    ("{} must be above {}", "{} skal være over {}"),
    ("list bands from the lowest, without overlap", "skriv intervallerne fra det laveste og uden overlap"),
    ("the previous response is the newest of {}, so write it there", "det forrige svar er det nyeste i {}, så skriv det der"),
    ("earlier answer to {} is invalid", "et tidligere svar på {} er ugyldigt"),
    ("earlier score {} is not a score of this questionnaire", "den tidligere score {} er ikke en score i dette spørgeskema"),
    ("{} takes {} argument, but {} were given", "{} tager {} argument, men fik {}"),
    ("{} takes {} arguments, but {} were given", "{} tager {} argumenter, men fik {}"),
    ("{} takes {} or {} arguments, but {} were given", "{} tager {} eller {} argumenter, men fik {}"),
    ("how far back {} may reach (more days than {}, its window) must be a whole number from {} to {}, written as a number", "hvor langt tilbage {} må række (flere dage end {}, dens vindue), skal være et helt tal fra {} til {}, skrevet som et tal"),
    ("{} has more than {} places after the point", "{} har mere end {} decimaler"),
    ("the advice of rule {} names {}, which Svar does not fill in: write {} for the clinic's out-of-hours number", "rådet i reglen {} nævner {}, som Svar ikke udfylder: skriv {} for klinikkens nummer uden for åbningstid"),
    ("the description names {}, which Svar does not fill in: write {} for the clinic's out-of-hours number", "beskrivelsen nævner {}, som Svar ikke udfylder: skriv {} for klinikkens nummer uden for åbningstid"),
    ("page {} names {}, which Svar does not fill in: write {} for the clinic's out-of-hours number", "siden {} nævner {}, som Svar ikke udfylder: skriv {} for klinikkens nummer uden for åbningstid"),
    ("item {} names {}, which Svar does not fill in: write {} for the clinic's out-of-hours number", "spørgsmålet {} nævner {}, som Svar ikke udfylder: skriv {} for klinikkens nummer uden for åbningstid"),
    ("the help of item {} names {}, which Svar does not fill in: write {} for the clinic's out-of-hours number", "hjælpeteksten til spørgsmålet {} nævner {}, som Svar ikke udfylder: skriv {} for klinikkens nummer uden for åbningstid"),
    // The editor's own checks of a draft (app/src/authoring/report.rs).
    ("the id must stay {} (start a new questionnaire for a new id)", "id'et skal forblive {} (start et nyt spørgeskema for et nyt id)"),
    ("the id must stay {} (start a new pathway for a new id)", "id'et skal forblive {} (start et nyt forløb for et nyt id)"),
    ("the version must be {}, the number of this draft (the file says {})", "versionen skal være {}, nummeret på dette udkast (filen siger {})"),
    // Warnings.
    ("rule {} can never fire: {} is answered from {} to {}, so {} is never true", "reglen {} kan aldrig flage: {} besvares fra {} til {}, så {} er aldrig sand"),
    ("rule {} fires on every answer: {} is answered from {} to {}, so {} is always true", "reglen {} flager ved hvert svar: {} besvares fra {} til {}, så {} er altid sand"),
    ("{} in rule {} is never true: {} is answered from {} to {}", "{} i reglen {} er aldrig sand: {} besvares fra {} til {}"),
    ("{} in rule {} is always true: {} is answered from {} to {}", "{} i reglen {} er altid sand: {} besvares fra {} til {}"),
    ("rule {} has the same condition as rule {}: a response would get two flags for one reason", "reglen {} har samme betingelse som reglen {}: en besvarelse ville få to flag af én grund"),
    ("rule {} has the same condition as rule {}, but is yellow where {} is red: a response would get both flags", "reglen {} har samme betingelse som reglen {}, men er gul, hvor {} er rød: en besvarelse ville få begge flag"),
    ("rule {} has the same condition as rule {}, but is red where {} is yellow: a response would get both flags", "reglen {} har samme betingelse som reglen {}, men er rød, hvor {} er gul: en besvarelse ville få begge flag"),
    ("keep one level", "behold ét niveau"),
    ("item {} is not read by any rule, score or condition: its answer is stored and shown, but can never raise a flag", "spørgsmålet {} læses ikke af nogen regel, score eller betingelse: svaret gemmes og vises, men kan aldrig give et flag"),
    ("is a rule missing?", "mangler der en regel?"),
    ("rule {} compares with the previous answer, but version {}, in use now, does not ask {}: {} is unknown until this version has been answered once", "reglen {} sammenligner med det forrige svar, men version {}, som bruges nu, spørger ikke om {}: {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with earlier answers, but version {}, in use now, does not ask {}: {} is unknown until this version has been answered once", "reglen {} sammenligner med tidligere svar, men version {}, som bruges nu, spørger ikke om {}: {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with the previous answer, but version {}, in use now, asks {} with other options, another scale or another unit: {} is unknown until this version has been answered once", "reglen {} sammenligner med det forrige svar, men version {}, som bruges nu, spørger om {} med andre svarmuligheder, en anden skala eller en anden enhed: {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with earlier answers, but version {}, in use now, asks {} with other options, another scale or another unit: {} is unknown until this version has been answered once", "reglen {} sammenligner med tidligere svar, men version {}, som bruges nu, spørger om {} med andre svarmuligheder, en anden skala eller en anden enhed: {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with the previous answer, but version {}, in use now, computes {} differently (other items, options or formula): {} is unknown until this version has been answered once", "reglen {} sammenligner med det forrige svar, men version {}, som bruges nu, beregner {} anderledes (andre spørgsmål, svarmuligheder eller formel): {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with earlier answers, but version {}, in use now, computes {} differently (other items, options or formula): {} is unknown until this version has been answered once", "reglen {} sammenligner med tidligere svar, men version {}, som bruges nu, beregner {} anderledes (andre spørgsmål, svarmuligheder eller formel): {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with the previous answer, but version {}, in use now, does not compute {}: {} is unknown until this version has been answered once", "reglen {} sammenligner med det forrige svar, men version {}, som bruges nu, beregner ikke {}: {} er ukendt, indtil denne version er besvaret én gang"),
    ("rule {} compares with earlier answers, but version {}, in use now, does not compute {}: {} is unknown until this version has been answered once", "reglen {} sammenligner med tidligere svar, men version {}, som bruges nu, beregner ikke {}: {} er ukendt, indtil denne version er besvaret én gang"),
    ("questionnaire {} compares with this one as its baseline", "spørgeskemaet {} sammenligner med dette som sit udgangspunkt"),
    ("rule {} reads {}, but pathway {} has no baseline time point: {} is always unknown, so this part of the rule never fires", "reglen {} læser {}, men forløbet {} har intet tidspunkt for udgangspunktet (baseline): {} er altid ukendt, så denne del af reglen flager aldrig"),
    ("rule {} compares with the baseline, but {}, the baseline questionnaire of pathway {}, does not ask {}: {} is always unknown, so this part of the rule never fires", "reglen {} sammenligner med udgangspunktet, men {}, spørgeskemaet for udgangspunktet i forløbet {}, spørger ikke om {}: {} er altid ukendt, så denne del af reglen flager aldrig"),
    ("rule {} compares with the baseline, but {}, the baseline questionnaire of pathway {}, asks {} with other options, another scale or another unit: {} is always unknown, so this part of the rule never fires", "reglen {} sammenligner med udgangspunktet, men {}, spørgeskemaet for udgangspunktet i forløbet {}, spørger om {} med andre svarmuligheder, en anden skala eller en anden enhed: {} er altid ukendt, så denne del af reglen flager aldrig"),
    ("rule {} compares with the baseline, but {}, the baseline questionnaire of pathway {}, computes {} differently (other items, options or formula): {} is always unknown, so this part of the rule never fires", "reglen {} sammenligner med udgangspunktet, men {}, spørgeskemaet for udgangspunktet i forløbet {}, beregner {} anderledes (andre spørgsmål, svarmuligheder eller formel): {} er altid ukendt, så denne del af reglen flager aldrig"),
    ("rule {} compares with the baseline, but {}, the baseline questionnaire of pathway {}, does not compute {}: {} is always unknown, so this part of the rule never fires", "reglen {} sammenligner med udgangspunktet, men {}, spørgeskemaet for udgangspunktet i forløbet {}, beregner ikke {}: {} er altid ukendt, så denne del af reglen flager aldrig"),
];

/// Clauses that name the types of values, `{T}` for each type: tried with
/// every type of [`TYPES`] in its place.
pub const TYPED: &[(&str, &str)] = &[
    // Reading the file: a field of the wrong kind, or in the wrong place.
    ("field {} in {W} must be {T}, not {T}", "feltet {} i {W} skal være {T}, ikke {T}"),
    ("field {} in {W} must be one of {}, not {T}", "feltet {} i {W} skal være en af {}, ikke {T}"),
    ("{W} must be a group of fields ({} or a {}), not {T}", "{W} skal være en gruppe af felter ({} eller en {}), ikke {T}"),
    (
        "field {} in {W} needs a Danish and an English text: { da = {}, en = {} }, not {T}",
        "feltet {} i {W} skal have en dansk og en engelsk tekst: { da = {}, en = {} }, ikke {T}",
    ),
    ("{} in field {} in {W} must be text, not {T}", "{} i feltet {} i {W} skal være tekst, ikke {T}"),
    ("unknown field {} in {W}", "ukendt felt {} i {W}"),
    ("missing field {} in {W}", "feltet {} mangler i {W}"),
    ("score {} in {W} must be a number", "scoren {} i {W} skal være et tal"),
    // The rule checker.
    ("{} takes a number item or a score, but {} is {T}", "{} tager et talspørgsmål eller en score, men {} er {T}"),
    ("{W} gives both {} and {}", "{W} angiver både {} og {}"),
    ("{W} goes from {} to {}", "{W} går fra {} til {}"),
    ("{W} starts at {}, inside the band before it (up to {})", "{W} begynder ved {}, inde i intervallet før det (op til {})"),
    ("expected {T}, but {} is {T}", "forventede {T}, men {} er {T}"),
    ("{} needs {T}, but {} is {T}", "{} kræver {T}, men {} er {T}"),
    ("{} needs numbers, but {} is {T}", "{} kræver tal, men {} er {T}"),
    ("{} and {} cannot be compared: {} is {T} but {} is {T}", "{} og {} kan ikke sammenlignes: {} er {T}, men {} er {T}"),
    ("{} compares numbers or dates, but {} is {T}", "{} sammenligner tal eller datoer, men {} er {T}"),
    ("{} works on choices, numbers and text, but {} is {T}", "{} virker på svarmuligheder, tal og tekst, men {} er {T}"),
    (
        "{} needs a list {} or a multiple-choice item on the right, but {} is {T}",
        "{} kræver en liste {} eller et spørgsmål med flere svar til højre, men {} er {T}",
    ),
    ("{} takes a multiple-choice item, but {} is {T}", "{} tager et spørgsmål med flere svar, men {} er {T}"),
];

/// The types of values, as the rule checker names them.
pub const TYPES: &[(&str, &str)] = &[
    ("yes/no", "ja/nej"),
    ("a yes/no condition", "en ja/nej-betingelse"),
    ("a number", "et tal"),
    ("text", "tekst"),
    ("a date", "en dato"),
    ("a choice of {}", "en svarmulighed for {}"),
    ("the choices of {}", "svarmulighederne for {}"),
    // Kinds of value in a file.
    ("a whole number", "et helt tal"),
    ("a decimal number", "et decimaltal"),
    ("true/false", "true/false"),
    ("true or false", "true eller false"),
    ("a list", "en liste"),
    ("a group of fields { ... }", "en gruppe af felter { ... }"),
    ("answers written as { item = value, ... }", "svar skrevet som { spørgsmål = værdi, ... }"),
    ("scores written as { id = number, ... }", "scorer skrevet som { id = tal, ... }"),
    ("scores written as { score = number or {} }", "scorer skrevet som { score = tal eller {} }"),
];

/// What a message from reading the file says it is about (`{W}` in
/// [`TYPED`]), English and Danish, `{}` for its quoted name or number.
pub const WHATS: &[(&str, &str)] = &[
    ("the file", "filen"),
    ("option {} of item {}", "svarmulighed {} for spørgsmålet {}"),
    ("{} of test {}", "{} i testen {}"),
    ("item {} of score {}", "spørgsmål {} i scoren {}"),
    ("page {}", "siden {}"),
    ("item {}", "spørgsmålet {}"),
    ("score {}", "scoren {}"),
    ("rule {}", "reglen {}"),
    ("test {}", "testen {}"),
    ("time point {}", "tidspunktet {}"),
    ("response {} of {} in test {}", "besvarelse {} af {} i testen {}"),
    ("band {} of score {}", "interval {} i scoren {}"),
    // A section named as written (`[questionnaire]`).
    ("{}", "{}"),
];

/// The Danish template of a skeleton that names types (`{T}`) or what a
/// field belongs to (`{W}`): each placeholder matches any entry of its
/// table, tried in order, so the template is written once.
fn typed(skeleton: &str) -> Option<String> {
    TYPED.iter().find_map(|(en, da)| {
        let mut picks = Vec::new();
        matches(en, skeleton, &mut picks).then(|| picks.iter().fold((*da).to_owned(), |out, (mark, danish)| out.replacen(mark, danish, 1)))
    })
}

/// Whether `skeleton` is `template` with each `{T}`/`{W}` replaced by an
/// entry of its table; `picks` gets each placeholder's Danish, in order.
fn matches(template: &str, skeleton: &str, picks: &mut Vec<(&'static str, &'static str)>) -> bool {
    let next = [("{T}", TYPES), ("{W}", WHATS)]
        .into_iter()
        .filter_map(|(mark, table)| template.find(mark).map(|at| (at, mark, table)))
        .min_by_key(|(at, ..)| *at);
    let Some((at, mark, table)) = next else {
        return template == skeleton;
    };
    let (head, rest) = (&template[..at], &template[at + mark.len()..]);
    let Some(tail) = skeleton.strip_prefix(head) else {
        return false;
    };
    for (en, da) in table {
        if let Some(after) = tail.strip_prefix(en) {
            picks.push((mark, da));
            if matches(rest, after, picks) {
                return true;
            }
            picks.pop();
        }
    }
    false
}

/// The endings that say where a mistake is: `(English, Danish)`.
/// More particular endings come first.
pub const PLACES: &[(&str, &str)] = &[
    (" in the condition of item {}", " i betingelsen for spørgsmålet {}"),
    (" in the condition of page {}", " i betingelsen for siden {}"),
    (" in rule {}", " i reglen {}"),
    (" in item {}", " i spørgsmålet {}"),
    (" in score {}", " i scoren {}"),
    (" in page {}", " på siden {}"),
    (" in time point {}", " i tidspunktet {}"),
    (" in test {}", " i testen {}"),
    (" in {}", " i {}"),
];

/// A message split into its text around slots, and the slots.
struct Shape<'a> {
    skeleton: String,
    slots: Vec<Cow<'a, str>>,
}

/// The slots of a clause: `` `…` ``, `"…"` and numbers (with a sign or a
/// decimal point), each replaced by `{}` in the skeleton.
fn shape(clause: &str) -> Shape<'_> {
    let mut skeleton = String::new();
    let mut slots = Vec::new();
    let bytes = clause.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let quoted_end = match c {
            b'`' | b'"' => clause[i + 1..].find(c as char).map(|n| i + 1 + n + 1),
            _ => None,
        };
        let number_end = (c.is_ascii_digit() && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')))
            .then(|| {
                let mut j = i;
                while j < bytes.len() && (bytes[j].is_ascii_digit() || (bytes[j] == b'.' && bytes.get(j + 1).is_some_and(u8::is_ascii_digit))) {
                    j += 1;
                }
                j
            })
            .filter(|&j| j == bytes.len() || !(bytes[j].is_ascii_alphabetic() || bytes[j] == b'_'));
        match quoted_end.or(number_end) {
            Some(end) => {
                slots.push(Cow::Borrowed(&clause[i..end]));
                skeleton.push_str("{}");
                i = end;
            }
            None => {
                let ch = clause[i..].chars().next().unwrap_or(' ');
                skeleton.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    merge_lists(Shape { skeleton, slots })
}

/// A list of quoted parts (`` `a`, `b`, `c` ``, or a chain `` `a` → `b` ``) is one slot, so a clause
/// has one skeleton however long its list is.
fn merge_lists(s: Shape<'_>) -> Shape<'_> {
    let mut skeleton = s.skeleton;
    let mut slots: Vec<String> = s.slots.iter().map(|x| x.to_string()).collect();
    for sep in [", ", " → "] {
        let pair = format!("{{}}{sep}{{}}");
        while let Some(at) = skeleton.find(&pair) {
            let k = skeleton[..at].matches("{}").count();
            let next = slots.remove(k + 1);
            slots[k] = format!("{}{sep}{next}", slots[k]);
            skeleton.replace_range(at..at + pair.len(), "{}");
        }
    }
    Shape { skeleton, slots: slots.into_iter().map(Cow::Owned).collect() }
}

fn fill(template: &str, slots: &[Cow<'_, str>]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut k = 0;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(slots.get(k).map_or("", |s| s.as_ref()));
        k += 1;
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

fn lookup(table: &[(&str, &str)], skeleton: &str) -> Option<String> {
    table.iter().find(|(en, _)| *en == skeleton).map(|(_, da)| (*da).to_owned()).or_else(|| typed(skeleton))
}

/// One clause in Danish, or `None` if the catalogue does not have it.
fn clause_in_danish(clause: &str) -> Option<String> {
    let s = shape(clause);
    if let Some(da) = lookup(CLAUSES, &s.skeleton) {
        return Some(fill(&da, &s.slots));
    }
    // "<the mistake> in <where>": the place on its own.
    for (place_en, place_da) in PLACES {
        if let Some(head) = s.skeleton.strip_suffix(place_en) {
            if let Some(da) = lookup(CLAUSES, head) {
                let head_slots = head.matches("{}").count();
                let (a, b) = s.slots.split_at(head_slots.min(s.slots.len()));
                return Some(format!("{}{}", fill(&da, a), fill(place_da, b)));
            }
        }
    }
    // "<what failed>: <why>" (a rule test's failure, then the answer's own
    // message): each side on its own.
    let colon = clause.char_indices().find(|&(i, c)| c == ':' && clause[i + 1..].starts_with(' ') && !inside_quotes(clause, i))?.0;
    let head = clause_in_danish(&clause[..colon])?;
    let tail = clause_in_danish(&clause[colon + 2..])?;
    Some(format!("{head}: {tail}"))
}

/// Whether byte `at` of a clause is inside `` `…` `` or `"…"`.
fn inside_quotes(clause: &str, at: usize) -> bool {
    let mut quote: Option<char> = None;
    for (i, c) in clause.char_indices() {
        if i >= at {
            break;
        }
        match quote {
            Some(q) if c == q => quote = None,
            None if c == '`' || c == '"' => quote = Some(c),
            _ => {}
        }
    }
    quote.is_some()
}

/// The clauses of a message: split at `; ` outside quoted parts.
fn clauses(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    let mut chars = message.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '`' | '"') => quote = Some(c),
            (None, ';') if chars.peek().is_some_and(|(_, n)| *n == ' ') => {
                out.push(&message[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(&message[start..]);
    out
}

/// A message in Danish; clauses without Danish stay in English.
pub fn in_danish(message: &str) -> String {
    clauses(message).into_iter().map(|c| clause_in_danish(c).unwrap_or_else(|| c.to_owned())).collect::<Vec<_>>().join("; ")
}

/// The clauses of a message the catalogue lacks (for tests), as skeletons.
pub fn untranslated(message: &str) -> Vec<String> {
    clauses(message).into_iter().filter(|c| clause_in_danish(c).is_none()).map(|c| shape(c).skeleton).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_quoted_parts_and_numbers() {
        let s = shape("item `q1` must be from 0 to 10.5, not \"ten\" in rule `r2`");
        assert_eq!(s.skeleton, "item {} must be from {} to {}, not {} in rule {}");
        assert_eq!(s.slots, vec!["`q1`", "0", "10.5", "\"ten\"", "`r2`"]);
        let s = shape("use one of `red`, `yellow`, `green`");
        assert_eq!(s.skeleton, "use one of {}");
        assert_eq!(s.slots, vec!["`red`, `yellow`, `green`"]);
    }

    #[test]
    fn clauses_split_outside_quotes() {
        assert_eq!(clauses("unknown item `a;b` in rule `x`; did you mean `ab`?"), vec!["unknown item `a;b` in rule `x`", "did you mean `ab`?"]);
    }
}
