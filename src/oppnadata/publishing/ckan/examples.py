"""Ready-to-run DataStore queries for a table, for the portal's data pages and the README.

``api_examples(catalogue, package, table, schema)`` gives the table's stable API name (its DataStore alias),
a ``datastore_search`` URL filtering on the table's first code-like fields, and, for the totals table, the
``datastore_search_sql`` for "granted per municipality and year" (as a two-step shell snippet: CKAN 2.12 checks
every name in a SQL query as a resource, so a visitor's SQL names the current table by its resource id, which
``datastore_search`` on the alias returns). The portal shows them with the partial template
``templates/datastore_api.html``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from .datastore import alias_for

TOTALS = "totaler_ar_stodform_kommun"
# example filter values per field name (a municipality and a support form that the data holds)
FILTERS = {"kommunkod": "2326", "stodform": "PROJ", "ar": 2023}


def api_examples(catalogue: str, package: str, table: str, schema: dict[str, Any]) -> dict[str, str]:
    """The alias, a ``datastore_search`` URL and (for the totals table) a SQL snippet."""
    base = catalogue.rstrip("/") + "/api/3/action"
    alias = alias_for(package, table)
    names = [str(f["name"]) for f in schema.get("fields", [])]
    filters = {k: v for k, v in FILTERS.items() if k in names}
    query: dict[str, str] = {"resource_id": alias, "limit": "10"}
    if filters:
        query["filters"] = json.dumps(filters, ensure_ascii=False)
    out = {"alias": alias, "search": f"{base}/datastore_search?{urlencode(query)}"}
    if table == TOTALS:
        sql = (
            'SELECT ar, kommunkod, kommunnamn, sum(beviljat_belopp) AS beviljat FROM "$RID" '
            "GROUP BY ar, kommunkod, kommunnamn ORDER BY ar, kommunkod"
        )
        out["sql"] = (
            f"RID=$(curl -s '{base}/datastore_search?resource_id={alias}&limit=0' | jq -r .result.resource_id)\n"
            f'curl -G {base}/datastore_search_sql --data-urlencode "sql={sql.replace(chr(34), chr(92) + chr(34))}"'
        )
    return out
