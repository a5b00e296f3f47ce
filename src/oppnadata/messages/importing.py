"""Findings of `oppnadata import` (src/oppnadata/importing/)."""

from __future__ import annotations

from .base import Message

MESSAGES: dict[str, Message] = {
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
