"""The codes of the published data that the code branches on, named once.

The Table Schemas (``schemas/beslut.yaml``) list every allowed value; this module names the few that the pipeline
itself acts on, so a withdrawn decision is ``WITHDRAWN`` everywhere (aggregates, diff, import merge, portal) and a
test checks each constant against the schema's ``enum``.
"""

from __future__ import annotations

# beslut.status: a decision is never deleted; it is withdrawn by its status.
STATUS_FIELD = "status"
GRANTED = "beviljad"
ONGOING = "pagaende"
CLOSED = "avslutad"
WITHDRAWN = "aterkallad"
STATUSES = (GRANTED, ONGOING, CLOSED, WITHDRAWN)
WITHDRAWAL_DATE_FIELD = "aterkallelsedatum"

# beslut.stodform: projektstöd, företagsstöd, stöd till kommersiell service.
PROJECT = "PROJ"
BUSINESS = "FTG"
COMMERCIAL_SERVICE = "KS"
SUPPORT_FORMS = (PROJECT, BUSINESS, COMMERCIAL_SERVICE)

# The value a categorical column holds when the source did not say (hallbarhet and the other assessments).
MISSING = "uppgift_saknas"
