"""Errors of publishing (src/oppnadata/publishing/): CKAN, the static portal, the DCAT feed."""

from __future__ import annotations

from .base import Message

_TOKEN_HINT_SV = (
    "Kontrollera API-nyckeln (CKAN_API_TOKEN eller --token-file): den kan vara fel, återkallad eller ha gått ut, "
    "eller så saknar dess användare behörighet i organisationen. CKAN behandlar en okänd nyckel som en anonym "
    "besökare."
)
_TOKEN_HINT_EN = (
    "Check the API token (CKAN_API_TOKEN or --token-file): it may be wrong, revoked or expired, or its "
    "user may lack permission in the organisation. CKAN treats an unknown token as an anonymous visitor."
)
_AGAIN_SV = "Kör samma kommando igen; det gör färdigt eller städar upp det som den här körningen påbörjade."
_AGAIN_EN = "Run the same command again; it finishes or cleans up what this run began."
_REBUILD_SV = "Den byggda utgåvan har ändrats efter bygget: kör `oppnadata build` igen."
_REBUILD_EN = "The built release was changed after the build: run `oppnadata build` again."
_NOT_RECORDED_HINT_SV = (
    "Kör `oppnadata publish` (den registrerar först en ny version) eller `oppnadata release`."
)
_NOT_RECORDED_HINT_EN = "Run `oppnadata publish` (it records a new version first) or `oppnadata release`."
_PORTAL_ZIP_HINT_SV = (
    "Återställ utgåvan från git eller bygg om den med `oppnadata build`; en utgåvas zip-fil innehåller bara "
    "<namn>-<version>/."
)
_PORTAL_ZIP_HINT_EN = "Restore the release from git or rebuild it with `oppnadata build`; a release zip holds only <name>-<version>/."
_FEED_HINT_SV = "Återställ releases/ från git; bygg annars om utgåvorna med `oppnadata release`."
_FEED_HINT_EN = "Restore releases/ from git; otherwise rebuild the releases with `oppnadata release`."


def _concurrent(sv: str, en: str) -> Message:
    """Another publish holds the dataset (ckan/apply.py ConcurrentPublish)."""
    return Message(
        f"En annan publicering av datamängden pågår ({sv}); den här stoppade och ändrade ingenting.",
        f"Another publish of this dataset is under way ({en}); this one stopped and changed nothing",
        "Vänta tills den är klar och kör sedan kommandot igen (då har det inget eller lite kvar att göra). Ett "
        "anspråk som lämnats av en publicering som dog löper ut av sig självt.",
        "Wait until it has finished, then run the command again (it will then have nothing or "
        "little to do). A claim left by a publish that died expires by itself.",
    )


def _portal_entry(sv: str, en: str) -> Message:
    """A zip entry the portal will not unpack (portal/site.py extract_release)."""
    return Message(
        "{path}: zip-posten {entry!r} " + sv + "; vägras.",
        "{path}: the zip entry {entry!r} " + en + "; refused",
        _PORTAL_ZIP_HINT_SV,
        _PORTAL_ZIP_HINT_EN,
    )


def _tile(sv: str, en: str, hint_sv: str, hint_en: str) -> Message:
    """A row of the tile map's positions file (portal/tilemap.py)."""
    return Message(
        "data/{file} rad {row} ({kommunkod}): " + sv,
        "data/{file} row {row} ({kommunkod}): " + en,
        hint_sv,
        hint_en,
    )


ERRORS: dict[str, Message] = {
    # --- the CKAN client (ckan/client.py) ---------------------------------------------------------
    "ckan-not-authorized": Message(
        "Katalogen vägrade {action}: {detail}",
        "The catalogue refused {action}: {detail}",
        _TOKEN_HINT_SV,
        _TOKEN_HINT_EN,
    ),
    "ckan-not-found": Message(
        "{action}: finns inte ({detail})",
        "{action}: not found ({detail})",
        "Kontrollera --ckan-url och datamängdens namn (`name` i datapackage.json).",
        "Check --ckan-url and the dataset's name (`name` in datapackage.json).",
    ),
    "ckan-failed": Message(
        "Katalogen på {url} misslyckades med {action}{status}: {detail}",
        "The catalogue at {url} failed {action}{status}: {detail}",
        _AGAIN_SV,
        _AGAIN_EN,
    ),
    "ckan-unreachable": Message(
        "Kan inte nå CKAN-katalogen på {url} ({kind}; {attempts} försök).",
        "Cannot reach the CKAN catalogue at {url} ({kind}; {attempts} attempts)",
        "Kontrollera --ckan-url (eller CKAN_URL) och nätverket, och kör sedan samma kommando igen; det gör "
        "färdigt det som den här körningen påbörjade.",
        "Check --ckan-url (or CKAN_URL) and the network, then run the same command again; "
        "it finishes what this run began.",
    ),
    "ckan-stopped-answering": Message(
        "Katalogen på {url} slutade svara under {action} ({kind}); ändringen kan ha gjorts eller inte.",
        "The catalogue at {url} stopped answering during {action} ({kind}); the change may or may not have been "
        "made",
        "Kör samma kommando igen: det läser katalogen och gör färdigt eller städar upp.",
        "Run the same command again: it reads the catalogue and finishes or cleans up.",
    ),
    "ckan-rejected": Message(
        "Katalogen avvisade {action}: {fields}",
        "The catalogue rejected {action}: {fields}",
        "Rätta fälten som nämns ovan (i publication.yaml eller datapackage.json) och publicera igen.",
        "Fix the field(s) named above (in publication.yaml or datapackage.json) and publish again.",
    ),
    "ckan-token-file-unreadable": Message(
        "Nyckelfilen {path} kan inte läsas ({kind}).",
        "Cannot read the token file {path} ({kind})",
        "Kontrollera sökvägen till --token-file och att du får läsa filen.",
        "Check the path of --token-file and that you may read the file.",
    ),
    "ckan-token-file-empty": Message(
        "Nyckelfilen {path} är tom.",
        "The token file {path} is empty",
        "Skriv API-nyckeln på filens första rad.",
        "Write the API token on the file's first line.",
    ),
    "ckan-no-token": Message(
        "Ingen API-nyckel för CKAN.",
        "No CKAN API token",
        "Sätt CKAN_API_TOKEN eller ange --token-file FIL (en fil med nyckeln).",
        "Set CKAN_API_TOKEN or pass --token-file FILE (a file holding the token).",
    ),
    # --- planning and applying a publish (ckan/plan.py, ckan/apply.py) -------------------------------
    "ckan-not-permitted": Message(
        "API-nyckelns användare får inte publicera datamängder i organisationen {org!r}.",
        "The API token's user may not publish datasets in the organisation {org!r}",
        _TOKEN_HINT_SV,
        _TOKEN_HINT_EN,
    ),
    "ckan-dataset-deleted": Message(
        "Datamängden {name!r} togs bort i katalogen; dess namn kan inte användas igen ännu.",
        "The dataset {name!r} was deleted in the catalogue; its name cannot be reused yet",
        "Återställ den i CKAN, eller rensa bort den (`ckan dataset purge`) för att publicera den på nytt.",
        "Restore it in CKAN, or purge it (`ckan dataset purge`) to publish it anew.",
    ),
    "ckan-other-organisation": Message(
        "Datamängden {name!r} tillhör en annan organisation än {org!r}.",
        "The dataset {name!r} belongs to another organisation than {org!r}",
        "Flytta den i CKAN, eller sätt ckan.organization i publication.yaml till dess organisation.",
        "Move it in CKAN, or set ckan.organization in publication.yaml to its organisation.",
    ),
    "ckan-live-version-malformed": Message(
        "Katalogens datamängd har versionen {live}, som inte är MAJOR.MINOR.PATCH.",
        "The catalogue's dataset has the version {live}, which is not MAJOR.MINOR.PATCH",
        "Rätta datamängdens version i CKAN och publicera sedan igen.",
        "Correct the dataset's version in CKAN, then publish again.",
    ),
    "ckan-older-version": Message(
        "Katalogen visar version {live} av {name}; att publicera den äldre versionen {version} vägras.",
        "The catalogue shows version {live} of {name}; publishing the older version {version} is refused",
        "Publicera den nyaste versionen (checka ut den nyaste datapackage.json), eller höj versionen.",
        "Publish the newest version (check out the newest datapackage.json), or bump the version.",
    ),
    "ckan-version-other-content": Message(
        "Katalogen har redan version {version} av {name} med annat innehåll; en utgiven version ändras aldrig.",
        "The catalogue already has version {version} of {name} with other content; a released version is "
        "immutable",
        "Kör `oppnadata bump` för att ge den ändrade datan en ny version, och publicera sedan igen.",
        "Run `oppnadata bump` to give the changed data a new version, then publish again.",
    ),
    "ckan-release-file-differs": Message(
        "releases/{file} skiljer sig från katalogens kopia av version {version}.",
        "releases/{file} differs from the copy of version {version} in the catalogue",
        "En utgiven fil får aldrig ändras: återställ releases/ från git.",
        "A released file must never change: restore releases/ from git.",
    ),
    "ckan-upload-missing": Message(
        "Uppladdningen av {label} finns inte i katalogen efter att den här körningen skickade den.",
        "The upload of {label} is not in the catalogue after this run sent it",
        "Kör samma kommando igen; det laddar upp det som saknas.",
        "Run the same command again; it uploads what is missing.",
    ),
    "ckan-concurrent-claim": _concurrent(
        "version {version}, startad {started}, anspråket löper ut {expires}",
        "version {version}, started {started}, claim expires {expires}",
    ),
    "ckan-concurrent-read": _concurrent(
        "datamängden ändrades hela tiden medan den här körningen läste den",
        "the dataset kept changing while this run read it",
    ),
    "ckan-concurrent-release": _concurrent(
        "datamängden ändrades hela tiden medan den här körningen släppte sitt anspråk",
        "the dataset kept changing while this run released its claim",
    ),
    "ckan-concurrent-switch": _concurrent(
        "datamängden ändrades hela tiden under bytet", "the dataset kept changing during the switch"
    ),
    "ckan-concurrent-claim-removed": _concurrent(
        "den här körningens anspråk togs bort", "the claim of this run was removed"
    ),
    # --- what is published to CKAN (ckan/desired.py) -------------------------------------------------
    "ckan-no-descriptor": Message(
        "{folder} innehåller ingen läsbar datapackage.json.",
        "{folder} holds no readable datapackage.json",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    "ckan-not-recorded-bytes": Message(
        "Version {version} av {name} är inte registrerad i {releases} med dessa byte; bara registrerade "
        "utgåvor publiceras.",
        "Version {version} of {name} is not recorded in {releases} with these bytes; only recorded releases are "
        "published",
        _NOT_RECORDED_HINT_SV,
        _NOT_RECORDED_HINT_EN,
    ),
    "ckan-release-tampered": Message(
        "{path} stämmer inte med sin registrerade sha256; den publiceras inte.",
        "{path} does not match its recorded sha256; it is not published",
        "En utgiven fil får aldrig ändras: återställ den från git.",
        "A released file must never change: restore it from git.",
    ),
    "ckan-not-recorded": Message(
        "Version {version} av {name} är inte registrerad i {releases}.",
        "Version {version} of {name} is not recorded in {releases}",
        _NOT_RECORDED_HINT_SV,
        _NOT_RECORDED_HINT_EN,
    ),
    "ckan-release-lacks": Message(
        "Utgåvan {folder} saknar {label}.",
        "The release {folder} lacks {label}",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    "ckan-built-file-differs": Message(
        "{path} skiljer sig från den sha256 som dess datapackage.json anger.",
        "{path} differs from the sha256 its datapackage.json records",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    # --- the DataStore (ckan/datastore.py, ckan/dsload.py) --------------------------------------------
    "datastore-name-too-long": Message(
        "DataStore-namnet {alias!r} är längre än PostgreSQL:s 63 tecken.",
        "The DataStore name {alias!r} is longer than PostgreSQL's 63 characters",
        "Använd ett kortare namn på datamängden (`name` i datapackage.json).",
        "Use a shorter dataset name (the `name` in datapackage.json).",
    ),
    "datastore-bad-boolean": Message(
        "{value} är inte ett booleskt värde enligt Table Schema.",
        "{value} is not a boolean of the Table Schema",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    "datastore-header-mismatch": Message(
        "{path}: kolumnerna {header} är inte schemats fält {names}.",
        "{path}: the columns {header} are not the schema's fields {names}",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    "datastore-no-schema": Message(
        "Utgåvan {folder} saknar schemat för {table}.",
        "The release {folder} lacks the schema of {table}",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    "datastore-file-differs": Message(
        "{path} skiljer sig från den sha256 som dess datapackage.json anger; den laddas inte.",
        "{path} differs from the sha256 its datapackage.json records; it is not loaded",
        _REBUILD_SV,
        _REBUILD_EN,
    ),
    "datastore-missing": Message(
        "Katalogen {url} har ingen DataStore.",
        "The catalogue {url} has no DataStore",
        "Slå på insticksmodulen `datastore` i katalogen (se CKAN:s dokumentation om DataStore), eller publicera "
        "utan den: --no-datastore.",
        "Enable the `datastore` plugin in the catalogue (see CKAN's DataStore documentation), or publish "
        "without it: --no-datastore.",
    ),
    "datastore-alias-taken": Message(
        "DataStore-namnet {alias} tillhör en tabell utanför datamängden {name}.",
        "The DataStore name {alias} belongs to a table outside the dataset {name}",
        "Ta bort det aliaset i katalogen (datastore_create med aliases: []), eller publicera under ett annat "
        "namn på datamängden.",
        "Remove that alias in the catalogue (datastore_create with aliases: []), or publish "
        "under another dataset name.",
    ),
    "datastore-row-count": Message(
        "DataStore-tabellen för {table} har {found} rader efter laddningen, utgåvan {rows}.",
        "The DataStore table of {table} holds {found} rows after the load, the release {rows}",
        "Kör samma kommando igen: det laddar om tabellen.",
        "Run the same command again: it reloads the table.",
    ),
    # --- the static portal (portal/) -------------------------------------------------------------
    "portal-no-accessibility": Message(
        "publication.yaml har inget avsnitt 'accessibility': tillgänglighetsredogörelsen kan inte skrivas.",
        "publication.yaml has no 'accessibility' section: the accessibility statement cannot be written",
        "Lägg till accessibility: service_name, service_name_en, compliance, method, assessed, updated.",
        "Add accessibility: service_name, service_name_en, compliance, method, assessed, updated.",
    ),
    "portal-no-site": Message(
        "{site} innehåller ingen portal (ingen index.html).",
        "{site} holds no portal (no index.html)",
        "Kör `oppnadata publish` först (eller ange mappen med --site).",
        "Run `oppnadata publish` first (or pass the folder with --site).",
    ),
    "portal-not-recorded": Message(
        "Version {version} är inte registrerad i {releases} med dessa byte; bara registrerade utgåvor publiceras.",
        "Version {version} is not recorded in {releases} with these bytes; only recorded releases are published",
        _NOT_RECORDED_HINT_SV,
        _NOT_RECORDED_HINT_EN,
    ),
    "portal-no-release": Message(
        "{releases} innehåller ingen utgåva av {name} att publicera.",
        "{releases} holds no release of {name} to publish",
        "Kör `oppnadata publish`: den registrerar först versionen i datapackage.json.",
        "Run `oppnadata publish`: it records the version in datapackage.json first.",
    ),
    "portal-not-zip": Message(
        "{path} är inte en zip-fil.",
        "{path} is not a zip file",
        _PORTAL_ZIP_HINT_SV,
        _PORTAL_ZIP_HINT_EN,
    ),
    "portal-entry-nul": _portal_entry(
        "har en NUL-byte eller ett omvänt snedstreck", "has a NUL byte or a backslash"
    ),
    "portal-entry-absolute": _portal_entry("är en absolut sökväg", "is an absolute path"),
    "portal-entry-climbs": _portal_entry(
        "klättrar ut ur sin mapp med '..'", "climbs out of its folder with '..'"
    ),
    "portal-entry-symlink": _portal_entry("är en symbolisk länk", "is a symbolic link"),
    "portal-entry-outside": _portal_entry(
        "ligger utanför utgåvans mapp {root}/", "is outside the release folder {root}/"
    ),
    "portal-entry-lands-outside": _portal_entry("hamnar utanför", "lands outside"),
    "portal-site-not-folder": Message(
        "{site} finns och är inte en mapp.",
        "{site} exists and is not a folder",
        "Välj en annan --site.",
        "Choose another --site.",
    ),
    "portal-site-foreign": Message(
        "{site} innehåller filer som `oppnadata publish` inte skrev; de ersätts inte.",
        "{site} holds files that `oppnadata publish` did not write; it will not replace them",
        "Välj en tom eller ny mapp med --site, eller ta bort {site} själv.",
        "Choose an empty or new folder with --site, or remove {site} yourself.",
    ),
    "portal-tile-not-number": _tile(
        "rad och kolumn måste vara heltal.",
        "rad and kolumn must be whole numbers",
        "Ge varje kommun en ruta: rad och kolumn från 1.",
        "Give every municipality a square: rad and kolumn from 1.",
    ),
    "portal-tile-outside": _tile(
        "rutan {place} ligger utanför 1…{max}.",
        "square {place} is outside 1…{max}",
        "Håll rad och kolumn mellan 1 och {max}, eller lägg till klasser i static/style.css.",
        "Keep rad and kolumn between 1 and {max}, or add classes to static/style.css.",
    ),
    "portal-tile-taken": _tile(
        "rutan {place} är också {other}s.",
        "square {place} is also {other}'s",
        "En ruta per kommun, en kommun per ruta.",
        "One square per municipality, one municipality per square.",
    ),
    "portal-tile-twice": _tile(
        "kommunen finns två gånger.",
        "the municipality is listed twice",
        "En ruta per kommun, en kommun per ruta.",
        "One square per municipality, one municipality per square.",
    ),
    # --- the DCAT feed (dcat.py, dcatnodes.py) ------------------------------------------------------
    "dcat-all-retracted": Message(
        "Varje utgåva är tillbakadragen: det finns ingen aktuell version att publicera.",
        "Every release is retracted: there is no current version to publish",
        "Ge först ut en rättad version (oppnadata bump, sedan oppnadata release).",
        "Release a corrected version first (oppnadata bump, then oppnadata release).",
    ),
    "dcat-release-lacks-key": Message(
        "Utgåvan {file} har ingen '{key}' i sin datapackage.json.",
        "The release {file} has no '{key}' in its datapackage.json",
        _FEED_HINT_SV,
        _FEED_HINT_EN,
    ),
    "dcat-no-release": Message(
        "Ingen utgåva att beskriva.",
        "No release to describe",
        "Bygg en utgåva först: oppnadata build",
        "Build a release first: oppnadata build",
    ),
    "dcat-different-datasets": Message(
        "Utgåvorna beskriver olika datamängder: {names}",
        "The releases describe different datasets: {names}",
        "Låt releases/ bara innehålla en datamängds utgåvor.",
        "Keep the releases of one dataset only in releases/.",
    ),
    "dcat-version-twice": Message(
        "En version förekommer två gånger bland utgåvorna: {versions}",
        "A version occurs twice among the releases: {versions}",
        _FEED_HINT_SV,
        _FEED_HINT_EN,
    ),
    "dcat-bad-hash": Message(
        "Väntade en kontrollsumma 'sha256:<64 hexadecimala siffror>', fick {value}.",
        "Expected a hash 'sha256:<64 hex digits>', got {value}",
        _FEED_HINT_SV,
        _FEED_HINT_EN,
    ),
    "dcat-no-media-type": Message(
        "{node}: ingen medietyp känd för formatet {format}.",
        "{node}: no media type known for the format {format}",
        "Ge tabellen en 'mediatype', eller använd en av: {known}.",
        "Give the resource a 'mediatype', or use one of: {known}.",
    ),
    "dcat-schema-not-path": Message(
        "Tabellen {name}: 'schema' måste vara sökvägen till dess schemafil.",
        "Resource {name}: 'schema' must be the path of its schema file",
        _FEED_HINT_SV,
        _FEED_HINT_EN,
    ),
    "dcat-bad-created": Message(
        "'created' måste vara ett datum eller en tidpunkt enligt ISO 8601, fick {created}.",
        "'created' must be an ISO 8601 date or timestamp, got {created}",
        "Kör `oppnadata bump` för att sätta utgivningsdatumet, och bygg utgåvan igen.",
        "Run `oppnadata bump` to set the release date, and build the release again.",
    ),
    "dcat-no-temporal": Message(
        "Varje utgåva behöver 'temporal': {{'start': …, 'end': …}} i sin datapackage.json.",
        "Every release needs 'temporal': {{'start': …, 'end': …}} in its datapackage.json",
        "Bygg om utgåvan med `oppnadata build` (bygget räknar ut 'temporal' ur beslutens datum).",
        "Rebuild the release with `oppnadata build` (the build derives 'temporal' from the decisions' dates).",
    ),
    "dcat-no-licence": Message(
        "Utgåvans datapackage.json har ingen licens med 'path' (licensens URI).",
        "The release's datapackage.json has no licence with a 'path' (the licence URI)",
        "Lägg till licenses: [{{name: …, path: https://…}}] i datapackage.json och bygg utgåvan igen.",
        "Add licenses: [{{name: …, path: https://…}}] to datapackage.json and build the release again.",
    ),
}
