from django.http import HttpRequest
from django.utils import timezone


def today(request: HttpRequest) -> dict[str, object]:
    """Today's date in Vietnam, for page footers and date pickers."""
    return {"today": timezone.localdate()}
