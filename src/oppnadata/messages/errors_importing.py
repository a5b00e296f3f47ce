"""Errors of `oppnadata import` (src/oppnadata/importing/): the export, the mapping file, the package to import into."""

from __future__ import annotations

from .base import Message

# Every mapping-file error names the file and the place in it, and points to the format's description.
_MAPPING_SV = "Mappningen {mapping}: {where}: "
_MAPPING_EN = "The mapping {mapping}: {where}: "
_MAPPING_HINT_SV = "Se README.md, 'Importing real data', för mappningsfilens format."
_MAPPING_HINT_EN = "See README.md, 'Importing real data', for the mapping file format."


def _mapping(sv: str, en: str) -> Message:
    return Message(_MAPPING_SV + sv, _MAPPING_EN + en, _MAPPING_HINT_SV, _MAPPING_HINT_EN)


ERRORS: dict[str, Message] = {
    # --- the export (importing/reading.py) ---------------------------------------------------
    "source-not-found": Message(
        "Exporten {path} finns inte.",
        "The export {path} does not exist",
        "Kontrollera sökvägen till SOURCE.",
        "Check the path of SOURCE.",
    ),
    "source-not-a-table": Message(
        "Exporten {file} är varken .xlsx eller .csv.",
        "The export {file} is neither .xlsx nor .csv",
        "Spara exporten från Excel som .xlsx eller som CSV (.csv); gamla .xls-filer måste sparas om som .xlsx.",
        "Save the export from Excel as .xlsx or as CSV (.csv); old .xls files must be saved again as .xlsx.",
    ),
    "source-workbook-unreadable": Message(
        "Arbetsboken {file} kan inte öppnas: {error}",
        "The workbook {file} cannot be opened: {error}",
        "Öppna den i Excel och spara den igen som .xlsx, eller exportera den som CSV.",
        "Open it in Excel and save it again as .xlsx, or export it as CSV.",
    ),
    "source-no-sheet": Message(
        "Arbetsboken {file} har inget blad {sheet!r} (den har {sheets}).",
        "The workbook {file} has no sheet {sheet!r} (it has {sheets})",
        "Sätt `source: sheet:` i mappningsfilen till ett av dessa blad.",
        "Set `source: sheet:` in the mapping file to one of these sheets.",
    ),
    "source-mixed-encodings": Message(
        "Exporten blandar teckenkodningar: den är UTF-8 fram till rad {line}, där byte {byte} inte är UTF-8 "
        "(oftast cp1252); läst med vilken som av kodningarna skulle några rader bli förvanskade.",
        "The export mixes encodings: it is UTF-8 up to line {line}, where byte {byte} is not UTF-8 "
        "(typically cp1252); read as either encoding, some rows would be garbled",
        "Spara hela exporten igen i en kodning (UTF-8), eller rätta rad {line} och raderna efter den.",
        "Save the whole export again in one encoding (UTF-8), or fix line {line} and the rows after it.",
    ),
    "source-unknown-encoding": Message(
        "Okänd teckenkodning {encoding!r}.",
        "Unknown encoding {encoding!r}",
        "Ange t.ex. --encoding utf-8 eller --encoding cp1252.",
        "Use e.g. --encoding utf-8 or --encoding cp1252.",
    ),
    "source-undecodable": Message(
        "{file} kan inte läsas som {encoding}: byte {byte} är inte giltig i den kodningen.",
        "{file} cannot be read as {encoding}: byte {byte} is not valid in that encoding",
        "Ange --encoding {other} (svenska exporter är oftast utf-8 eller cp1252).",
        "Use --encoding {other} (Swedish exports are usually utf-8 or cp1252).",
    ),
    "source-nul": Message(
        "{file} innehåller NUL-tecken: den är inte en textfil i {encoding}.",
        "{file} contains NUL characters: it is not a {encoding} text file",
        "Ange --encoding utf-16 om Excel sparade den som 'Unicode-text', eller exportera den igen som CSV.",
        "Use --encoding utf-16 if Excel saved it as 'Unicode text', or export it again as CSV.",
    ),
    "source-line-too-long": Message(
        "{file} har en rad på {length} tecken, mer än de {limit} en post får vara; inget importerades.",
        "{file} has a line of {length} characters, more than the {limit} a record may be; nothing was imported",
        "Kontrollera exporten: ett citattecken som aldrig stängs, eller en cell med fel innehåll.",
        "Check the export: a quote that never closes, or a cell with the wrong content.",
    ),
    "source-bad-delimiter": Message(
        "Avgränsaren måste vara ett tecken, fick {delimiter!r}.",
        "The delimiter must be one character, got {delimiter!r}",
        "T.ex. --delimiter ';'.",
        "E.g. --delimiter ';'.",
    ),
    # --- the package imported into (importing/__init__.py) --------------------------------------
    "import-no-beslut": Message(
        "{descriptor} har ingen tabell 'beslut' att importera till.",
        "{descriptor} has no resource 'beslut' to import into",
        "Importera till ett datapaket med tabellen beslut (som repositoriets datapackage.json).",
        "Import into a data package with the table beslut (like the repository's datapackage.json).",
    ),
    "import-wrong-folder": Message(
        "{descriptor} har beslut i {relpath}, inte i {into}.",
        "{descriptor} keeps beslut in {relpath}, not in {into}",
        "Ange med --into den mapp som innehåller paketets tabeller.",
        "Use --into with the folder that holds the package's tables.",
    ),
    "import-no-package": Message(
        "Ingen datapackage.json bredvid {into}.",
        "No datapackage.json beside {into}",
        "Importera till mappen datasets/ i ett datapaket (standard: ./datasets).",
        "Import into the datasets/ folder of a data package (default: ./datasets).",
    ),
    "import-not-own-table": Message(
        "{file} är inte en av paketets egna tabeller (rubrikraden stämmer inte med någon av dem) och ingen "
        "mappning angavs.",
        "{file} is not one of the package's own tables (its header matches none of them) and no mapping was given",
        "Ange --mapping FIL för en export, eller gör ett utkast med `oppnadata import {source} "
        "--draft-mapping mappings/utkast.yaml`.",
        "Give --mapping FILE for an export, or draft one with `oppnadata import {source} "
        "--draft-mapping mappings/utkast.yaml`.",
    ),
    # --- the mapping file (importing/mapping.py) ------------------------------------------------
    "mapping-bad-regex": _mapping(
        "det reguljära uttrycket {pattern} är ogiltigt ({error}).",
        "the regular expression {pattern} is invalid ({error})",
    ),
    "mapping-bad-field": _mapping(
        "måste vara en mappning (column:, parse:, values:, default:, …) eller en konstant.",
        "must be a mapping (column:, parse:, values:, default:, …) or a constant",
    ),
    "mapping-unknown-keys": _mapping("okända nycklar {keys}.", "unknown keys {keys}"),
    "mapping-bad-parse": _mapping(
        "parse måste vara en av {choices}, fick {parse!r}.", "parse must be one of {choices}, got {parse!r}"
    ),
    "mapping-bad-values": _mapping(
        "values måste mappa källans värden till kanoniska värden.",
        "values must map source values to canonical values",
    ),
    "mapping-bad-rule": _mapping(
        "varje regel behöver when: {{field: pattern}} och value:.",
        "each rule needs when: {{field: pattern}} and value:",
    ),
    "mapping-bad-lookup": _mapping("behöver table: och by: [kolumner].", "needs table: and by: [columns]"),
    "mapping-bad-before": _mapping(
        "behöver date: ÅÅÅÅ-MM-DD och column:.", "needs date: YYYY-MM-DD and column:"
    ),
    "mapping-bad-table": _mapping(
        "måste mappa kanoniska fältnamn till fältbeskrivningar.",
        "must map canonical field names to field specs",
    ),
    "mapping-bad-top": _mapping(
        "måste vara en YAML-mappning som börjar med `mapping: 1`.",
        "must be a YAML mapping starting with `mapping: 1`",
    ),
    "mapping-bad-rows": _mapping("måste vara en av {choices}.", "must be one of {choices}"),
    "mapping-key-not-read": _mapping(
        "nyckeln arende_id måste läsas från en kolumn.", "the key arende_id must be read from a column"
    ),
    "mapping-bad-financier-type": _mapping(
        "type måste vara en av {choices}.", "type must be one of {choices}"
    ),
    "mapping-financing-source": _mapping(
        "behöver column: (en textkolumn) eller sheet: (ett blad per finansiär).",
        "needs column: (a text column) or sheet: (a sheet per financier)",
    ),
    "mapping-bad-join": _mapping(
        "varje post behöver sheet: (och key: dess kolumn för ärende-id).",
        "each entry needs sheet: (and key: its case-id column)",
    ),
    "mapping-financier-sheet-needs": _mapping(
        "ett finansiärsblad behöver {needed}: (dess kolumnnamn).",
        "a financier sheet needs {needed}: (its column names)",
    ),
    "mapping-bad-financier-kind": _mapping(
        "måste vara {{column: [...], values: {{källans värde: typ}}}}.",
        "must be {{column: [...], values: {{source value: type}}}}",
    ),
    "mapping-unknown-financier-types": _mapping(
        "{wrong} finns inte bland {choices}.", "{wrong} are not among {choices}"
    ),
}
