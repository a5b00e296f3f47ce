"""Every finding's message and fix hint, in Swedish (default) and English.

One entry per finding code. Templates use ``{field}``, ``{value}``, ``{resource}``, ``{path}``, ``{key}``
and the finding's own params; a missing name renders as ``?`` rather than failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

IMPORT_HINT_SV = (
    "Läs tillbaka filen med `{command}` (ingen mappning behövs för paketets egna tabeller; flera filer "
    "i ett kommando), som känner igen teckenkodning, avgränsare och decimaltecken."
)
IMPORT_HINT_EN = (
    "Read the file back with `{command}` (the package's own tables need no mapping; several files in one "
    "command), which detects encoding, delimiter and decimal mark."
)


# How to write a value of a Table Schema type (the type-error finding's hint), in Swedish and English.
TYPE_HINTS = {
    "integer": ("ett heltal utan mellanslag, t.ex. 250000", "a whole number without spaces, e.g. 250000"),
    "number": ("ett tal med decimalpunkt, t.ex. 0.25", "a number with a decimal point, e.g. 0.25"),
    "date": ("ett datum ÅÅÅÅ-MM-DD, t.ex. 2024-03-15", "a date YYYY-MM-DD, e.g. 2024-03-15"),
    "year": ("ett årtal, t.ex. 2024", "a year, e.g. 2024"),
    "boolean": ("true eller false", "true or false"),
}
VALUE_REQUIRED = "värde krävs / value required"


@dataclass(frozen=True)
class Message:
    sv: str
    en: str
    hint_sv: str = ""
    hint_en: str = ""


CATALOGUE: dict[str, Message] = {
    # --- files and dialect ----------------------------------------------------------------
    "file-missing": Message(
        "Filen {path} för tabellen {resource} finns inte.",
        "The file {path} of table {resource} does not exist.",
        "Kontrollera sökvägen i datapackage.json eller lägg till filen.",
        "Check the path in datapackage.json or add the file.",
    ),
    "empty-file": Message(
        "Filen {path} är tom (ingen rubrikrad).",
        "The file {path} is empty (no header row).",
        "Skriv rubrikraden med tabellens kolumnnamn, en rad per post därefter.",
        "Write the header row with the table's column names, one row per record after it.",
    ),
    "encoding-error": Message(
        "Filen är inte UTF-8 (byte {position}); den ser ut att vara {detected}.",
        "The file is not UTF-8 (byte {position}); it looks like {detected}.",
        IMPORT_HINT_SV + " Eller spara om filen som UTF-8 utan BOM.",
        IMPORT_HINT_EN + " Or save the file again as UTF-8 without BOM.",
    ),
    # --- a release checking itself (oppnadata validate on a release folder or zip) ------------
    "release-file-missing": Message(
        "Filen {path} som datapackage.json listar för {resource} saknas i utgåvan.",
        "The file {path} that datapackage.json lists for {resource} is missing from the release.",
        "Ladda ned utgåvan (zip-filen) på nytt; en utgåva ändras aldrig.",
        "Download the release (its zip) again; a release never changes.",
    ),
    "release-bytes": Message(
        "Filen {path} är {actual} byte; datapackage.json anger {declared} byte: filen har ändrats efter utgivningen.",
        "The file {path} is {actual} bytes; datapackage.json declares {declared}: the file was changed after the release.",
        "Ladda ned utgåvan (zip-filen) på nytt och jämför med dess .sha256.",
        "Download the release (its zip) again and compare it with its .sha256.",
    ),
    "release-hash": Message(
        "Filen {path} har sha256 {actual}; datapackage.json anger {declared}: filen har ändrats efter utgivningen.",
        "The file {path} has sha256 {actual}; datapackage.json declares {declared}: the file was changed after the release.",
        "Ladda ned utgåvan (zip-filen) på nytt och jämför med dess .sha256.",
        "Download the release (its zip) again and compare it with its .sha256.",
    ),
    "release-unreadable": Message(
        "Filen {path} kan inte läsas som den deklareras (kodning {encoding}, avgränsare {delimiter!r}): {error}: {note}",
        "The file {path} cannot be read as declared (encoding {encoding}, delimiter {delimiter!r}): {error}: {note}",
        "Ladda ned utgåvan (zip-filen) på nytt; läs filen med den kodning och dialekt datapackage.json anger.",
        "Download the release (its zip) again; read the file with the encoding and dialect datapackage.json declares.",
    ),
    "bom": Message(
        "Filen börjar med en BOM (byte order mark); tabellerna i datasets/ ska vara UTF-8 utan BOM.",
        "The file starts with a BOM (byte order mark); tables in datasets/ must be UTF-8 without BOM.",
        IMPORT_HINT_SV,
        IMPORT_HINT_EN,
    ),
    "delimiter": Message(
        "Rubrikraden är avgränsad med {detected}; tabellerna i datasets/ ska vara kommaseparerade.",
        "The header row is delimited by {detected}; tables in datasets/ must be comma-separated.",
        IMPORT_HINT_SV,
        IMPORT_HINT_EN,
    ),
    "decimal-comma": Message(
        "Talet {value} har decimalkomma; tabellerna i datasets/ använder decimalpunkt.",
        "The number {value} has a decimal comma; tables in datasets/ use a decimal point.",
        IMPORT_HINT_SV,
        IMPORT_HINT_EN,
    ),
    "excel-cell": Message(
        'Cellen {value} är skriven som ett kalkylprograms cell (="…" eller inledande \'), inte som data.',
        'The cell {value} is written as a spreadsheet cell (="…" or a leading \'), not as data.',
        IMPORT_HINT_SV,
        IMPORT_HINT_EN,
    ),
    "nul-byte": Message(
        "Filen innehåller NUL-tecken (byte {position}); den är inte en textfil.",
        "The file contains NUL characters (byte {position}); it is not a text file.",
        "Exportera tabellen på nytt som CSV (UTF-8).",
        "Export the table again as CSV (UTF-8).",
    ),
    "line-too-long": Message(
        "Rad {line} i filen är över {limit} byte lång (minst {size} byte); ingen post i tabellerna är så lång.",
        "Line {line} of the file is over {limit} bytes long (at least {size} bytes); no record of these tables is that long.",
        "Kontrollera exporten: ett citattecken som aldrig stängs eller en cell med fel innehåll.",
        "Check the export: a quote that never closes, or a cell with the wrong content.",
    ),
    # --- Table Schema (the findings frictionless also reports) ------------------------------
    "missing-label": Message(
        "Kolumnen {field} saknas i rubrikraden.",
        "The column {field} is missing from the header row.",
        "Lägg till kolumnen {field} (se tabellens schema) eller ta bort den ur schemat.",
        "Add the column {field} (see the table's schema) or remove it from the schema.",
    ),
    "extra-label": Message(
        "Kolumnen {value} finns inte i schemat.",
        "The column {value} is not in the schema.",
        "Ta bort kolumnen eller lägg till fältet i schemas/{resource}.yaml.",
        "Remove the column or add the field to schemas/{resource}.yaml.",
    ),
    "incorrect-label": Message(
        "Kolumnen heter {value} men schemat väntar sig {field} på den platsen.",
        "The column is named {value} but the schema expects {field} in that place.",
        "Byt namn på kolumnen till {field} eller flytta den till rätt plats.",
        "Rename the column to {field} or move it to its place.",
    ),
    "duplicate-label": Message(
        "Kolumnen {value} förekommer mer än en gång i rubrikraden.",
        "The column {value} appears more than once in the header row.",
        "Ta bort eller byt namn på dubbletten.",
        "Remove or rename the duplicate.",
    ),
    "blank-label": Message(
        "En kolumn saknar namn i rubrikraden.",
        "A column has no name in the header row.",
        "Ge kolumnen ett namn från schemat eller ta bort den.",
        "Give the column a name from the schema or remove it.",
    ),
    "missing-cell": Message(
        "Raden saknar värde för kolumnen {field} (raden har för få celler).",
        "The row has no cell for column {field} (the row has too few cells).",
        "Komplettera raden; kontrollera att inga kommatecken eller citattecken saknas.",
        "Complete the row; check that no comma or quote is missing.",
    ),
    "extra-cell": Message(
        "Raden har fler celler än rubrikraden ({value}).",
        "The row has more cells than the header row ({value}).",
        "Sätt text med kommatecken inom citattecken, eller ta bort den överflödiga cellen.",
        "Quote text that contains commas, or remove the extra cell.",
    ),
    "blank-row": Message(
        "Raden är tom.",
        "The row is blank.",
        "Ta bort den tomma raden.",
        "Remove the blank row.",
    ),
    "type-error": Message(
        "Värdet {value} i {field} är inte av typen {type}{format_note}.",
        "The value {value} in {field} is not of type {type}{format_note}.",
        "Skriv värdet som {type_hint_sv}.",
        "Write the value as {type_hint_en}.",
    ),
    "constraint-error": Message(
        "Värdet {value} i {field} bryter mot villkoret {constraint} ({expected}).",
        "The value {value} in {field} breaks the constraint {constraint} ({expected}).",
        "Rätta värdet så att det uppfyller villkoret i schemas/{resource}.yaml.",
        "Correct the value so that it meets the constraint in schemas/{resource}.yaml.",
    ),
    "unique-error": Message(
        "Värdet {value} i {field} finns redan på rad {first_row}; fältet ska vara unikt.",
        "The value {value} in {field} already occurs on row {first_row}; the field must be unique.",
        "Ta bort dubbletten eller rätta värdet.",
        "Remove the duplicate or correct the value.",
    ),
    "primary-key": Message(
        "Primärnyckeln {field} = {value} finns redan på rad {first_row}.",
        "The primary key {field} = {value} already occurs on row {first_row}.",
        "Varje post ska ha en egen nyckel: slå ihop raderna eller rätta nyckeln.",
        "Each record needs its own key: merge the rows or correct the key.",
    ),
    "primary-key-missing": Message(
        "Primärnyckeln {field} saknar värde på raden.",
        "The primary key {field} has no value on this row.",
        "Varje post ska ha en nyckel: fyll i {field}, eller ta bort raden om den är tom.",
        "Each record needs a key: fill in {field}, or remove the row if it is blank.",
    ),
    "foreign-key": Message(
        "{field} = {value} finns inte i {reference}.",
        "{field} = {value} does not exist in {reference}.",
        "Använd ett värde som finns i {reference}, eller lägg till det där först.",
        "Use a value that exists in {reference}, or add it there first.",
    ),
    "schema-error": Message(
        "Tabellen kunde inte kontrolleras: {detail}",
        "The table could not be checked: {detail}",
        "Rätta schemat eller filen enligt meddelandet.",
        "Correct the schema or the file as the message says.",
    ),
    "unmatched-header": Message(
        "Ingen kolumnrubrik i {path} motsvarar något fält i schemat (fieldsMatch: partial).",
        "No column label of {path} matches a field of the schema (fieldsMatch: partial).",
        "Kontrollera att filen och schemat hör ihop och att rubrikraden är den första raden.",
        "Check that the file and the schema belong together and that the header is the first row.",
    ),
    # --- descriptor properties (engine/properties.py) ----------------------------------------
    "unsupported-property": Message(
        "Tabellen {resource} lästes inte: egenskapen {property} = {declared} stöds inte (endast CSV "
        'i UTF-8 med komma, citattecken " och en rubrikrad läses).',
        "Table {resource} was not read: the property {property} = {declared} is not supported (only "
        'UTF-8 CSV with commas, " quotes and one header row is read).',
        "Skriv om tabellen som kanonisk CSV (t.ex. med `oppnadata import {path}`) och ta bort "
        "egenskapen, eller kontrollera paketet med frictionless-py (`frictionless validate`).",
        "Rewrite the table as canonical CSV (e.g. with `oppnadata import {path}`) and drop the "
        "property, or check the package with frictionless-py (`frictionless validate`).",
    ),
    "hash-count": Message(
        "Filen {path} har {algorithm}-summan {actual}; datapackage.json anger {declared}.",
        "The file {path} has the {algorithm} digest {actual}; datapackage.json declares {declared}.",
        "Filen har ändrats sedan summan skrevs: hämta den på nytt, eller skriv in den nya summan.",
        "The file changed after the digest was written: fetch it again, or write in the new digest.",
    ),
    "byte-count": Message(
        "Filen {path} är {actual} byte; datapackage.json anger {declared} byte.",
        "The file {path} is {actual} bytes; datapackage.json declares {declared}.",
        "Filen har ändrats sedan storleken skrevs: hämta den på nytt, eller skriv in den nya storleken.",
        "The file changed after its size was written: fetch it again, or write in the new size.",
    ),
    "not-a-table": Message(
        "Resursen {resource} ({path}, format {format}) är ingen tabell: bara dess storlek och kontrollsumma "
        "kontrolleras.",
        "Resource {resource} ({path}, format {format}) is not a table: only its size and digest are checked.",
        "Ge resursen ett schema (och gör den till CSV) om den ska kontrolleras som tabell.",
        "Give the resource a schema (and make it CSV) if it is to be checked as a table.",
    ),
    "no-schema": Message(
        "Tabellen {resource} har inget schema: rubrikraden ger kolumnerna, och bara filens form "
        "(celler per rad, tomma rader, rubriker) kontrolleras.",
        "Table {resource} has no schema: the header names the columns, and only the file's shape "
        "(cells per row, blank rows, labels) is checked.",
        "Lägg till ett Table Schema (`schema`) för tabellen så kontrolleras typer och villkor.",
        "Add a Table Schema (`schema`) to the resource to have types and constraints checked.",
    ),
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
    # --- the privacy gate (POLICY.md) ------------------------------------------------------
    "personnummer": Message(
        "{field} innehåller ett personnummer ({value}).",
        "{field} contains a personal identity number ({value}).",
        "Personuppgifter får aldrig publiceras (regel {rule}). Ta bort numret; en enskild näringsidkare "
        "redovisas som 'Enskild näringsidkare' utan organisationsnummer (regel P3).",
        "Personal data is never published (rule {rule}). Remove the number; a sole trader is shown as "
        "'Enskild näringsidkare' without organisation number (rule P3).",
    ),
    "samordningsnummer": Message(
        "{field} innehåller ett samordningsnummer ({value}).",
        "{field} contains a coordination number ({value}).",
        "Personuppgifter får aldrig publiceras (regel {rule}). Ta bort numret.",
        "Personal data is never published (rule {rule}). Remove the number.",
    ),
    "email": Message(
        "{field} innehåller en e-postadress ({value}).",
        "{field} contains an e-mail address ({value}).",
        "E-postadresser publiceras inte i tabellerna (regel {rule}). Ta bort adressen; kontaktvägen är "
        "den funktionsadress som står i publication.yaml.",
        "E-mail addresses are not published in the tables (rule {rule}). Remove the address; the contact "
        "is the functional mailbox in publication.yaml.",
    ),
    "phone": Message(
        "{field} innehåller ett telefonnummer ({value}).",
        "{field} contains a phone number ({value}).",
        "Telefonnummer publiceras inte i tabellerna (regel {rule}). Ta bort numret.",
        "Phone numbers are not published in the tables (rule {rule}). Remove the number.",
    ),
    "person-name": Message(
        "{field} innehåller ett personnamn ({value}).",
        "{field} contains a person's name ({value}).",
        "Namn på projektledare, kontaktpersoner och andra personer publiceras aldrig (regel {rule}). "
        'Skriv rollen utan namn ("projektledaren") eller organisationen. Är det en plats eller en '
        'organisation, skriv ut det som gör det tydligt ("Anna Lindhs väg", "Peter Eriksson AB"). '
        "`oppnadata import` tar bort namn ur fritext.",
        "Names of project managers, contact persons and other people are never published (rule {rule}). "
        'Write the role without the name ("the project manager") or the organisation. If it is a place '
        'or an organisation, write what makes that clear ("Anna Lindhs väg", "Peter Eriksson AB"). '
        "`oppnadata import` removes names from free text.",
    ),
    "personal-column": Message(
        "Kolumnen {field} ser ut att innehålla kontaktuppgifter eller namn på personer.",
        "The column {field} looks like it holds people's names or contact details.",
        "Projektledares namn och kontaktuppgifter publiceras aldrig (regel {rule}). Ta bort kolumnen.",
        "Project managers' names and contact details are never published (rule {rule}). Remove the column.",
    ),
    "sole-trader-policy": Message(
        "Raden avser en enskild näringsidkare men följer inte regel {rule}: {problem}.",
        "The row is a sole trader's but does not follow rule {rule}: {problem}.",
        "Sätt stodmottagare = 'Enskild näringsidkare', lämna organisationsnummer tomt och "
        "juridisk_form = enskild_naringsidkare.",
        "Set stodmottagare = 'Enskild näringsidkare', leave organisationsnummer empty and "
        "juridisk_form = enskild_naringsidkare.",
    ),
    # --- oppnadata import (src/oppnadata/importing/) ----------------------------------------
    "import-missing-column": Message(
        "Kolumnen {columns} som mappningen {mapping} läser {table}.{target_field} från finns inte i källan "
        "({found} kolumner lästes).",
        "The column {columns} that the mapping {mapping} reads {table}.{target_field} from is not in the "
        "source ({found} columns were read).",
        "Kontrollera att rätt fil och flik används.{override_sv} Heter kolumnen något annat, lägg till "
        "namnet under column i mappningen, eller skriv ett utkast med --draft-mapping.",
        "Check that the right file and sheet are used.{override_en} If the column has another name, add "
        "that name under column in the mapping, or draft one with --draft-mapping.",
    ),
    "import-absent-field": Message(
        "Källan saknar {count} kolumn(er) som mappningen {mapping} läser: {fields}. De fälten lämnas tomma "
        "för nya ärenden och behåller sina lagrade värden för befintliga; obligatoriska bland dem: {required} "
        "(ett nytt ärende utan dem är ett fel).",
        "The source lacks {count} column(s) the mapping {mapping} reads: {fields}. Those fields stay empty "
        "for new cases and keep their stored values for existing ones; required among them: {required} "
        "(a new case without them is an error).",
        "Inget att göra om exporten saknar uppgifterna.{override_sv} Heter en kolumn något annat, lägg till "
        "namnet under column i mappningen.",
        "Nothing to do if the export does not carry them.{override_en} If a column has another name, add "
        "that name under column in the mapping.",
    ),
    "import-absent-column": Message(
        "Kolumnen {columns} finns inte i källan; den delen av mappningen hoppades över.",
        "The column {columns} is not in the source; that part of the mapping was skipped.",
        "Inget att göra om exporten saknar uppgiften.",
        "Nothing to do if the export does not carry it.",
    ),
    "import-absent-sheet": Message(
        "Fliken {sheet} ({table}) finns inte i arbetsboken; {table} lämnades orörd.",
        "The sheet {sheet} ({table}) is not in the workbook; {table} was left as it is.",
        "Inget att göra om uttaget saknar fliken.",
        "Nothing to do if the extract does not carry the sheet.",
    ),
    "import-unmapped-column": Message(
        "Kolumnen {field} finns inte i mappningen {mapping} och lästes inte in.",
        "The column {field} is not in the mapping {mapping} and was not read.",
        "Lägg till kolumnen i mappningen om den ska publiceras, annars under ignore_columns.",
        "Add the column to the mapping if it is to be published, otherwise under ignore_columns.",
    ),
    "import-personal-column-unlisted": Message(
        "Kolumnen {field} ser ut att innehålla namn eller kontaktuppgifter och lästes inte (regel {rule}).",
        "The column {field} looks like names or contact details and was not read (rule {rule}).",
        "Lägg kolumnen under personal_columns i mappningen {mapping}.",
        "List the column under personal_columns in the mapping {mapping}.",
    ),
    "import-duplicate-column": Message(
        "Kolumnen {field} förekommer mer än en gång i källan; det är oklart vilken som ska läsas.",
        "The column {field} appears more than once in the source; it is unclear which one to read.",
        "Byt namn på eller ta bort dubbletten i exporten.",
        "Rename or remove the duplicate in the export.",
    ),
    "import-skipped-row": Message(
        "Raden importerades inte: {field} = {value} ({reason}).",
        "The row was not imported: {field} = {value} ({reason}).",
        "",
        "",
    ),
    "import-duplicate-key": Message(
        "Ärende-id {value} förekommer redan på rad {first_row}.",
        "The case id {value} already occurs on row {first_row}.",
        "Varje ärende ska stå på en rad: ta bort dubbletten i exporten eller rätta ärende-id:t.",
        "Each case belongs on one row: remove the duplicate from the export or correct the case id.",
    ),
    "import-conflict": Message(
        "Raderna för ärendet säger olika: {field} är {value} här men {other} på rad {first_row}.",
        "The rows of the case disagree: {field} is {value} here but {other} on row {first_row}.",
        "Rätta exporten så att ärendets uppgifter är lika på alla dess rader.",
        "Correct the export so that the case's data is the same on all its rows.",
    ),
    "import-bad-number": Message(
        "Talet {value} i {field} kunde inte läsas (decimaltecken {decimal!r}).",
        "The number {value} in {field} could not be read (decimal mark {decimal!r}).",
        "Rätta cellen, eller ange {override} om decimaltecknet gissades fel.",
        "Correct the cell, or pass {override} if the decimal mark was guessed wrong.",
    ),
    "import-rounded": Message(
        "Beloppet {value} i {field} avrundades till {rounded} kr (tabellerna har hela kronor).",
        "The amount {value} in {field} was rounded to {rounded} SEK (the tables hold whole kronor).",
        "Kontrollera att decimaltecknet tolkats rätt; ange annars --decimal.",
        "Check that the decimal mark was read correctly; otherwise pass --decimal.",
    ),
    "import-bad-date": Message(
        "Datumet {value} i {field} kunde inte läsas.",
        "The date {value} in {field} could not be read.",
        "Skriv datumet som ÅÅÅÅ-MM-DD, eller ange dess format under format i mappningen {mapping}.",
        "Write the date as YYYY-MM-DD, or give its format under format in the mapping {mapping}.",
    ),
    "import-bad-year": Message(
        "Året {value} i {field} kunde inte läsas.",
        "The year {value} in {field} could not be read.",
        "Skriv året med fyra siffror, t.ex. 2024.",
        "Write the year with four digits, e.g. 2024.",
    ),
    "import-bad-orgnr": Message(
        "Organisationsnumret {value} i {field} är ogiltigt ({problem}).",
        "The organisation number {value} in {field} is invalid ({problem}).",
        "Kontrollera numret mot Bolagsverket. Ett personnummer med fel kontrollsiffra är ändå en "
        "personuppgift och publiceras aldrig (regel P3).",
        "Check the number against Bolagsverket. A personal identity number with a wrong check digit is "
        "still personal data and is never published (rule P3).",
    ),
    "import-unknown-municipality": Message(
        "Kommunen {value} i {field} finns inte i kommuner.csv.",
        "The municipality {value} in {field} is not in kommuner.csv.",
        "Rätta namnet i exporten (en av länets åtta kommuner), eller lägg till stavningen under values i "
        "mappningen {mapping}.",
        "Correct the name in the export (one of the county's eight municipalities), or add the spelling "
        "under values in the mapping {mapping}.",
    ),
    "import-unknown-code": Message(
        "{value} i {field} matchar ingen kod i {code_list} ({table}.{target_field}).",
        "{value} in {field} matches no code in {code_list} ({table}.{target_field}).",
        "Lägg till en översättning under values för {target_field} i mappningen {mapping}, eller rätta exporten.",
        "Add a translation under values for {target_field} in the mapping {mapping}, or correct the export.",
    ),
    "import-schema-value": Message(
        "{table}.{target_field} blev {value}, som inte är tillåtet ({expected}).",
        "{table}.{target_field} became {value}, which is not allowed ({expected}).",
        "Lägg till en översättning under values för {target_field} i mappningen {mapping}, eller rätta exporten.",
        "Add a translation under values for {target_field} in the mapping {mapping}, or correct the export.",
    ),
    "import-missing-required": Message(
        "{table}.{target_field} är obligatoriskt men saknar värde, och mappningen {mapping} ger inget "
        "standardvärde.",
        "{table}.{target_field} is required but has no value, and the mapping {mapping} gives no default.",
        "Ett nytt ärende behöver uppgiften: fyll i den i exporten (kolumn {columns}), eller ge fältet ett "
        "dokumenterat default i mappningen. Befintliga ärenden behåller sina värden: utan den här raden "
        "importeras resten.",
        "A new case needs the value: fill it in in the export (column {columns}), or give the field a "
        "documented default in the mapping. Existing cases keep their values: without this row the rest "
        "imports.",
    ),
    "import-totals-row": Message(
        "Raden ser ut som en summarad ({value}) och importerades inte.",
        "The row looks like a totals row ({value}) and was not imported.",
        "Inget att göra; ta bort summaraden ur exporten för att slippa varningen.",
        "Nothing to do; remove the totals row from the export to silence the warning.",
    ),
    "import-row-without-key": Message(
        "Raden har värden men inget ärende-id i {field} och importerades inte.",
        "The row has values but no case id in {field} and was not imported.",
        "Fyll i ärende-id:t om raden är ett beslut; är det en summa- eller kommentarsrad, ta bort den.",
        "Fill in the case id if the row is a decision; if it is a totals or comment row, remove it.",
    ),
    "import-financier-sheet-column": Message(
        "Fliken {sheet} (en rad per finansiär) saknar kolumner som mappningen {mapping} läser: {columns} "
        "(fliken har {found}).",
        "The sheet {sheet} (one row per financier) lacks columns the mapping {mapping} reads: {columns} "
        "(the sheet has {found}).",
        "Heter kolumnen något annat, lägg till namnet under finansiering i mappningen; annars exportera "
        "fliken igen med kolumnerna.",
        "If the column has another name, add that name under finansiering in the mapping; otherwise "
        "export the sheet again with the columns.",
    ),
    "import-financier-unknown-case": Message(
        "Ärendet {value} har finansiering men finns inte i {main}; raden lästes inte.",
        "The case {value} has financing but is not in {main}; the row was not read.",
        "Kontrollera ärende-id:t, eller ta med ärendet i exportens huvudflik.",
        "Check the case id, or include the case in the export's main sheet.",
    ),
    "import-default": Message(
        "{table}.{target_field} sattes till {default} på {count} rad(er): uppgiften saknas i källan "
        "({reason}).",
        "{table}.{target_field} was set to {default} on {count} row(s): the source lacks it ({reason}).",
        "Standardvärdet kommer från mappningen {mapping}; det skriver aldrig över ett befintligt värde.",
        "The default comes from the mapping {mapping}; it never overwrites an existing value.",
    ),
    "import-sole-trader": Message(
        "Stödmottagaren är en enskild näringsidkare (organisationsnumret är ett personnummer): namn och "
        "nummer skrevs inte (regel {rule}).",
        "The recipient is a sole trader (the organisation number is a personal identity number): name and "
        "number were not written (rule {rule}).",
        "",
        "",
    ),
    "import-redacted": Message(
        "I {field} togs {kind_sv} bort ur texten och ersattes med {marker} (regel {rule}).",
        "In {field}, {kind_en} was removed from the text and replaced by {marker} (rule {rule}).",
        "Ta gärna bort uppgiften i källsystemet också.",
        "Consider removing it in the source system too.",
    ),
    "import-bad-financing": Message(
        "Finansieringsdelen {value} i {field} har inte formen 'Finansiär = belopp'.",
        "The financing part {value} in {field} is not of the form 'Financier = amount'.",
        "Rätta texten i exporten; delarna skiljs åt med ||.",
        "Correct the text in the export; the parts are separated by ||.",
    ),
    "import-financing-grant": Message(
        "Regionens belopp i {field} är {financed} kr men beviljat belopp är {granted} kr.",
        "The region's amount in {field} is {financed} SEK but the granted amount is {granted} SEK.",
        "Kontrollera beslutet: 1:1-stödet ska vara lika med beviljat belopp.",
        "Check the decision: the 1:1 grant must equal the granted amount.",
    ),
    "import-financing-exceeds": Message(
        "Finansieringen i {field} summerar till {total} kr, mer än budgeten {budget} kr.",
        "The financing in {field} sums to {total} SEK, more than the budget of {budget} SEK.",
        "Kontrollera beloppen och budgeten i exporten.",
        "Check the amounts and the budget in the export.",
    ),
    "import-financing-incomplete": Message(
        "Finansieringen i {field} lästes inte in: projektets totala budget saknas, så de listade "
        "finansiärerna vore inte hela finansieringen.",
        "The financing in {field} was not imported: the project's total budget is missing, so the listed "
        "financiers would not be the whole financing.",
        "Ta med budgetkolumnen i exporten (se stodberattigande_kostnader i mappningen {mapping}).",
        "Include the budget column in the export (see stodberattigande_kostnader in the mapping {mapping}).",
    ),
    "import-withdrawal-without-date": Message(
        "Ärendet återkallas men exporten har inget återkallelsedatum; aterkallelsedatum lämnas tomt.",
        "The case is withdrawn but the export has no withdrawal date; aterkallelsedatum stays empty.",
        "Ta med återkallelsedatumet i exporten (kolumnen som aterkallelsedatum läses från i mappningen "
        "{mapping}), eller fyll i det i datasets/beslut.csv.",
        "Include the withdrawal date in the export (the column aterkallelsedatum is read from in the "
        "mapping {mapping}), or fill it in in datasets/beslut.csv.",
    ),
    "import-financing-exceeds-stored": Message(
        "Finansieringen av ärendet (exportens finansiärer och de lagrade som exporten inte nämner) "
        "summerar till {total} kr, mer än budgeten {budget} kr.",
        "The case's financing (the export's financiers and the stored ones it does not list) sums to "
        "{total} SEK, more than the budget of {budget} SEK.",
        "Kontrollera budgeten i exporten, eller ta bort en inaktuell finansiär ur datasets/finansiering.csv.",
        "Check the budget in the export, or remove an outdated financier from datasets/finansiering.csv.",
    ),
    "import-refused": Message(
        "De importerade tabellerna klarar inte valideringen; inget skrevs.",
        "The imported tables do not pass validation; nothing was written.",
        "Rätta felen ovan (i exporten eller mappningen) och kör importen igen.",
        "Fix the errors above (in the export or the mapping) and run the import again.",
    ),
}

FALLBACK = Message("{code}: {detail}", "{code}: {detail}")


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def render(code: str, params: Mapping[str, str], lang: str = "sv") -> tuple[str, str]:
    """The message and the hint for a finding, in ``lang`` (``sv`` or ``en``)."""
    entry = CATALOGUE.get(code, FALLBACK)
    values = _Defaulting({k: str(v) for k, v in params.items()})
    values.setdefault("code", code)
    if lang == "en":
        return entry.en.format_map(values), entry.hint_en.format_map(values)
    return entry.sv.format_map(values), entry.hint_sv.format_map(values)
