"""The API's one error shape, and how error answers are declared in the OpenAPI schema.

Every error the API gives is `{"detail": "<Vietnamese message>"}`; a request that does not
validate (422 from the framework) also carries `errors`, one item per problem (`loc`, `msg`).
A router declares the errors its own code gives with `errors(403, 404, 409)` in `response=`;
the answers the framework gives to every operation of a kind — 400 unreadable body, 401 no
session, 403 CSRF, 422 parameters that do not validate — are added by `declare_framework_errors`,
called once by motcua/api.py when the schema is built.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

UNSAFE = {"post", "put", "patch", "delete"}

DESCRIPTIONS = {
    400: "Yêu cầu không đọc được (JSON hỏng, ký tự NUL, thiếu tiêu đề Idempotency-Key)",
    401: "Chưa đăng nhập hoặc chữ ký không hợp lệ",
    403: "Không có quyền (vai trò, đơn vị) hoặc thiếu mã CSRF",
    404: "Không tìm thấy, hoặc không thuộc phạm vi được xem",
    409: "Thao tác không được phép ở trạng thái hiện tại (hoặc đã làm rồi)",
    415: "Chỉ nhận dữ liệu JSON (Content-Type: application/json)",
    422: "Dữ liệu không hợp lệ",
    429: "Thao tác quá nhiều lần; thử lại sau",
}


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class ApiError(Schema):
    detail: str
    errors: list[FieldError] | None = None


def errors(*codes: int) -> dict[frozenset[int], type[ApiError]]:
    """`response={200: Out, **errors(404, 409)}`: the errors an operation's own code gives."""
    assert codes, "no error code"
    assert set(codes) <= DESCRIPTIONS.keys(), codes
    return {frozenset(codes): ApiError}


def framework_errors(method: str, operation: dict[str, Any]) -> set[int]:
    """The error codes the framework itself can answer for this operation."""
    codes: set[int] = set()
    unsafe = method.lower() in UNSAFE
    if unsafe:
        codes.add(400)  # body not JSON, or NUL/lone surrogate (core/middleware.py)
    if operation.get("security"):
        codes.add(401)
        if unsafe:
            codes.add(403)  # CSRF
    if operation.get("parameters") or "requestBody" in operation:
        codes.add(422)
    return codes


def declare_framework_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the framework's error answers to every operation, all with the ApiError schema."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    generated = ApiError.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in generated.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault("ApiError", generated)
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            declared = {int(code) for code in responses}
            for code in framework_errors(method, operation) - declared:
                responses[code] = {"content": body}
            for code, response in responses.items():
                if int(code) in DESCRIPTIONS:
                    response["description"] = DESCRIPTIONS[int(code)]
    return schema
