"""An e-form definition (tờ khai điện tử) as data, and the check that refuses a bad one.

A definition is JSON kept on the procedure version (catalog ProcedureVersion.eform): sections
(a person group such as "Người được khai sinh", "Mẹ", "Cha") of fields, each with a name, a
Vietnamese label, a type, required or not, conditions (shown / required only when another field
has a value), the official list its options come from (lists.py) and its validation rules.
The shape is a pydantic model (its JSON Schema: ``FormDefinition.model_json_schema()``); a
definition that does not match it, or names a field or a list that does not exist, is refused
with Vietnamese messages naming the field (``definition_problems``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from motcua.catalog.eform_lists import LISTS

FieldType = Literal["text", "date", "choice", "number", "id_number", "phone", "address"]
Prefill = Literal["name", "birth_date", "sex", "address", "personal_id", "phone"]
PREFILL_TYPES: dict[str, set[str]] = {
    "name": {"text"},
    "birth_date": {"date"},
    "sex": {"choice"},
    "address": {"address", "text"},
    "personal_id": {"id_number"},
    "phone": {"phone"},
}
TYPE_NAMES = {
    "text": "chữ",
    "date": "ngày (dd/mm/yyyy)",
    "choice": "chọn từ danh sách",
    "number": "số",
    "id_number": "số định danh cá nhân",
    "phone": "số điện thoại",
    "address": "địa chỉ",
}
NAME = r"^[a-z][a-z0-9_]{0,40}$"


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(pattern=NAME)
    equals: str


class FieldDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=NAME)
    label: str = Field(min_length=1, max_length=200)
    type: FieldType
    required: bool = False
    help: str = ""
    list: str = ""  # the official list of a choice field (lists.py)
    options: tuple[str, ...] = ()  # a choice field's own options (when no official list)
    max_length: int = Field(default=200, ge=1, le=2000)
    min: int | None = None
    max: int | None = None
    not_future: bool = False  # a date: not after the day of the declaration
    in_words: bool = False  # a date printed also in words ("ghi bằng chữ")
    show_if: Condition | None = None
    require_if: Condition | None = None
    prefill: Prefill | None = None
    # the meaning of the value across forms ("mother_name", "ethnicity"): a value the citizen gave
    # under the same key (or the same prefill key) on an earlier dossier is suggested here
    remember: str = Field(default="", pattern=r"^([a-z][a-z0-9_]{0,40})?$")
    printed: bool = True  # printed on the declaration (False: a guiding question of the e-form)
    source: str = ""  # the official form's item this field transcribes
    assumed: str = ""  # why the field is an assumption (not on the official form)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=NAME)
    title: str = Field(min_length=1)
    person: bool = False  # a person group (requester, child, mother, father, the deceased…)
    show_if: Condition | None = None
    fields: tuple[FieldDef, ...] = Field(min_length=1)


class Signer(BaseModel):
    """Who signs the declaration: a title ("Người yêu cầu", "Bên nữ") and the field whose value
    is printed as the signer's name."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)
    name_field: str = Field(pattern=NAME)


class FormDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)  # "TỜ KHAI ĐĂNG KÝ KHAI SINH"
    form: str = Field(min_length=1)  # the official form: "Mẫu … ban hành kèm theo TT …"
    sources: tuple[str, ...] = Field(min_length=1)
    assumptions: tuple[str, ...] = ()
    addressee: str = "competent_unit"  # "Kính gửi": the committee that decides
    sections: tuple[Section, ...] = Field(min_length=1)
    signers: tuple[Signer, ...] = (Signer(title="Người yêu cầu", name_field="requester_name"),)
    declaration: str = (
        "Tôi cam đoan nội dung đề nghị đăng ký trên đây là đúng sự thật và chịu trách nhiệm "
        "trước pháp luật về cam đoan của mình."
    )

    def fields(self) -> list[FieldDef]:
        return [field for section in self.sections for field in section.fields]


class DefinitionError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _where(data: Any, loc: tuple[int | str, ...]) -> str:
    """“trường “child_sex” (Giới tính)” for an error inside a field, else the section or key."""
    node: Any = data
    named = ""
    for step in loc:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "name" in node and "type" in node:
            named = f"trường “{node.get('name')}” ({node.get('label', '')})"
        elif isinstance(node, dict) and "fields" in node and not named:
            named = f"phần “{node.get('title') or node.get('key')}”"
    return named or "tờ khai"


def _message(error: dict[str, Any]) -> str:
    key = str(error["loc"][-1]) if error["loc"] else ""
    kind = error["type"]
    if kind == "missing":
        return f"thiếu “{key}”"
    if kind == "extra_forbidden":
        return f"không có mục “{key}” trong mẫu định nghĩa tờ khai"
    if kind == "literal_error" and key == "type":
        return "kiểu không hợp lệ (chỉ gồm " + ", ".join(TYPE_NAMES) + ")"
    if kind == "string_pattern_mismatch":
        return f"“{key}” chỉ gồm chữ thường không dấu, số và dấu gạch dưới"
    return f"giá trị của “{key}” không hợp lệ"


def definition_problems(data: Any) -> list[str]:
    """Every problem of a definition, in Vietnamese, each naming the field; [] when it is valid."""
    try:
        definition = FormDefinition.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        locs = [tuple(e["loc"]) for e in errors]
        return [  # a list emptied by its failed items is not a problem of its own
            f"{_where(data, tuple(e['loc']))}: {_message(dict(e))}."
            for e in errors
            if not (
                e["type"] == "too_short"
                and any(len(o) > len(e["loc"]) and o[: len(e["loc"])] == e["loc"] for o in locs)
            )
        ]
    return _meaning_problems(definition)


def _meaning_problems(definition: FormDefinition) -> list[str]:
    problems: list[str] = []
    seen: dict[str, FieldDef] = {}
    for section in definition.sections:
        if section.show_if is not None and section.show_if.field not in seen:
            problems.append(
                f"phần “{section.title}”: điều kiện hiển thị dựa vào trường "
                f"“{section.show_if.field}” chưa có ở phía trước."
            )
        for field in section.fields:
            where = f"trường “{field.name}” ({field.label})"
            if field.name in seen:
                problems.append(f"{where}: tên trường bị trùng.")
            problems += [f"{where}: {p}" for p in _field_problems(field, seen)]
            seen[field.name] = field
    for signer in definition.signers:
        if signer.name_field not in seen:
            problems.append(
                f"người ký “{signer.title}”: trường họ tên “{signer.name_field}” không có."
            )
    return problems


def _field_problems(field: FieldDef, before: dict[str, FieldDef]) -> list[str]:
    problems = []
    if field.type == "choice" and bool(field.list) == bool(field.options):
        problems.append(
            "trường chọn phải có đúng một nguồn: danh mục chính thức hoặc các lựa chọn."
        )
    if field.list and field.list not in LISTS:
        problems.append(f"danh mục “{field.list}” không có (chỉ gồm {', '.join(LISTS)}).")
    if field.type != "choice" and (field.list or field.options):
        problems.append("chỉ trường chọn mới có danh mục hoặc các lựa chọn.")
    if field.prefill and field.type not in PREFILL_TYPES[field.prefill]:
        problems.append(f"không điền sẵn “{field.prefill}” vào trường kiểu {field.type}.")
    if field.min is not None and field.max is not None and field.min > field.max:
        problems.append("giá trị nhỏ nhất lớn hơn giá trị lớn nhất.")
    for condition in (field.show_if, field.require_if):
        if condition is None:
            continue
        target = before.get(condition.field)
        if target is None:
            problems.append(f"điều kiện dựa vào trường “{condition.field}” chưa có ở phía trước.")
        elif target.type == "choice" and condition.equals not in options_of(target):
            problems.append(
                f"điều kiện so với “{condition.equals}”, không phải một lựa chọn của trường "
                f"“{condition.field}”."
            )
    return problems


def meaning(field: FieldDef) -> str:
    """What a field's value means across forms: its declared remember key, else its prefill
    key ("" when neither: a field of this form only)."""
    return field.remember or field.prefill or ""


def options_of(field: FieldDef) -> tuple[str, ...]:
    return LISTS[field.list].options if field.list in LISTS else field.options


def load_definition(data: Any) -> FormDefinition:
    """The definition, or DefinitionError listing every problem."""
    problems = definition_problems(data)
    if problems:
        raise DefinitionError(problems)
    return FormDefinition.model_validate(data)
