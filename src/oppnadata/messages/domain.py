"""Findings of the Swedish domain rules."""

from __future__ import annotations

from .base import Message

MESSAGES: dict[str, Message] = {
    # --- domain rules ----------------------------------------------------------------------
    "orgnr-check-digit": Message(
        "Organisationsnumret {value} har fel kontrollsiffra.",
        "The organisation number {value} has a wrong check digit.",
        "Kontrollera numret mot Bolagsverket eller mottagarens beslut.",
        "Check the number against Bolagsverket or the recipient's decision.",
    ),
    "orgnr-group": Message(
        "Organisationsnumret {value} har siffrorna 3–4 under 20 och kan inte vara ett organisationsnummer.",
        "The organisation number {value} has digits 3–4 below 20 and cannot be an organisation number.",
        "Kontrollera numret; ett personnummer får aldrig publiceras (regel P3).",
        "Check the number; a personal identity number is never published (rule P3).",
    ),
    "orgnr-legal-form": Message(
        "Organisationsnumret {value} hör till gruppen {group} ({group_name}), men juridisk_form är {legal_form}.",
        "The organisation number {value} belongs to group {group} ({group_name}), but juridisk_form is {legal_form}.",
        "Kontrollera juridisk_form eller organisationsnumret.",
        "Check juridisk_form or the organisation number.",
    ),
    "dates-start-after-end": Message(
        "startdatum {start} ligger efter slutdatum {end}.",
        "startdatum {start} is after slutdatum {end}.",
        "Rätta datumen så att projektet börjar innan det slutar.",
        "Correct the dates so that the project starts before it ends.",
    ),
    "financing-sum": Message(
        "Finansieringen summerar till {total} kr men stodberattigande_kostnader är {budget} kr.",
        "The financing sums to {total} SEK but stodberattigande_kostnader is {budget} SEK.",
        "Rätta beloppen i finansiering.csv eller budgeten i beslut.csv så att de stämmer.",
        "Correct the amounts in finansiering.csv or the budget in beslut.csv so that they agree.",
    ),
    "financing-grant": Message(
        "Finansieringsraden region_1_1 är {financed} kr men beviljat_belopp är {granted} kr.",
        "The region_1_1 financing row is {financed} SEK but beviljat_belopp is {granted} SEK.",
        "Beviljat 1:1-belopp ska stå som finansieringsraden region_1_1.",
        "The granted 1:1 amount should appear as the region_1_1 financing row.",
    ),
    "region-share": Message(
        "Regionens andel av projektets finansiering är {share} %, över taket {limit} % ({basis}).",
        "The region's share of the project's financing is {share} %, above the ceiling of {limit} % ({basis}).",
        "Kontrollera beslutet och finansieringsplanen.",
        "Check the decision and the financing plan.",
    ),
    "ceiling-per-year": Message(
        "{stodtyp}: {per_year} kr per år överstiger taket {limit} kr per år (SFS {basis}).",
        "{stodtyp}: {per_year} SEK per year exceeds the ceiling of {limit} SEK per year (SFS {basis}).",
        "Kontrollera beloppet och beslutsperioden (startdatum–slutdatum); en strategiskt viktig butik markeras med strategisk_butik = true.",
        "Check the amount and the decision period (startdatum–slutdatum); a strategically important store is marked strategisk_butik = true.",
    ),
    "ceiling-years": Message(
        "{stodtyp}: beslutet omfattar {years} år, mer än de högst {limit} år förordningen medger.",
        "{stodtyp}: the decision covers {years} years, more than the {limit} years the regulation allows.",
        "Kontrollera startdatum och slutdatum.",
        "Check startdatum and slutdatum.",
    ),
    "payments-exceed-grant": Message(
        "Utbetalningarna summerar till {paid} kr, mer än beviljat_belopp {granted} kr.",
        "Payments sum to {paid} SEK, more than beviljat_belopp {granted} SEK.",
        "Kontrollera utbetalningarna eller beslutets belopp.",
        "Check the payments or the decision's amount.",
    ),
    "payment-before-decision": Message(
        "Utbetalning år {year} ligger före beslutsåret {decision_year}.",
        "A payment in {year} is before the decision year {decision_year}.",
        "Kontrollera år eller beslutsdatum.",
        "Check the year or the decision date.",
    ),
    "legal-basis-validity": Message(
        "Beslutsdatum {date} ligger utanför giltighetstiden för SFS {basis} ({valid}).",
        "The decision date {date} is outside the validity of SFS {basis} ({valid}).",
        "Beslut före 2023-01-01 om företagsstöd grundas på 2015:210/2015:211, senare på 2022:1467/2022:1468.",
        "Business grants decided before 2023-01-01 rest on 2015:210/2015:211, later ones on 2022:1467/2022:1468.",
    ),
    "legal-basis-stodform": Message(
        "SFS {basis} gäller stödformen {expected}, men beslutet har stodform {value}.",
        "SFS {basis} governs support form {expected}, but the decision has stodform {value}.",
        "Rätta rattslig_grund eller stodform.",
        "Correct rattslig_grund or stodform.",
    ),
    "stodtyp-stodform": Message(
        "Stödtypen {stodtyp} hör till stödformen {expected}, men beslutet har stodform {value}.",
        "The support type {stodtyp} belongs to support form {expected}, but the decision has stodform {value}.",
        "Rätta stodtyp eller stodform.",
        "Correct stodtyp or stodform.",
    ),
    "followup-before-decision": Message(
        "Uppföljningsperioden börjar {start}, före beslutsdatum {date}.",
        "The follow-up period starts {start}, before the decision date {date}.",
        "Uppföljning avser tiden efter beslutet: rätta period_start.",
        "Follow-up covers the time after the decision: correct period_start.",
    ),
    "followup-period-order": Message(
        "period_start {start} ligger efter period_slut {end}.",
        "period_start {start} is after period_slut {end}.",
        "Rätta periodens datum.",
        "Correct the period's dates.",
    ),
    "sex-split": Message(
        "utfall_kvinnor + utfall_man = {split}, men utfall är {total}.",
        "utfall_kvinnor + utfall_man = {split}, but utfall is {total}.",
        "Kontrollera den könsuppdelade uppföljningen.",
        "Check the sex-disaggregated follow-up.",
    ),
    "municipality-shares": Message(
        "Kommunandelarna för beslutet summerar till {total}, inte 1.",
        "The municipality shares of the decision sum to {total}, not 1.",
        "Rätta andelarna i kommunfordelning.csv så att de summerar till 1.",
        "Correct the shares in kommunfordelning.csv so that they sum to 1.",
    ),
    "report-unknown-decision": Message(
        "Rapporten hänvisar till ärende {value}, som inte finns i beslut.",
        "The report refers to case {value}, which is not in beslut.",
        "Rätta ärende-id:t eller lägg till beslutet.",
        "Correct the case id or add the decision.",
    ),
    "ceo-gender-not-applicable": Message(
        "vd_kon = {value} för ett beslut med stodform {stodform}; VD:s kön redovisas bara för företagsstöd.",
        "vd_kon = {value} for a decision with stodform {stodform}; the CEO's gender is reported for business grants only.",
        "Sätt vd_kon till ej_tillampligt.",
        "Set vd_kon to ej_tillampligt.",
    ),
    "formula-like-text": Message(
        "Texten i {field} börjar med {first}, som ett kalkylprogram kan tolka som en formel.",
        "The text in {field} starts with {first}, which a spreadsheet may run as a formula.",
        "Ta bort tecknet i början om det inte hör till texten; Excel-filen får ett skyddande '.",
        "Remove the leading character unless it belongs to the text; the Excel file gets a protective '.",
    ),
    "url-scheme": Message(
        "Länken {value} i {field} är inte en http- eller https-adress.",
        "The link {value} in {field} is not an http or https address.",
        "Skriv hela webbadressen, t.ex. https://www.regionjh.se/…; javascript:, data: och file: publiceras aldrig.",
        "Write the full web address, e.g. https://www.regionjh.se/…; javascript:, data: and file: are never published.",
    ),
    "check-skipped": Message(
        "Kontrollen {check} kördes inte: tabellen {missing} finns inte i paketet.",
        "The check {check} was not run: the table {missing} is not in the package.",
        "Lägg till tabellen {missing} i paketet för att kontrollen ska köras.",
        "Add the table {missing} to the package to have the check run.",
    ),
    "check-skipped-unreadable": Message(
        "Kontrollen {check} kördes inte: tabellen {missing} kunde inte läsas.",
        "The check {check} was not run: the table {missing} could not be read.",
        "Rätta felet som rapporteras för filen; då körs kontrollen nästa gång.",
        "Fix the error reported for that file; the check then runs next time.",
    ),
    "optional-field-sparse": Message(
        "{field} är tomt på {count} av {total} rader.",
        "{field} is empty on {count} of {total} rows.",
        "Fyll i fältet där uppgiften finns; det gör datan mer användbar.",
        "Fill in the field where the information exists; it makes the data more useful.",
    ),
}
