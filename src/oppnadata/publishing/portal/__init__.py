"""The local open-data portal: ``oppnadata publish`` (target local) writes a static site into ``site/``.

- :mod:`.site` — assembly: releases unpacked at stable versioned paths, the DCAT feed, staging and swap;
- :mod:`.model` — what the pages show, read from a release folder;
- :mod:`.charts` — bar charts as inline SVG geometry;
- :mod:`.pages` — the jinja2 pages in Swedish and English;
- :mod:`.serve` — ``oppnadata serve``: the site on localhost.
"""

from __future__ import annotations

from .serve import serve
from .site import SiteSummary, publish_local, publish_releases

__all__ = ["SiteSummary", "publish_local", "publish_releases", "serve"]
