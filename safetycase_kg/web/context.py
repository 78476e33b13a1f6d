"""What a request may read: the dataset and the disclosure tier its token gives it.

``app`` sets both before every request (``choose_view``); the protocol views and the human pages read
them from here, so neither imports the other.
"""

from __future__ import annotations

from flask import g

from ..core.storeapi import GraphStore
from ..core.tiers import PUBLIC, REVIEWER
from .access import sees_full_store


def current_store() -> GraphStore:
    """The store this request may read: the public view for the public tier."""
    store: GraphStore = g.store  # set by the app's before_request hook (flask.g holds untyped attributes)
    return store


def current_disclosure() -> str:
    """The disclosure tier of the data this request reads: ``reviewer`` or ``public``."""
    return REVIEWER if sees_full_store(g.tier) else PUBLIC
