"""Publishing a release to a CKAN catalogue: plan, then apply; safe to re-run, safe to interrupt.

- ``client``: the HTTP wrapper (counting, retries with backoff, typed errors, the token redacted)
- ``desired``: what the release should look like in CKAN
- ``plan``: the live catalogue compared with the release
- ``apply``: the claim, the pending uploads and the one switch
- ``report``: the plan and outcome as text
"""

from __future__ import annotations

from .apply import ConcurrentPublish, publish_ckan
from .client import CallStats, CkanClient, CkanNotFound, CkanRefused, read_token
from .desired import Release
from .plan import Outcome, Plan, make_plan

__all__ = [
    "CallStats",
    "CkanClient",
    "CkanNotFound",
    "CkanRefused",
    "ConcurrentPublish",
    "Outcome",
    "Plan",
    "Release",
    "make_plan",
    "publish_ckan",
    "read_token",
]
