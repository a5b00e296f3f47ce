"""Table Schema findings (those frictionless also reports) and descriptor properties."""

from __future__ import annotations

from .base import Message

# How to write a value of a Table Schema type (the type-error finding's hint), in Swedish and English.
TYPE_HINTS = {
    "integer": ("ett heltal utan mellanslag, t.ex. 250000", "a whole number without spaces, e.g. 250000"),
    "number": ("ett tal med decimalpunkt, t.ex. 0.25", "a number with a decimal point, e.g. 0.25"),
    "date": ("ett datum ÅÅÅÅ-MM-DD, t.ex. 2024-03-15", "a date YYYY-MM-DD, e.g. 2024-03-15"),
    "year": ("ett årtal, t.ex. 2024", "a year, e.g. 2024"),
    "boolean": ("true eller false", "true or false"),
}
VALUE_REQUIRED = "värde krävs / value required"


MESSAGES: dict[str, Message] = {
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
}
