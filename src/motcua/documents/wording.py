"""The words of the forms that both the PDF and the Word renderer print: one source, no drift.

Letters (Mẫu 04, Mẫu 05) are lists of paragraphs; the tracking book is a list of columns with a
function giving each row's cells. Wording is reconstructed (see formsets.FormSet.source).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from motcua.documents.context import ApologyContext, StopContext, TrackingRow
from motcua.documents.formatting import long_date, short_date, short_date_time, time_and_date
from motcua.documents.formsets import FormDefinition, form_set_by_code


def desk_label(form: FormDefinition) -> str:
    return form_set_by_code(form.set_code).desk_label


def letter_paragraphs(form: FormDefinition, ctx: ApologyContext | StopContext) -> list[str]:
    if isinstance(ctx, StopContext):
        return _stop(ctx)
    if form.set_code == "TT01_2018":
        return _apology_2018(ctx)
    return _apology_2025(ctx)


def _received(ctx: ApologyContext | StopContext) -> str:
    return (
        f"Ngày {short_date(ctx.received_at)}, {ctx.agency.text_name} tiếp nhận hồ sơ đề nghị "
        f"{ctx.procedure_name} của {ctx.applicant.addressed}; mã hồ sơ: {ctx.dossier_code}."
    )


def _apology_2018(ctx: ApologyContext) -> list[str]:
    agency, you = ctx.agency.text_name, ctx.applicant.pronoun
    return [
        _received(ctx),
        f"Thời hạn giải quyết hồ sơ theo quy định là {ctx.time_limit_text}; thời gian hẹn trả kết "
        f"quả: {time_and_date(ctx.original_due)}.",
        f"Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của {you}.",
        f"Lý do: {ctx.reason.rstrip('.')}.",
        f"Sự chậm trễ này đã gây phiền hà cho {you}. {agency} xin lỗi {you} và sẽ trả kết quả "
        f"giải quyết hồ sơ cho {you} vào {time_and_date(ctx.new_due)}.",
        f"Xin trân trọng cảm ơn sự hợp tác của {you}./.",
    ]


def _apology_2025(ctx: ApologyContext) -> list[str]:
    agency, you = ctx.agency.text_name, ctx.applicant.pronoun
    return [
        _received(ctx),
        f"Thời hạn giải quyết hồ sơ theo quy định là {ctx.time_limit_text}; thời gian hẹn trả kết "
        f"quả: {time_and_date(ctx.original_due)}.",
        f"Tuy nhiên, đến nay {agency} chưa hoàn thành việc giải quyết hồ sơ. "
        f"Lý do: {ctx.reason.rstrip('.')}.",
        f"{agency} trân trọng xin lỗi {you} vì sự chậm trễ này và đề nghị {you} đồng ý gia hạn "
        f"thời gian giải quyết hồ sơ đến {time_and_date(ctx.new_due)}.",
        f"Rất mong nhận được sự thông cảm và hợp tác của {you}./.",
    ]


def _stop(ctx: StopContext) -> list[str]:
    agency, you = ctx.agency.text_name, ctx.applicant.pronoun
    paragraphs = [_received(ctx)]
    if ctx.requested_on is not None:
        paragraphs.append(
            f"Ngày {short_date(ctx.requested_on)}, {agency} nhận được đề nghị dừng giải quyết "
            f"hồ sơ của {you}."
        )
    paragraphs += [
        f"Lý do dừng giải quyết hồ sơ: {ctx.reason.rstrip('.')}.",
        f"{agency} thông báo dừng giải quyết hồ sơ nêu trên kể từ {long_date(ctx.issued_on)}.",
        f"{agency} thông báo để {you} được biết./.",
    ]
    return paragraphs


def receipt_notes(form: FormDefinition) -> list[str]:
    desk = desk_label(form)
    return [
        f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên chuyển kèm theo "
        f"Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại {desk}; 01 liên giao cho tổ "
        f"chức, cá nhân nộp hồ sơ;",
        f"Tổ chức, cá nhân có thể nhận kết quả tại {desk} hoặc qua dịch vụ bưu chính công ích; "
        f"khi đến nhận kết quả, mang theo Giấy tiếp nhận này.",
    ]


CONTROL_SLIP_NOTES = [
    "Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, nhận hồ sơ và việc ký "
    "nhận thể hiện trong hóa đơn của cơ quan bưu chính;",
    "Kết quả giải quyết hồ sơ do bên nhận ghi khi nhận bàn giao hồ sơ.",
]


# --- the tracking book -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Column:
    header: str
    width_mm: float
    group: str = ""  # columns sharing a group get a merged header above them
    centred: bool = False


DATES_GROUP = "Ngày, tháng, năm"

# Widths sum to 250 mm: landscape A4 less the NĐ 30 margins (297 − 30 − 15 = 252 mm).
TRACKING_COLUMNS: tuple[Column, ...] = (
    Column("TT", 7, centred=True),
    Column("Mã hồ sơ", 34),
    Column("Tên thủ tục hành chính", 28),
    Column("Số lượng hồ sơ (bộ)", 9, centred=True),
    Column("Tên tổ chức, cá nhân", 21),
    Column("Địa chỉ, số điện thoại", 22),
    Column("Cơ quan chủ trì giải quyết", 18),
    Column("Nhận hồ sơ", 18, DATES_GROUP, centred=True),
    Column("Hẹn trả kết quả", 18, DATES_GROUP, centred=True),
    Column("Chuyển hồ sơ đến cơ quan giải quyết", 18, DATES_GROUP, centred=True),
    Column("Nhận kết quả từ cơ quan giải quyết", 18, DATES_GROUP, centred=True),
    Column("Trả kết quả cho tổ chức, cá nhân", 18, DATES_GROUP, centred=True),
    Column("Ký nhận", 11),
    Column("Ghi chú", 10),
)


def column_groups() -> list[tuple[int, int, str]]:
    """Runs of adjacent columns sharing a group: (first, last, group), 0-based inclusive."""
    runs: list[tuple[int, int, str]] = []
    for index, column in enumerate(TRACKING_COLUMNS):
        if not column.group:
            continue
        if runs and runs[-1][2] == column.group and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index, column.group)
        else:
            runs.append((index, index, column.group))
    return runs


def tracking_header_top() -> list[dict[str, Any]]:
    """The header's first row: a column alone spans both header rows, a group spans its columns
    (the group's own headers make the second row)."""
    starts = {first: (last, group) for first, last, group in column_groups()}
    top: list[dict[str, Any]] = []
    for index, column in enumerate(TRACKING_COLUMNS):
        if not column.group:
            top.append({"text": column.header, "colspan": 1, "rowspan": 2})
        elif index in starts:
            last, group = starts[index]
            top.append({"text": group, "colspan": last - index + 1, "rowspan": 1})
    return top


def tracking_cells(index: int, row: TrackingRow) -> list[str]:
    contact = ", ".join(part for part in (row.applicant_address, row.applicant_phone) if part)
    return [
        str(index),
        row.dossier_code,
        row.procedure_name,
        f"{row.sets_count:02d}",
        row.applicant_name,
        contact,
        row.lead_unit,
        short_date_time(row.received_at),
        short_date_time(row.due_at),
        short_date(row.forwarded_on),
        short_date(row.result_received_on),
        short_date(row.returned_on),
        "",
        row.note,
    ]


def tracking_period(period_from: dt.date, period_to: dt.date) -> str:
    return f"Từ ngày {short_date(period_from)} đến ngày {short_date(period_to)}"
