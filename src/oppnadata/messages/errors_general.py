"""Errors ("could not run", "refused") of the top level: the CLI itself, config, descriptors, files."""

from __future__ import annotations

from .base import Message

ERRORS: dict[str, Message] = {
    "file-not-found": Message(
        "{what_sv} {path} finns inte.",
        "{what} {path} does not exist",
        "Kontrollera sökvägen.",
        "Check the path.",
    ),
    "config-not-found": Message(
        "Publiceringsinställningarna {path} finns inte.",
        "The publication config {path} does not exist",
        "Skapa {file} bredvid datapackage.json (kopiera repositoriets egen).",
        "Create {file} beside datapackage.json (copy the repository's own).",
    ),
    "version-malformed": Message(
        "Versionen {version} är inte på formen MAJOR.MINOR.PATCH.",
        "The version {version} is not of the form MAJOR.MINOR.PATCH",
        "Sätt 'version' i datapackage.json till t.ex. 1.2.0 (inga inledande nollor, inget tillägg), "
        "eller kör `oppnadata bump`.",
        "Set 'version' in datapackage.json to e.g. 1.2.0 (no leading zeros, no suffix), or run `oppnadata bump`.",
    ),
    "version-backwards": Message(
        "Versionen går bakåt: {old} är utgiven, datapackage.json säger {new}.",
        "The version goes backwards: {old} was released, datapackage.json says {new}",
        "Sätt en version över {old}, eller kör `oppnadata bump`.",
        "Set a version above {old}, or run `oppnadata bump`.",
    ),
    # --- reading a descriptor, a schema, a mapping file (descriptor.py) -------------------------
    "descriptor-too-large": Message(
        "{what_sv} {path} är {size} byte, mer än de {limit} en beskrivning får vara.",
        "{what} {path} is {size} bytes, more than the {limit} a descriptor may be",
        "Kontrollera att {path} är rätt fil; en paketbeskrivning eller ett schema är några kilobyte.",
        "Check that {path} is the right file; a descriptor or a schema is a few kilobytes.",
    ),
    "descriptor-not-utf8": Message(
        "{what_sv} {path} är inte UTF-8-text.",
        "{what} {path} is not UTF-8 text",
        "Spara filen som UTF-8.",
        "Save the file as UTF-8.",
    ),
    "descriptor-unreadable": Message(
        "{what_sv} {path} kan inte läsas: {error}",
        "Cannot read {what} {path}: {error}",
        "Kontrollera att filen finns och att du får läsa den.",
        "Check that the file exists and that you may read it.",
    ),
    "descriptor-unparsable": Message(
        "{what_sv} {path} kan inte tolkas: {error}",
        "{what} {path} cannot be parsed: {error}",
        "Rätta syntaxen (JSON eller YAML) på den plats felet anger.",
        "Fix the syntax (JSON or YAML) where the error points.",
    ),
    "descriptor-too-deep": Message(
        "{what_sv} {path} är för djupt nästlad för att vara en beskrivning.",
        "{what} {path} is nested too deeply to be a descriptor",
        "Kontrollera att {path} är rätt fil; en beskrivning är bara några nivåer djup.",
        "Check that {path} is the right file; a descriptor is only a few levels deep.",
    ),
    "path-not-relative": Message(
        "{what_sv} måste vara en relativ sökväg, fick {ref}.",
        "{what} must be a relative path, got {ref}",
        "Ange en sökväg relativt datapackage.json, t.ex. datasets/beslut.csv.",
        "Use a path relative to datapackage.json, e.g. datasets/beslut.csv.",
    ),
    "path-remote": Message(
        "{what_sv} ligger på nätet ({ref}); filer och scheman på nätet hämtas inte.",
        "{what} is remote ({ref}); remote files and schemas are not fetched",
        "Kopiera filen till paketets mapp och hänvisa till den med en relativ sökväg.",
        "Copy the file into the package folder and refer to it by a relative path.",
    ),
    "path-absolute": Message(
        "{what_sv} är en absolut sökväg ({ref}); bara sökvägar inne i paketet är tillåtna.",
        "{what} is an absolute path ({ref}); only paths inside the package are allowed",
        "Ange en sökväg relativt datapackage.json, t.ex. datasets/beslut.csv.",
        "Use a path relative to datapackage.json, e.g. datasets/beslut.csv.",
    ),
    "path-outside": Message(
        "{what_sv} ({ref}) pekar utanför paketets mapp {root}.",
        "{what} ({ref}) points outside the package folder {root}",
        "Håll varje tabell och schema inne i paketets mapp.",
        "Keep every table and schema inside the package folder.",
    ),
    "schema-invalid": Message(
        "Schemat för tabellen {name!r} är inte ett giltigt Table Schema: {problems}",
        "The schema of resource {name!r} is not a valid Table Schema: {problems}",
        "Se https://datapackage.org/standard/table-schema/ för fälttyperna och egenskaperna.",
        "See https://datapackage.org/standard/table-schema/ for the field types and properties.",
    ),
    "schema-no-fields": Message(
        "Schemat för tabellen {name!r} har ingen lista 'fields'.",
        "The schema of resource {name!r} has no 'fields' list",
        "Lista tabellens kolumner under 'fields', en post med 'name' och 'type' per kolumn.",
        "List the table's columns under 'fields', an entry with 'name' and 'type' per column.",
    ),
    "schema-field-without-name": Message(
        "Schemat för tabellen {name!r} har ett fält utan namn.",
        "The schema of resource {name!r} has a field without a name",
        "Ge varje fält under 'fields' ett 'name' (kolumnens namn i rubrikraden).",
        "Give every field under 'fields' a 'name' (the column's name in the header row).",
    ),
    "package-invalid": Message(
        "{where} är inte en giltig paketbeskrivning: {problems}",
        "{where} is not a valid data package descriptor: {problems}",
        "Se https://datapackage.org/standard/data-package/ för egenskaperna och deras form.",
        "See https://datapackage.org/standard/data-package/ for the properties and their form.",
    ),
    "package-no-resources": Message(
        "{path} är inte en paketbeskrivning (ingen lista 'resources').",
        "{path} is not a data package descriptor (no 'resources' list)",
        "Se https://datapackage.org/standard/data-package/ för formatet.",
        "See https://datapackage.org/standard/data-package/ for the format.",
    ),
    "package-resource-without-name": Message(
        "{path}: tabell nr {number} har inget namn.",
        "{path}: resource #{number} has no name",
        "Ge varje post under 'resources' ett 'name' (gemener, a-z, 0-9, _ och -).",
        "Give every entry under 'resources' a 'name' (lower case, a-z, 0-9, _ and -).",
    ),
    "package-resource-name-twice": Message(
        "{path}: tabellnamnet {name!r} används två gånger.",
        "{path}: the resource name {name!r} is used twice",
        "Ge varje tabell under 'resources' ett eget namn.",
        "Give every table under 'resources' a name of its own.",
    ),
    # --- the publication config (config.py) -----------------------------------------------------
    "config-unreadable": Message(
        "Publiceringsinställningarna {path} kan inte läsas: {error}",
        "Cannot read the publication config {path}: {error}",
        "Kontrollera att filen finns och att du får läsa den.",
        "Check that the file exists and that you may read it.",
    ),
    "config-not-yaml": Message(
        "{path} är inte giltig YAML: {error}",
        "{path} is not valid YAML: {error}",
        "Rätta YAML-syntaxen på den plats felet anger (jämför med repositoriets publication.yaml).",
        "Fix the YAML syntax where the error points (compare with the repository's publication.yaml).",
    ),
    "config-not-mapping": Message(
        "{path} måste innehålla en YAML-mappning på översta nivån.",
        "{path} must hold a YAML mapping at the top level",
        "Börja filen med nycklar som publisher: och ckan: (kopiera repositoriets publication.yaml).",
        "Start the file with keys such as publisher: and ckan: (copy the repository's publication.yaml).",
    ),
    "config-key-missing": Message(
        "{path}: nyckeln '{key}' saknas.",
        "{path}: the key '{key}' is missing",
        "Lägg till '{key}' i {file} (se kommentarerna i den medföljande filen).",
        "Add '{key}' to {file} (see the comments in the shipped file).",
    ),
    "config-standards-not-list": Message(
        "{path}: 'dcat.conforms_to' måste vara en lista av {{uri, title, title_en}}.",
        "{path}: 'dcat.conforms_to' must be a list of {{uri, title, title_en}}",
        "Skriv en post per standard: - {{uri: …, title: …, title_en: …}}.",
        "Write one entry per standard: - {{uri: …, title: …, title_en: …}}.",
    ),
    "config-standard-incomplete": Message(
        "{path}: '{key}' behöver uri, title och title_en.",
        "{path}: '{key}' needs uri, title and title_en",
        "Exempel: {{uri: https://datapackage.org/standard/data-package/, title: …, title_en: …}}",
        "Example: {{uri: https://datapackage.org/standard/data-package/, title: …, title_en: …}}",
    ),
    "config-bad-choice": Message(
        "{path}: 'accessibility.{key}' är {value}; det måste vara ett av {choices}.",
        "{path}: 'accessibility.{key}' is {value}; it must be one of {choices}",
        "Skriv ett av {choices} (DIGG:s ordalydelse för tillgänglighetsredogörelsen).",
        "Write one of {choices} (DIGG's wording for the accessibility statement).",
    ),
    "config-bad-date": Message(
        "{path}: 'accessibility.{key}' är {value}, inte ett datum.",
        "{path}: 'accessibility.{key}' is {value}, not a date",
        'Skriv datumet som ÅÅÅÅ-MM-DD inom citattecken, t.ex. "2026-12-02".',
        'Write the date as YYYY-MM-DD in quotes, e.g. "2026-12-02".',
    ),
    "config-bad-url": Message(
        "{path}: '{key}' måste vara en absolut http(s)-adress, fick {value}.",
        "{path}: '{key}' must be an absolute http(s) URL, got {value}",
        "Skriv hela adressen, t.ex. https://data.example.se/path/",
        "Write the full address, e.g. https://data.example.se/path/",
    ),
    "config-case-url-placeholder": Message(
        "{path}: links.projektbanken.case_url måste innehålla platshållaren {{arende_id}}.",
        "{path}: links.projektbanken.case_url must contain the placeholder {{arende_id}}",
        "Exempel: https://projektbanken.example/project/{{arende_id}}",
        "Example: https://projektbanken.example/project/{{arende_id}}",
    ),
    # --- writing a file (fileio.py) ---------------------------------------------------------------
    "file-not-writable": Message(
        "{path} kan inte skrivas: {error}",
        "Cannot write {path}: {error}",
        "Välj en sökväg i en mapp du får skriva i.",
        "Choose a path in a folder you can write to.",
    ),
    # --- the command line's own checks (cli/) -------------------------------------------------
    "cli-no-release": Message(
        "Det finns ingen utgåva att beskriva: releases/ är tom (bara registrerade utgåvor publiceras).",
        "There is no release to describe: releases/ is empty (only recorded releases are published)",
        "Kör `oppnadata release` (eller `oppnadata publish`) först.",
        "Run `oppnadata release` (or `oppnadata publish`) first.",
    ),
    "cli-no-ckan-url": Message(
        "Ingen CKAN-adress angiven.",
        "No CKAN address given",
        "Ange --ckan-url URL eller sätt CKAN_URL.",
        "Pass --ckan-url URL or set CKAN_URL.",
    ),
    "cli-ckan-failed": Message(
        "Publiceringen till CKAN avbröts: {error}",
        "The publish to CKAN stopped: {error}",
        "Kör samma kommando igen; kvarstår felet, kör med `oppnadata --debug ...` och rapportera utskriften "
        "(API-nyckeln är borttagen ur den).",
        "Run the same command again; if the error stays, run with `oppnadata --debug ...` and report the output "
        "(the API token is removed from it).",
    ),
    "cli-cannot-listen": Message(
        "Kan inte lyssna på {host}:{port}: {error}",
        "Cannot listen on {host}:{port}: {error}",
        "Välj en annan --port (eller 0 för valfri ledig port).",
        "Choose another --port (or 0 for any free port).",
    ),
    # --- the command line's last line of defence ---------------------------------------------------
    "unexpected": Message(
        "oväntat {kind}: {detail}",
        "unexpected {kind}: {detail}",
        "kör igen med `oppnadata --debug ...` och rapportera spårutskriften (traceback).",
        "run again with `oppnadata --debug ...` and report the traceback.",
    ),
    "interrupted": Message(
        "Avbrutet; inget lämnades halvskrivet.",
        "Interrupted; nothing was left half-written.",
    ),
}

# What a file is, in Swedish, for the errors with ``{what}`` (the English is the raise site's ``what``).
WHAT_SV = {
    "The package descriptor": "Paketbeskrivningen",
    "The mapping file": "Mappningsfilen",
}
# ``what`` naming a resource ("The schema of resource 'beslut'"): the English start and its Swedish.
WHAT_SV_PREFIXES = {
    "The path of resource ": "Sökvägen för tabellen ",
    "A path of resource ": "En sökväg för tabellen ",
    "The schema of resource ": "Schemat för tabellen ",
    "the path of resource ": "sökvägen för tabellen ",
    "the schema of resource ": "schemat för tabellen ",
}
