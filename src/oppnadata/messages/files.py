"""Findings about files and their dialect, and a release checking itself."""

from __future__ import annotations

from .base import IMPORT_HINT_EN, IMPORT_HINT_SV, Message

MESSAGES: dict[str, Message] = {
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
}
