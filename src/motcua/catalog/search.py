"""Finding a procedure by what a person types: its code, or words of its name with or without
diacritics. Used by the public catalogue and by the citizen's "Nộp hồ sơ trực tuyến" list."""

from __future__ import annotations

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Length

from motcua.catalog.models import ProcedureVersion
from motcua.domain.text import fold


def search_versions(versions: QuerySet[ProcedureVersion], query: str) -> QuerySet[ProcedureVersion]:
    """Every folded word of the query starts a word of the folded name, or the query is the code.

    Ordered for a person looking for one procedure: the code or the exact name first ("khai
    sinh" → "Thủ tục đăng ký khai sinh", with or without the leading "Thủ tục"), then names that
    begin with the query, then names holding it as a phrase, then the rest; shorter (more
    general) names before longer ones within each group."""
    folded = " ".join(fold(query).split())
    if not folded:
        return versions
    padded = versions.annotate(padded_name=Concat(Value(" "), F("name_fold")))
    condition = Q()
    for word in folded.split():
        condition &= Q(padded_name__contains=f" {word}")
    named = [folded, f"thu tuc {folded}", f"dang ky {folded}", f"thu tuc dang ky {folded}"]
    rank = Case(
        When(Q(procedure__code=query.strip()) | Q(name_fold__in=named), then=Value(0)),
        When(
            Q(name_fold__startswith=f"{folded} ") | Q(name_fold__startswith=f"thu tuc {folded} "),
            then=Value(1),
        ),
        When(padded_name__contains=f" {folded}", then=Value(2)),
        default=Value(3),
    )
    return (
        padded.filter(condition | Q(procedure__code=query.strip()))
        .annotate(search_rank=rank, name_length=Length("name_fold"))
        .order_by("search_rank", "name_length", "procedure__code")
    )
