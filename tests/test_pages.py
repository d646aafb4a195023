import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher
from django.test import Client

from motcua import settings as production
from motcua.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_public_home_page_is_in_vietnamese(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Cổng tiếp nhận và trả kết quả thủ tục hành chính" in html
    assert "Đăng nhập cán bộ" in html


def test_a_receiving_officer_logs_in_and_sees_her_role(
    client: Client, receiving_officer: User
) -> None:
    response = client.post(
        "/dang-nhap/", {"username": "tiepnhan", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "Xin chào, Nguyễn Thị Lan" in html
    assert "Công chức tiếp nhận (Bộ phận Một cửa)" in html
    assert "Mở trang quản trị" not in html  # only administrators reach the admin


def test_a_wrong_password_gets_a_vietnamese_error_and_no_session(
    client: Client, receiving_officer: User
) -> None:
    response = client.post("/dang-nhap/", {"username": "tiepnhan", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_speaks_vietnamese_and_is_closed_to_non_administrators(
    client: Client, receiving_officer: User, administrator: User
) -> None:
    client.force_login(receiving_officer)
    assert client.get("/quan-tri/").status_code == 302
    client.force_login(administrator)
    html = client.get("/quan-tri/").content.decode()
    assert "Quản trị" in html
    assert "Tài khoản và vai trò" in html


def test_passwords_are_hashed_with_argon2(receiving_officer: User) -> None:
    assert receiving_officer.password.startswith("argon2")
    # The suite hashes at Argon2's smallest cost (tests/hashers.py); the settings of a real
    # installation keep Django's own Argon2 hasher, with its parameters, first.
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    strong = Argon2PasswordHasher()
    assert (strong.time_cost, strong.memory_cost, strong.parallelism) == (2, 102400, 8)
    assert get_hasher().algorithm == "argon2"


def test_health_check_reaches_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.json()["status"] == "ok"


def test_static_files_are_served_by_whitenoise(client: Client) -> None:
    response = client.get("/static/motcua/motcua.css")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"--red" in body


def test_numbers_in_templates_use_vietnamese_grouping() -> None:
    from django.template import Context, Template

    rendered = Template("{{ n }}|{{ n|so }}|{{ m|dong }}|{{ m|bang_chu }}").render(
        Context({"n": 1652, "m": 1652000})
    )
    assert rendered == ("1.652|1.652|1.652.000 đồng|Một triệu sáu trăm năm mươi hai nghìn đồng")
