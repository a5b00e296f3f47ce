"""WCAG 2.1 AA in Chromium, on every page type: axe-core (vendored, ``tests/vendor/axe-core``) at 0 violations at
1366 and 390 px, and the criteria axe cannot judge: focus indicators at 3:1 or more against what is behind them,
chart series told apart without colour, no page-level sideways scrolling at 320 px and at 200 % zoom, Swedish
text marked ``lang="sv"`` on English pages, chart text at least 12 px on a phone, and the accessibility statement
in DIGG's structure, in Swedish and English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.portal_fixtures import DIGG, SCREENSHOTS, _rows

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SPLIT = next(r["arende_id"] for r in _rows("kommunfordelning") if r["andel"] not in ("1", "1.0"))
RECIPIENT = next(
    r["organisationsnummer"]
    for r in _rows("beslut")
    if r["juridisk_form"] == "aktiebolag" and r["status"] != "aterkallad"
)
PAGE_TYPES = {
    "start": "index.html",
    "beslut": "beslut/index.html",
    "beslut-sida": "beslut/sida/2/index.html",
    "beslutssida": f"beslut/{SPLIT}/index.html",
    "kommuner": "kommun/index.html",
    "kommun": "kommun/2326/index.html",
    "mottagare": "mottagare/index.html",
    "mottagarsida": f"mottagare/{RECIPIENT}/index.html",
    "mottagare-stodform": "mottagare/stodform/FTG/index.html",
    "stodtyper": "stodtyp/index.html",
    "stodtyp": "stodtyp/projektstod/index.html",
    "omraden": "strategiomrade/index.html",
    "omrade": "strategiomrade/innovation_foretagande/index.html",
    "rapporter": "rapporter/index.html",
    "resultat": "resultat/index.html",
    "resultat-dimension": "resultat/jamstalldhet/index.html",
    "resultat-utfall": "resultat/utfall/index.html",
    "resultat-indikator": "resultat/utfall/nya_arbetstillfallen/index.html",
    "data": "data/index.html",
    "data-tabell": "data/beslut/index.html",
    "versioner": "versioner/index.html",
    "version": "versioner/1.0.0/index.html",
    "tillganglighet": "tillganglighet/index.html",
}
FULL_PAGE = {"beslutssida", "kommun", "mottagarsida", "tillganglighet"}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _page(browser: Browser, site: Path, slug: str, width: int, **options: Any) -> tuple[BrowserContext, Page]:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True, **options)
    page = ctx.new_page()
    page.goto(site.resolve().as_uri() + "/" + slug)
    if slug in ("beslut/index.html", "en/beslut/index.html"):
        page.wait_for_selector("html[data-list-ready=complete]")
    return ctx, page


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css: str) -> tuple[float, ...]:
    inside = css[css.index("(") + 1 : css.index(")")].replace("/", " ").replace(",", " ").split()
    return tuple(float(v) for v in inside[:3])


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_violations(browser: Browser, site: Path, kind: str, width: int) -> None:
    for prefix in ("", "en/") if width == 1366 else ("",):
        ctx, page = _page(browser, site, prefix + PAGE_TYPES[kind], width)
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                ".then(r => r.violations.map(v => [v.id, v.nodes.length, v.nodes[0].target.join(' ')]))",
                WCAG,
            )
            assert result == [], f"{prefix}{PAGE_TYPES[kind]} at {width}px: {result}"
        finally:
            ctx.close()


@pytest.mark.parametrize("width", [320, 683])  # 683 px: a 1366 px window at 200 % zoom
def test_no_page_level_sideways_scrolling(browser: Browser, site: Path, width: int) -> None:
    for kind, slug in sorted(PAGE_TYPES.items()):
        ctx, page = _page(browser, site, slug, width)
        try:
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"{kind} ({slug}) scrolls sideways at {width}px: {scroll} > {client}"
        finally:
            ctx.close()
    # The same as real zoom: a 1366 px window at device scale 2 lays out at 683 CSS px.
    ctx, page = _page(browser, site, PAGE_TYPES["versioner"], 683, device_scale_factor=2)
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        ctx.close()


def test_focus_is_visible_at_three_to_one(browser: Browser, site: Path) -> None:
    for slug in (PAGE_TYPES["start"], PAGE_TYPES["beslut"], PAGE_TYPES["kommun"]):
        ctx, page = _page(browser, site, slug, 1366)
        try:
            checked = 0
            for _ in range(40):
                page.keyboard.press("Tab")
                style = page.evaluate(
                    """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                      const s = getComputedStyle(e); let p = e, bg = 'rgba(0, 0, 0, 0)';
                      while (p) { const c = getComputedStyle(p).backgroundColor;
                        if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') { bg = c; break; } p = p.parentElement; }
                      if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
                      return [e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30), s.outlineStyle,
                              parseFloat(s.outlineWidth), s.outlineColor, bg]; }"""
                )
                if style is None:
                    continue
                what, outline, width, colour, behind = style
                assert outline != "none" and width >= 2, f"{slug}: no focus indicator on {what}"
                ratio = _contrast(_rgb(colour), _rgb(behind))
                assert ratio >= 3, f"{slug}: focus on {what} at {ratio:.2f}:1 ({colour} on {behind})"
                checked += 1
            assert checked >= 20
        finally:
            ctx.close()


def test_chart_series_differ_without_colour(browser: Browser, site: Path) -> None:
    ctx, page = _page(browser, site, PAGE_TYPES["start"], 1366)
    try:
        s0, s1 = (
            page.eval_on_selector(
                f"#per-ar rect.{name}[data-value]",
                "r => { const s = getComputedStyle(r); return [s.fill, s.stroke, s.strokeWidth]; }",
            )
            for name in ("s0", "s1")
        )
        white = (255.0, 255.0, 255.0)
        # A solid bar against an outlined one: told apart by lightness, each at 3:1 against the page.
        assert _contrast(_rgb(s0[0]), white) >= 3
        assert _rgb(s1[0]) == white and float(s1[2].removesuffix("px")) >= 2
        assert _contrast(_rgb(s1[1]), white) >= 3
        assert _contrast(_rgb(s0[0]), _rgb(s1[0])) >= 3
        legend = page.locator("#per-ar ul.legend rect").evaluate_all(
            "rs => rs.map(r => r.getAttribute('class'))"
        )
        assert legend == ["s0", "s1"]
    finally:
        ctx.close()


def test_chart_text_is_at_least_12px_on_a_phone(browser: Browser, site: Path) -> None:
    for slug in (PAGE_TYPES["start"], PAGE_TYPES["kommun"], PAGE_TYPES["resultat"]):
        ctx, page = _page(browser, site, slug, 390, device_scale_factor=3, is_mobile=True, has_touch=True)
        try:
            sizes = page.eval_on_selector_all(
                ".chart .bar-label, .chart .bar-values span, .chart .chart-title, .chart ul.legend li",
                "es => es.map(e => parseFloat(getComputedStyle(e).fontSize))",
            )
            assert sizes and min(sizes) >= 12, (slug, min(sizes))
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
        finally:
            ctx.close()


def test_swedish_text_is_marked_on_english_pages(browser: Browser, site: Path) -> None:
    for slug in ("en/beslut/index.html", f"en/beslut/{SPLIT}/index.html", "en/kommun/2326/index.html"):
        ctx, page = _page(browser, site, slug, 1366)
        try:
            assert page.get_attribute("html", "lang") == "en"
            if SPLIT in slug:  # the decision's own page: its name and summary
                assert page.get_attribute("h1", "lang") == "sv"
                assert page.get_attribute("main p.lead", "lang") == "sv"
                continue
            unmarked = page.eval_on_selector_all(
                "td.project, .decisions td:nth-child(5)", "es => es.filter(e => e.lang !== 'sv').length"
            )
            marked = page.eval_on_selector_all("td.project, .decisions td:nth-child(5)", "es => es.length")
            assert unmarked == 0 and marked > 0, slug
        finally:
            ctx.close()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_accessibility_statement(browser: Browser, site: Path, config: Any, lang: str) -> None:
    """DIGG's structure: the body and the service, compliance in DIGG's words, the inaccessible content with
    reasons and alternatives, disproportionate burden (12 §), content outside the law (9 §), the date and method of
    the assessment and of the last update, the feedback function, and DIGG's report form; facts from the config."""
    a11y = config.accessibility
    ctx, page = _page(browser, site, lang + PAGE_TYPES["tillganglighet"], 1366)
    try:
        ids = page.eval_on_selector_all("main h2, main h3", "hs => hs.map(h => h.id)")
        assert ids == [
            "status",
            "alternativ",
            "rapportera",
            "tillsyn",
            "teknisk",
            "brister",
            "betungande",
            "undantag",
            "testat",
        ]
        main = page.inner_text("main")
        assert config.publisher.name in main
        assert (a11y.service_name_en if lang else a11y.service_name) in page.inner_text("h1")
        assert a11y.service_name in main
        wording = {"": "delvis förenlig", "en/": "partially compliant"}[lang]
        assert a11y.compliance == "delvis" and wording in page.inner_text("#forenlighet")
        assert page.locator(f"#tillsyn + p a[href='{DIGG}']").count() == 1
        assert "WCAG 2.1" in main and "EN 301 549" in main
        assert page.get_attribute("#bedomd", "datetime") == a11y.assessed
        assert page.get_attribute("#uppdaterad", "datetime") == a11y.updated
        assert ("självskattning" if not lang else "self-assessment") in page.inner_text("#testat + p")
        assert page.locator(f"#rapportera + p a[href^='mailto:{a11y.email}']").count() == 1
        assert page.locator(f"#alternativ ~ ul.contact a[href='mailto:{a11y.email}']").count() == 1
        assert page.locator("#alternativ ~ ul.contact a[href^='tel:+46']").count() == 1
        assert page.locator("#brister + p + ul li").count() >= 2
        assert "12 §" in page.inner_text("#betungande + p") or "section 12" in page.inner_text(
            "#betungande + p"
        )
        assert page.locator("#undantag + p a[href$='rapporter/index.html']").count() == 1
        page.goto(site.resolve().as_uri() + f"/{lang}index.html")
        page.click("footer a[href$='tillganglighet/index.html']")
        assert page.url.endswith(f"/{lang}tillganglighet/index.html")
    finally:
        ctx.close()


def test_screenshots_of_the_page_types(browser: Browser, site: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        for kind, slug in sorted(PAGE_TYPES.items()):
            ctx, page = _page(browser, site, slug, width)
            try:
                target = SCREENSHOTS / f"{kind}-{width}.png"
                page.screenshot(path=str(target), full_page=width == 1366 and kind in FULL_PAGE)
                assert target.stat().st_size > 5_000
            finally:
                ctx.close()
