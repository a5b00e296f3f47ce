"""What every page module shares, and nothing that composes them: the page type, the site's addresses, the
template environment and the interface of the renderer the page modules are given (:class:`PageRenderer`).

The renderer itself (:class:`oppnadata.publishing.portal.pages.Renderer`) imports the page modules
(:mod:`.entities`, :mod:`.listing`, :mod:`.rankings`, :mod:`.results`) to compose the site; they know it only
through this interface, so no page module imports :mod:`.pages` back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined

from ...config import PublicationConfig
from . import charts, rows
from .catalog import Catalog, Outcomes
from .model import Release

PAGES = ("index.html", "resultat/index.html", "beslut/index.html", "data/index.html", "versioner/index.html")
NAV = (
    ("nav_start", "index.html"),
    ("nav_decisions", "beslut/index.html"),
    ("nav_kommuner", "kommun/index.html"),
    ("nav_recipients", "mottagare/index.html"),
    ("nav_results", "resultat/index.html"),
    ("nav_reports", "rapporter/index.html"),
    ("nav_data", "data/index.html"),
    ("nav_versions", "versioner/index.html"),
)
LINK_ORDER = ("hit_gar_pengarna", "analysportal_norr", "projektbanken")
INDEX_PAGE = 200  # groups per index page (recipients can be tens of thousands)


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site root
    html: str


def prefix(lang: str) -> str:
    return "" if lang == "sv" else f"{lang}/"


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("oppnadata", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["chart_html"] = charts.chart_html
    env.globals["decision_rows"] = rows.decision_rows
    env.globals["group_rows"] = rows.group_rows
    env.globals["ranking_rows"] = rows.ranking_rows
    return env


class PageRenderer(Protocol):
    """What a page module may ask of the renderer that calls it."""

    config: PublicationConfig
    releases: list[Release]
    current: Release
    env: Environment

    @property
    def catalog(self) -> Catalog: ...

    @property
    def outcomes(self) -> Outcomes: ...

    @property
    def results(self) -> Any: ...  # results.Results (that module types it)

    def _page(
        self, lang: str, slug: str, template: str, context: dict[str, Any], release: Release | None = None
    ) -> Page: ...

    def _context(
        self, lang: str, slug: str, context: dict[str, Any], release: Release | None = None
    ) -> dict[str, Any]: ...

    def _chart(
        self,
        lang: str,
        chart_id: str,
        title: str,
        series: list[str],
        rows: list[tuple[str, list[int]]],
        total: bool,
    ) -> charts.Chart: ...
