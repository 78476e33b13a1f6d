"""Access tiers: who may read the full store and who may write to it.

Three tiers, each including the one before: ``public`` (no token: reads the redacted public view),
``reviewer`` (reads the full store) and ``writer`` (reads the full store and may write through the
validated load path). A request names its tier with ``Authorization: Bearer TOKEN``. The server keeps
only SHA-256 hashes of tokens and compares the request's hash against every configured hash with
``hmac.compare_digest``, so neither the comparison time nor an early exit tells which hash was close.
A token that matches nothing is an error (401), never a silent fall-back to public: a client with a
mistyped token should learn that, not get a redacted answer it takes for the whole truth.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence

from ..core.errors import SafetyCaseKGError
from ..core.tiers import PUBLIC, REVIEWER

WRITER = "writer"  # an access role above the reviewer tier, not a disclosure tier
TIERS = (PUBLIC, REVIEWER, WRITER)
_RANK = {tier: i for i, tier in enumerate(TIERS)}


class AccessDenied(SafetyCaseKGError):
    """The request may not do this; ``status`` is 401 (who are you?) or 403 (not allowed for your tier)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.http_status = status


def hash_token(token: str) -> str:
    """The form in which a token is configured: ``sha256:<hex>`` of its UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def tier_for(authorization: str | None, tokens: Mapping[str, Sequence[str]]) -> str:
    """The tier of a request from its Authorization header; AccessDenied(401) for a bad or unknown token."""
    if authorization is None or not authorization.strip():
        return PUBLIC
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AccessDenied(401, "use 'Authorization: Bearer TOKEN'")
    digest = hash_token(token).encode("ascii")
    best = PUBLIC
    for tier, hashes in tokens.items():
        for configured in hashes:
            # Every configured hash is compared, whatever matched before: the time taken does not depend on which.
            if hmac.compare_digest(digest, configured.lower().encode("ascii")) and _RANK[tier] > _RANK[best]:
                best = tier
    if best == PUBLIC:
        raise AccessDenied(401, "the bearer token is not valid")
    return best


def require(tier: str, needed: str) -> None:
    """Refuse unless ``tier`` is at least ``needed``: 401 for anonymous requests, 403 for a lower tier."""
    if _RANK[tier] >= _RANK[needed]:
        return
    if tier == PUBLIC:
        raise AccessDenied(401, f"this needs a {needed} token: send 'Authorization: Bearer TOKEN'")
    raise AccessDenied(403, f"a {tier} token may not do this; it needs a {needed} token")


def sees_full_store(tier: str) -> bool:
    """Reviewers and writers read the full store; everyone else the public view."""
    return _RANK[tier] >= _RANK[REVIEWER]
