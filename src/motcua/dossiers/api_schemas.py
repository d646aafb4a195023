"""The request and response bodies of the dossier API (dossiers/api.py)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

ACCEPT_NOW = (
    "true: tiếp nhận luôn hồ sơ đã kiểm tra đủ, hợp lệ (cấp mã, tính hạn, in giấy tiếp nhận) "
    "trong cùng một giao dịch; nếu không tiếp nhận được thì không ghi gì."
)


class ApplicantIn(Schema):
    name: str
    id_number: str = ""
    birth_date: dt.date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    kind: str = "person"
    representative_name: str = ""
    representative_id_number: str = ""
    representative_phone: str = ""


class ComponentSchema(Schema):
    name: str
    copy_kind: str = "original"
    count: int = 1
    digitised: bool = False
    reused: bool = False


class DossierIn(Schema):
    procedure_code: str
    competent_unit: str | None = None
    channel: str = "counter"
    applicant: ApplicantIn
    components: list[ComponentSchema] = []
    result_delivery: str = "desk"
    delivery_address: str = ""
    sets_count: int = 1
    # true: the officer has checked the dossier complete and accepts it in the same call, in
    # the same transaction (as the counter form's "Tiếp nhận"); refused, nothing is written
    accept: bool = Field(default=False, description=ACCEPT_NOW)


class DossierOut(Schema):
    id: int
    code: str | None
    status: str
    status_label: str
    portal_status: int
    procedure_code: str
    procedure_name: str
    channel: str
    applicant_name: str
    received_at: dt.datetime
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    extended_due_at: dt.datetime | None
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    allowed_actions: list[str]


class ListIn(Schema):
    missing: list[str]
    reason: str = ""


class ReasonIn(Schema):
    reason: str


class OpinionIn(Schema):
    opinion: str


class ApproveIn(Schema):
    comment: str = ""


class ReasonsIn(Schema):
    reasons: str


class HandOverIn(Schema):
    to_username: str
    step_order: int | None = None
    note: str = ""


class ExtendIn(Schema):
    new_due: dt.datetime
    reason: str


class ResubmitIn(Schema):
    components: list[ComponentSchema]


class ObligationIn(Schema):
    obligation: str


class EvidenceIn(Schema):
    evidence: str


class ReturnIn(Schema):
    method: str = "desk"
    tracking_number: str = ""
    # at the desk: who collected the result (the applicant, or a person they authorised)
    collector_name: str = ""
    collector_id_number: str = ""
    collector_role: str = "applicant"
