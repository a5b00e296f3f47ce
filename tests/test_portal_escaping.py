"""The pages written without templates escape exactly as the templates (markupsafe) and html.escape do."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from oppnadata.publishing.portal.escaping import as_html, as_markup

TRICKY = ["", "AB", "Café & Co", "<b>", 'sa "hej"', "O'Brien", "a&amp;b", "1 000\u00a0kr", "&<>\"'", "\x01"]


@given(st.one_of(st.text(), st.sampled_from(TRICKY), st.integers()))
def test_escaping_is_the_templates_and_html_escape(value: object) -> None:
    assert as_markup(value) == str(escape(value))
    assert as_html(value) == html.escape(str(value), quote=True)


def test_markup_is_not_escaped_twice() -> None:
    assert as_markup(Markup("<b>x</b>")) == "<b>x</b>"
    assert as_markup("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert as_html('O\'Brien & "Co"') == "O&#x27;Brien &amp; &quot;Co&quot;"
