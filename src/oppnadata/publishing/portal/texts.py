"""The portal's words: Swedish and English page texts, display labels for codes, number formatting.

The data speaks Swedish; every page exists in Swedish (at the site root) and English (under ``en/``).
Labels here are for display only: the code lists themselves live in the schemas and code tables.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ... import codes
from .texts_pages import MORE
from .texts_results import RESULTS_TEXTS

LANGS = ("sv", "en")

# Support forms (the enum of beslut.stodform) as readers know them.
STODFORM = {
    codes.PROJECT: ("Projektstöd", "Project grants"),
    codes.BUSINESS: ("Företagsstöd", "Business grants"),
    codes.COMMERCIAL_SERVICE: ("Kommersiell service", "Commercial service"),
}

STATUS = {
    codes.GRANTED: ("Beviljad", "Granted"),
    codes.ONGOING: ("Pågående", "Ongoing"),
    codes.CLOSED: ("Avslutad", "Closed"),
    codes.WITHDRAWN: ("Återkallad", "Withdrawn"),
}

# Values of the 2024:99 dimensions in the derived results table (resultatredovisning.varde).
VALUES = {
    "huvudsyfte": ("Huvudsyfte", "Main purpose"),
    "integrerat": ("Integrerat", "Integrated"),
    "beaktat": ("Beaktat", "Considered"),
    "ej_relevant": ("Ej relevant", "Not relevant"),
    "ej_bedomt": ("Ej bedömt", "Not assessed"),
    "stad": ("Stad", "Urban"),
    "landsbygd_nara_stad": ("Landsbygd nära stad", "Rural near a city"),
    "landsbygd": ("Landsbygd", "Rural"),
    "gles_landsbygd": ("Gles landsbygd", "Sparsely populated rural"),
    "flera_typer": ("Flera typer", "Several types"),
    "hela_lanet": ("Hela länet", "The whole county"),
    "kvinna": ("Kvinna", "Woman"),
    "man": ("Man", "Man"),
    "ej_tillampligt": ("Ej tillämpligt", "Not applicable"),
    "uppgift_saknas": ("Uppgift saknas", "Not available"),
    "ja": ("Ja", "Yes"),
    "nej": ("Nej", "No"),
}

DIMENSION_EXTRA = {
    "regionens_egen": (
        "Regionen och bolag den äger eller är delägare i",
        "The region and bodies it owns or part-owns",
    ),
    "mottagarkategori": ("Mottagarkategori", "Recipient category"),
    "vd_kon": ("VD:s kön (företagsstöd)", "Sex of the chief executive (business grants)"),
}

TYPES = {
    "string": ("text", "text"),
    "integer": ("heltal", "integer"),
    "number": ("tal", "number"),
    "date": ("datum", "date"),
    "boolean": ("sant/falskt", "true/false"),
    "year": ("år", "year"),
}

T: dict[str, dict[str, str]] = {
    "sv": {
        "site_title": "Hit går pengarna",
        "site_subtitle": "Öppna data om Region Jämtland Härjedalens 1:1-medel",
        "banner_title": "EXEMPELDATA",
        "banner": "Uppgifterna på den här webbplatsen är genererade exempeldata, inte Region Jämtland Härjedalens "
        "verkliga beslut. Namn, belopp och ärenden är påhittade.",
        "nav": "Huvudmeny",
        "nav_start": "Start",
        "nav_results": "Resultat",
        "nav_decisions": "Beslut",
        "nav_data": "Data",
        "nav_versions": "Versioner",
        "other_lang": "English",
        "other_lang_code": "en",
        "start_lead": "Vart går statens pengar för regional utveckling i Jämtlands län? Här redovisar regionen "
        "hur anslaget 1:1 Regionala utvecklingsåtgärder används: projektstöd, företagsstöd och stöd till "
        "kommersiell service – per år, stödform, kommun och mottagare.",
        "key_figures": "Nyckeltal",
        "granted": "Beviljat",
        "paid": "Utbetalt",
        "decisions_count": "Beslut",
        "period": "Period",
        "granted_total": "Beviljat totalt",
        "paid_total": "Utbetalt totalt",
        "by_year": "Beviljat och utbetalt per år",
        "by_year_note": "Beviljat räknas på beslutsåret, utbetalt på utbetalningsåret. Återkallade beslut ingår inte.",
        "by_form": "Per stödform",
        "by_kommun": "Länets åtta kommuner",
        "by_kommun_note": "Beslut som gäller flera kommuner är fördelade enligt tabellen kommunfordelning.",
        "top_recipients": "Största mottagarna (organisationer)",
        "top_recipients_note": "Beviljat belopp per organisation, summerat över alla beslut. Enskilda "
        "näringsidkare redovisas aldrig här: deras organisationsnummer är ett personnummer.",
        "region_share": "Andel till regionen och bolag den äger",
        "region_share_lead": "{share} av det beviljade beloppet gick till regionen själv eller till bolag och "
        "organisationer som regionen äger eller är delägare i.",
        "other_recipients": "Övriga mottagare",
        "year": "År",
        "form": "Stödform",
        "kommun": "Kommun",
        "recipient": "Mottagare",
        "orgnr": "Organisationsnummer",
        "category": "Kategori",
        "amount": "Belopp",
        "share": "Andel",
        "count": "Antal beslut",
        "numbers": "Siffrorna i diagrammet",
        "chart_of": "Stapeldiagram",
        "links": "Mer om 1:1-medlen",
        "feed": "DCAT-flöde för dataportal.se",
        "feed_dcat_ap": "Samma flöde i DCAT-AP 3.0.1:s form (formatet som EU:s filtyps-IRI)",
        "results_title": "Resultat enligt förordning (2024:99)",
        "results_lead": "Förordningen (2024:99) om resultatredovisning av det regionala utvecklingsarbetet kräver "
        "att regionen beskriver hur hållbarhet, territoriella perspektiv och arbetet med jämställdhet, integration "
        "samt miljö och klimat har påverkat besluten. Tabellerna visar beviljat belopp och antal beslut per "
        "bedömning, alla år och stödformer tillsammans, från den härledda tabellen resultatredovisning.",
        "value": "Värde",
        "per_year": "Beviljat per år",
        "decisions_title": "Alla beslut",
        "decisions_lead": "Varje beslut om 1:1-medel med de viktigaste uppgifterna. Ärende-id länkar till "
        "ärendet i Tillväxtverkets Projektbanken. Återkallade beslut ligger kvar med status Återkallad.",
        "filter": "Filtrera",
        "filter_text": "Sök i text",
        "all": "Alla",
        "showing": "Visar",
        "of": "av",
        "decisions_word": "beslut",
        "case": "Ärende",
        "date": "Datum",
        "project": "Projekt",
        "status": "Status",
        "jump_year": "Hoppa till år",
        "data_title": "Data och nedladdning",
        "data_lead": "Alla tabeller i versionen, med datadokumentation och filer i två CSV-varianter: standard "
        "(UTF-8, komma, punkt som decimaltecken) och Excel-variant (UTF-8 med BOM, semikolon, decimalkomma).",
        "whole_release": "Hela versionen",
        "release_zip": "Versionens zip-fil",
        "descriptor": "datapackage.json (beskrivning av datapaketet)",
        "tables": "Tabeller",
        "derived": "härledd",
        "rows": "rader",
        "table": "Tabell",
        "downloads": "Ladda ner",
        "csv": "CSV",
        "csv_excel": "CSV för Excel",
        "schema": "Tabellschema (JSON)",
        "dictionary": "Datadokumentation",
        "field": "Fält",
        "type": "Typ",
        "description": "Beskrivning",
        "constraints": "Villkor",
        "codes": "Kodlista",
        "required": "obligatoriskt",
        "unique": "unikt",
        "primary_key": "Primärnyckel",
        "references": "Kod i",
        "versions_title": "Versioner",
        "versions_lead": "Varje publicerad version finns kvar på en fast adress, så att den som citerar en version "
        "alltid kan hämta exakt samma filer.",
        "version": "Version",
        "published": "Publicerad",
        "current": "senaste",
        "changelog": "Ändringar",
        "diff_summary": "Ändringar mot föregående version",
        "first_release": "Första versionen.",
        "added": "tillagda",
        "corrected": "rättade",
        "withdrawn": "återkallade",
        "removed": "borttagna",
        "schema_changes": "schemaändringar",
        "no_changes": "Inga ändringar i tabellerna.",
        "cite": "Citera",
        "cite_sv": "På svenska",
        "cite_en": "På engelska",
        "all_versions": "Alla versioner",
        "version_page": "Om version {version}",
        "quality": "Kvalitetskontroll",
        "footer_license": "Data under CC0 1.0 (fri användning).",
        "footer_version": "Version {version}, publicerad {date}.",
        "contact": "Kontakt",
        "skip": "Hoppa till innehållet",
        "decimal": ",",
        "percent": "{value}\u00a0%",
    },
    "en": {
        "site_title": "Where the money goes",
        "site_subtitle": "Open data on Region Jämtland Härjedalen's 1:1 funds",
        "banner_title": "EXAMPLE DATA",
        "banner": "The data on this site is generated example data, not Region Jämtland Härjedalen's real "
        "decisions. Names, amounts and cases are invented.",
        "nav": "Main menu",
        "nav_start": "Start",
        "nav_results": "Results",
        "nav_decisions": "Decisions",
        "nav_data": "Data",
        "nav_versions": "Versions",
        "other_lang": "Svenska",
        "other_lang_code": "sv",
        "start_lead": "Where does the state's regional development money go in Jämtland County? Here the region "
        "reports how the appropriation 1:1 Regional development measures is used: project grants, business grants "
        "and support for commercial service – by year, support form, municipality and recipient.",
        "key_figures": "Key figures",
        "granted": "Granted",
        "paid": "Paid",
        "decisions_count": "Decisions",
        "period": "Period",
        "granted_total": "Granted in total",
        "paid_total": "Paid in total",
        "by_year": "Granted and paid by year",
        "by_year_note": "Granted counts by the year of decision, paid by the year of payment. Withdrawn decisions "
        "are left out.",
        "by_form": "By support form",
        "by_kommun": "The county's eight municipalities",
        "by_kommun_note": "Decisions covering several municipalities are split as the table kommunfordelning says.",
        "top_recipients": "Largest recipients (organisations)",
        "top_recipients_note": "Amount granted per organisation, summed over all decisions. Sole traders are never "
        "listed here: their organisation number is a personal identity number.",
        "region_share": "Share to the region and bodies it owns",
        "region_share_lead": "{share} of the amount granted went to the region itself or to companies and bodies "
        "the region owns or part-owns.",
        "other_recipients": "Other recipients",
        "year": "Year",
        "form": "Support form",
        "kommun": "Municipality",
        "recipient": "Recipient",
        "orgnr": "Organisation number",
        "category": "Category",
        "amount": "Amount",
        "share": "Share",
        "count": "Decisions",
        "numbers": "The numbers in the chart",
        "chart_of": "Bar chart",
        "links": "More on the 1:1 funds",
        "feed": "DCAT feed for dataportal.se",
        "feed_dcat_ap": "The same feed in DCAT-AP 3.0.1's form (the format as the EU file-type IRI)",
        "results_title": "Results under ordinance (2024:99)",
        "results_lead": "Ordinance (2024:99) on results reporting of regional development work requires the region "
        "to describe how sustainability, territorial perspectives and work on gender equality, integration, "
        "environment and climate influenced its decisions. The tables show the amount granted and the number of "
        "decisions per assessment, all years and support forms together, from the derived table resultatredovisning.",
        "value": "Value",
        "per_year": "Granted by year",
        "decisions_title": "All decisions",
        "decisions_lead": "Every decision on 1:1 funds with its key facts. The case id links to the case in "
        "Projektbanken, the national project bank. Withdrawn decisions stay, with status Withdrawn.",
        "filter": "Filter",
        "filter_text": "Search text",
        "all": "All",
        "showing": "Showing",
        "of": "of",
        "decisions_word": "decisions",
        "case": "Case",
        "date": "Date",
        "project": "Project",
        "status": "Status",
        "jump_year": "Jump to year",
        "data_title": "Data and downloads",
        "data_lead": "Every table of the release, with its data dictionary and files in two CSV flavours: standard "
        "(UTF-8, comma, dot decimal) and Excel flavour (UTF-8 with BOM, semicolon, decimal comma).",
        "whole_release": "The whole release",
        "release_zip": "The release zip",
        "descriptor": "datapackage.json (the data package descriptor)",
        "tables": "Tables",
        "derived": "derived",
        "rows": "rows",
        "table": "Table",
        "downloads": "Downloads",
        "csv": "CSV",
        "csv_excel": "CSV for Excel",
        "schema": "Table Schema (JSON)",
        "dictionary": "Data dictionary",
        "field": "Field",
        "type": "Type",
        "description": "Description",
        "constraints": "Constraints",
        "codes": "Code list",
        "required": "required",
        "unique": "unique",
        "primary_key": "Primary key",
        "references": "Code in",
        "versions_title": "Versions",
        "versions_lead": "Every published version stays at a stable address, so that whoever cites a version can "
        "always get exactly the same files back.",
        "version": "Version",
        "published": "Published",
        "current": "latest",
        "changelog": "Changes",
        "diff_summary": "Changes since the previous version",
        "first_release": "First release.",
        "added": "added",
        "corrected": "corrected",
        "withdrawn": "withdrawn",
        "removed": "removed",
        "schema_changes": "schema changes",
        "no_changes": "No changes in the tables.",
        "cite": "Cite",
        "cite_sv": "In Swedish",
        "cite_en": "In English",
        "all_versions": "All versions",
        "version_page": "About version {version}",
        "quality": "Quality check",
        "footer_license": "Data under CC0 1.0 (free to use).",
        "footer_version": "Version {version}, published {date}.",
        "contact": "Contact",
        "skip": "Skip to content",
        "decimal": ".",
        "percent": "{value}%",
    },
}


for _lang, _more in MORE.items():
    T[_lang].update(_more)
    T[_lang].update(RESULTS_TEXTS[_lang])


def label(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """The display label of ``code`` in ``lang``; the code itself when there is none."""
    pair = table.get(code)
    return pair[LANGS.index(lang)] if pair else code


def kronor(amount: int, lang: str) -> str:
    """12 345 678 kr / SEK 12,345,678 (non-breaking spaces)."""
    if lang == "sv":
        return f"{amount:,}".replace(",", "\u00a0").replace("-", "\u2212") + "\u00a0kr"
    return "SEK\u00a0" + f"{amount:,}"


def millions(amount: int, lang: str) -> str:
    """Compact amounts for chart labels: 12,3 mnkr / SEK 12.3m."""
    value = f"{amount / 1_000_000:,.1f}"
    if lang == "sv":
        return value.replace(",", "\u00a0").replace(".", ",") + "\u00a0mnkr"
    return f"SEK\u00a0{value}m"


def number(value: int, lang: str) -> str:
    return f"{value:,}".replace(",", "\u00a0" if lang == "sv" else ",")


def percent(part: int, whole: int, lang: str) -> str:
    """A share with one decimal: 12,3 % / 12.3%."""
    if whole == 0:
        return "–"
    tenths = round(Fraction(part * 1000, whole))
    text = f"{tenths // 10}.{tenths % 10}"
    return T[lang]["percent"].format(value=text.replace(".", T[lang]["decimal"]))


def texts(lang: str) -> dict[str, Any]:
    return T[lang]
