"""The refusals of the dossier services, with messages for the officer or citizen."""

from __future__ import annotations


class DossierError(ValueError):
    """Input a dossier act cannot take; the message is for the officer or citizen."""


class IllegalAct(DossierError):  # noqa: N818  (a refusal, answered 409)
    """The act is not allowed in the dossier's state (or by the deadline rules): HTTP 409."""
