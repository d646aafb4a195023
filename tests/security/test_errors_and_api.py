"""Bad ids are 404/400, never 500, on SQLite and PostgreSQL; the API answers JSON for every
error; the site's error pages are Vietnamese."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from motcua.accounts.models import User
from motcua.citizens.models import CitizenProfile
from motcua.feedback.models import Petition
from motcua.units.models import Unit
from tests.citizens.conftest import citizen, phu_tan, reference

__all__ = ["citizen", "phu_tan", "reference"]
HUGE = "99999999999999999999"  # 20 digits: past bigint
JUST_PAST = "9223372036854775808"  # 2**63: 19 digits, still past bigint


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, dict[str, object]]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, dict(entry.pattern.converters)


def _fill(route: str, converters: dict[str, object], number: str) -> str | None:
    """A concrete path for a route: numbers for id-like parameters, a word for the others."""
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes (the admin's own) are reached through their prefixes
    path = route
    for name, converter in converters.items():
        kind = type(converter).__name__
        value = "x" if kind in ("StringConverter", "SlugConverter") else number
        if kind == "UUIDConverter":
            value = "00000000-0000-0000-0000-000000000000"
        path = path.replace(f"<{_spec(route, name)}>", value)
    return "/" + path.replace("{", "").replace("}", "")


def _spec(route: str, name: str) -> str:
    start = route.index(f":{name}>") if f":{name}>" in route else route.index(f"<{name}>") + 1
    opening = route.rindex("<", 0, start + 1)
    return route[opening + 1 : route.index(">", opening)]


def test_no_route_uses_the_unbounded_int_converter() -> None:
    unbounded = [
        route
        for route, converters in _patterns(get_resolver())
        if any(isinstance(c, IntConverter) for c in converters.values())
    ]
    assert unbounded == []


def _ids_in_every_route() -> list[str]:
    paths = []
    for route, converters in _patterns(get_resolver()):
        if not converters:
            continue
        for number in (HUGE, JUST_PAST, "0"):
            filled = _fill(route, converters, number)
            if filled:
                paths.append(filled)
    return sorted(set(paths))


@pytest.mark.django_db
def test_an_overflowing_id_in_any_route_is_404_or_400_never_500(
    administrator: User, citizen: CitizenProfile
) -> None:
    superuser = User.objects.create_superuser("sieuquantri", password="Mk-rat-dai-2024!")
    paths = _ids_in_every_route()
    assert len(paths) > 40
    failures = []
    for user in (administrator, superuser, citizen.user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for path in paths:
            for answer in (client.get(path), client.post(path, {"id": HUGE})):
                if answer.status_code >= 500:
                    failures.append((user.username, path, answer.status_code))
    assert failures == []


def _json(answer: Any) -> dict[str, object]:
    assert answer["Content-Type"].startswith("application/json"), answer["Content-Type"]
    body = json.loads(answer.content)
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize("number", [HUGE, JUST_PAST, "abc", "0"])
def test_the_citizen_dossier_page_and_api_answer_404_for_a_bad_id(
    citizen: CitizenProfile, number: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(citizen.user)
    assert client.get(f"/cong-dan/ho-so/{number}/").status_code == 404
    answer = client.get(f"/api/v1/citizens/ho-so/{number}")
    assert answer.status_code == 404
    assert "Không tìm thấy" in str(_json(answer)["detail"])


@pytest.mark.parametrize("number", [HUGE, JUST_PAST])
def test_an_overflowing_id_in_the_admin_is_not_500(db: None, number: str) -> None:
    superuser = User.objects.create_superuser("sieuquantri", password="Mk-rat-dai-2024!")
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    answer = client.get(f"/quan-tri/dossiers/dossier/{number}/change/")
    assert answer.status_code in (302, 400, 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "status", "words"),
    [
        ("get", "/api/khong-co/", 404, "Không tìm thấy"),
        ("get", "/api/v1/khong-co", 404, "Không tìm thấy"),
        ("delete", "/api/v1/feedback/petitions/published", 405, "phương thức DELETE"),
        ("put", "/api/v1/citizens/ho-so", 405, "phương thức PUT"),
    ],
)
def test_every_api_error_is_json_in_vietnamese(
    method: str, path: str, status: int, words: str
) -> None:
    answer = getattr(Client(raise_request_exception=False), method)(path)
    assert answer.status_code == status
    assert words in str(_json(answer)["detail"])


def test_an_api_crash_is_json_and_says_nothing_internal(
    administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(Petition.objects, "filter", broken)
    answer = Client(raise_request_exception=False).get("/api/v1/feedback/petitions/published")
    assert answer.status_code == 500
    detail = str(_json(answer)["detail"])
    assert "Hệ thống gặp lỗi" in detail
    assert "secret" not in answer.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
        ("/ho-so/9223372036854775808/", 404, "Không tìm thấy trang"),
    ],
)
def test_the_site_s_error_pages_are_vietnamese_with_a_way_back(
    path: str, status: int, heading: str
) -> None:
    answer = Client(raise_request_exception=False).get(path)
    assert answer.status_code == status
    text = answer.content.decode()
    assert heading in text
    assert 'lang="vi"' in text
    assert 'href="/"' in text
    for english in ("Not Found", "Server Error", "Forbidden", "Traceback"):
        assert english not in text


@pytest.mark.django_db
def test_a_csrf_failure_is_a_vietnamese_page() -> None:
    answer = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "x"})
    assert answer.status_code == 403
    text = answer.content.decode()
    assert "mã chống giả mạo yêu cầu" in text
    assert "CSRF verification failed" not in text
    assert 'href="/"' in text


def test_the_500_and_400_and_403_pages_render_without_a_database() -> None:
    from django.template.loader import get_template

    for status, words in ((500, "Hệ thống đang gặp lỗi"), (400, "không hợp lệ"), (403, "quyền")):
        text = get_template(f"{status}.html").render({})  # no stylesheet, no database
        assert words in text
        assert 'href="/"' in text


# The public JSON API: JSON only, never from another site.
def _petition(unit_code: str) -> str:
    return json.dumps(
        {
            "unit": unit_code,
            "kind": "behaviour",
            "name": "Phạm Văn Khiếu",
            "subject": "Thái độ phục vụ",
            "content": "Cán bộ tiếp nhận không hướng dẫn rõ thành phần hồ sơ.",
            "phone": "0987654321",
        },
        ensure_ascii=False,
    )


PETITIONS = "/api/v1/feedback/petitions"


def test_a_cross_site_text_plain_post_is_refused_and_nothing_is_received(phu_tan: Unit) -> None:
    client = Client()
    forged = client.post(
        PETITIONS,
        _petition(phu_tan.code),
        content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert forged.status_code == 415
    assert "application/json" in str(_json(forged)["detail"])
    plain = client.post(PETITIONS, _petition(phu_tan.code), content_type="text/plain")
    assert plain.status_code == 415
    assert Petition.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/trang.html"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_a_cross_site_json_post_is_refused(phu_tan: Unit, headers: dict[str, Any]) -> None:
    for path, body in ((PETITIONS, _petition(phu_tan.code)), (RATINGS, "{}")):
        answer = Client(**headers).post(path, body, content_type="application/json")
        assert answer.status_code == 403, path
        assert "trang web khác" in str(_json(answer)["detail"])
    assert Petition.objects.count() == 0


RATINGS = "/api/v1/feedback/ratings"


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a client that is not a browser
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/phan-anh/"},
    ],
)
def test_same_site_and_non_browser_clients_still_submit(
    phu_tan: Unit, headers: dict[str, Any]
) -> None:
    answer = Client(**headers).post(
        PETITIONS, _petition(phu_tan.code), content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    assert Petition.objects.count() == 1


def test_every_public_post_of_the_api_is_guarded_or_signed() -> None:
    from ninja.constants import NOT_SET

    from motcua.api import api

    unguarded = []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                public = operation.auth_callbacks == [] or operation.auth_param is None
                if "POST" in operation.methods and public and operation.auth_param is not NOT_SET:
                    guarded = getattr(operation.run, "public_json", False)
                    if not guarded and f"{prefix}{path}" != "/v1/portal/inbound":  # HMAC-signed
                        unguarded.append(f"{prefix}{path}")
    assert unguarded == []
