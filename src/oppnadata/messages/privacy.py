"""Findings of the privacy gate (POLICY.md)."""

from __future__ import annotations

from .base import Message

MESSAGES: dict[str, Message] = {
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
}
