"""The narrative report of the demo commune: every figure computed, equal to the annex and the
records, the seed's figures where the seed is consistent; read back from the DOCX and the PDF."""

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document

from motcua.control.narrative import (
    FeedbackCounts,
    IndicatorLine,
    Indicators,
    IndicatorTable,
    build_context,
)
from motcua.control.narrative_render import render_narrative_docx, render_narrative_pdf
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)

# The seed's figures that reconcile (Báo cáo 451/BC-UBND), as our report prints them.
SEED_SENTENCES = [
    "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: 1.652, trong đó: số mới tiếp nhận trong "
    "kỳ: 1.652 (trực tuyến: 1.640, trực tiếp và qua dịch vụ bưu chính: 12); số từ kỳ trước "
    "chuyển qua: 0.",
    "Số lượng hồ sơ đã giải quyết: 1.652; trong đó, giải quyết trước hạn: 1.642, đúng hạn: 10, "
    "quá hạn: 0.",
    "Số lượng hồ sơ đang giải quyết: 0; trong đó, trong hạn: 0, quá hạn: 0.",
    "Trong kỳ trả kết quả qua dịch vụ bưu chính công ích được: 7 hồ sơ.",
    "Trực tuyến một phần (mức độ 3): 695 hồ sơ; trực tuyến toàn trình (mức độ 4): 951 hồ sơ.",
    "thu trực tiếp: 648.000 đồng; trực tuyến: 32.835.000 đồng (1.513 hồ sơ).",
    "tiếp nhận trong kỳ 1.646 hồ sơ (6 hồ sơ nộp trực tuyến không đủ điều kiện tiếp nhận",
    "trong kỳ chứng thực 1.390 bản sao điện tử (675 hồ sơ).",
    "Trong kỳ thực hiện 20 lượt tuyên truyền",
    "Tổng số TTHC đã được rà soát, thông qua phương án đơn giản hóa: 63.",
    "số TTHC giữ nguyên: 0; số TTHC bãi bỏ: 6; số TTHC sửa đổi, bổ sung: 32; số TTHC thay thế: "
    "25; số TTHC liên thông: 0",
    "Tỷ lệ hoàn thành kế hoạch rà soát, đơn giản hóa: 100,00%.",
    "trả kết quả trước hạn đạt 99,39% (1.642/1.652 hồ sơ)",
    "Kế hoạch số 169/KH-UBND ngày 04/03/2024",
    "Kế hoạch số 436/KH-UBND ngày 21/05/2024",
    "Nghị định số 61/2018/NĐ-CP",
    "kinh phí: 980.000.000 đồng",
    "03 máy scan (có 01 bị hư)",
]
ANNEX_TOTAL = ["1.652", "1.640", "12", "0", "1.652", "1.642", "10", "0", "0", "0", "0"]


def _docx(data: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    annex = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in annex.rows]
    return body, rows


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_demo_narrative_shows_the_seeds_figures_in_docx_and_pdf(
    demo: None, tmp_path: Path
) -> None:
    unit = Unit.objects.get(code="30406")
    ctx = build_context(unit, START, END)
    body, annex = _docx(render_narrative_docx(ctx))
    flat = " ".join(body.split())
    for sentence in SEED_SENTENCES:
        assert sentence in flat, sentence
    assert "Số: 451/BC-UBND" in _docx_header(render_narrative_docx(ctx))
    assert annex[-1][1:] == ["TỔNG CỘNG", *ANNEX_TOTAL]
    fields = [row[1] for row in annex[4:-1]]
    assert len(fields) == 7
    assert fields[0].startswith("Chứng thực")
    pdf = " ".join(_pdf_text(render_narrative_pdf(ctx), tmp_path).split())
    packed = "".join(pdf.split())  # lines break anywhere in the PDF ("436/" | "KH-UBND")
    for sentence in SEED_SENTENCES:
        assert "".join(sentence.split()) in packed, sentence
    assert "TỔNG CỘNG " + " ".join(ANNEX_TOTAL) in pdf
    assert "Chưa có dữ liệu trong hệ thống" in pdf  # QĐ 766 / NQ / PAKN not built here


def _docx_header(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return " ".join(cell.text for row in document.tables[0].rows for cell in row.cells)


def test_the_report_figures_are_the_annex_figures(demo: None) -> None:
    unit = Unit.objects.get(code="30406")
    ctx = build_context(unit, START, END)
    annex = ii06a(unit, START, END).total
    f = ctx.dossiers
    assert (f.received, f.online, f.counter_postal, f.carried_over) == (
        annex["c3"],
        annex["c4"],
        annex["c5"],
        annex["c6"],
    )
    assert (f.resolved, f.early, f.on_time, f.late) == (
        annex["c7"],
        annex["c8"],
        annex["c9"],
        annex["c10"],
    )
    assert (f.pending, f.pending_in_time, f.pending_late) == (
        annex["c11"],
        annex["c12"],
        annex["c13"],
    )
    assert f.received == f.resolved + f.pending + f.closed
    assert f.partly_online + f.fully_online - f.online_not_accepted == f.online


def test_a_shorter_period_changes_every_figure_consistently(demo: None) -> None:
    unit = Unit.objects.get(code="30406")
    ctx = build_context(unit, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    annex = ii06a(unit, dt.date(2024, 1, 1), dt.date(2024, 1, 31)).total
    assert 0 < ctx.dossiers.received == annex["c3"] < 1652
    assert ctx.communication_sessions == 4  # one broadcast day in January
    assert [p.number for p in ctx.plans] == ["63/KH-UBND"]
    assert ctx.texts == {}  # no draft for this period: generated defaults
    body, _ = _docx(render_narrative_docx(ctx))
    assert "Không có." in body


def test_the_optional_slots_are_printed_when_present(demo: None, tmp_path: Path) -> None:
    unit = Unit.objects.get(code="30406")
    counts = FeedbackCounts.from_mapping(
        {
            "received_new": 3,
            "carried_over": 1,
            "about_regulations": 1,
            "about_behaviour": 3,
            "handled": 2,
            "published": 2,
            "pending": 2,
        }
    )
    indicators = Indicators(
        qd766=(IndicatorLine("Tiến độ, kết quả giải quyết", "100%"),),
        resolutions=(
            IndicatorTable(
                "16.1. Chỉ tiêu giao tại Nghị quyết số 01/NQ-CP",
                (IndicatorLine("Tỷ lệ hồ sơ trực tuyến", "57,57%", "Tối thiểu 50", "951/1.652"),),
            ),
        ),
    )
    ctx = build_context(unit, START, END, indicators=indicators, feedback_counts=counts)
    body, _ = _docx(render_narrative_docx(ctx))
    assert "Tổng số phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: 4" in body
    assert "Tiến độ, kết quả giải quyết: 100%." in body
    document = Document(io.BytesIO(render_narrative_docx(ctx)))
    table_text = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert ["1", "Tỷ lệ hồ sơ trực tuyến", "Tối thiểu 50", "57,57%", "951/1.652"] in table_text
    pdf = _pdf_text(render_narrative_pdf(ctx), tmp_path)
    assert "57,57%" in pdf


def test_the_command_writes_both_formats(demo: None, tmp_path: Path) -> None:
    for kind in ("docx", "pdf"):
        out = tmp_path / f"n.{kind}"
        call_command(
            "report",
            "narrative",
            "--unit",
            "30406",
            "--from",
            "2023-12-15",
            "--to",
            "2024-05-19",
            "--format",
            kind,
            "-o",
            str(out),
            stdout=io.StringIO(),
        )
        assert out.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")
    again = tmp_path / "again.docx"
    call_command(
        "report",
        "narrative",
        "--unit",
        "30406",
        "--from",
        "2023-12-15",
        "--to",
        "2024-05-19",
        "-o",
        str(again),
        stdout=io.StringIO(),
    )
    assert again.read_bytes() == (tmp_path / "n.docx").read_bytes()  # reproducible


def test_the_report_carries_the_766_index_the_nq_targets_and_the_pakn_counts(demo: None) -> None:
    from motcua.control.narrative_render import render_narrative
    from motcua.domain.vnformat import format_number
    from motcua.reports.indicators import compute

    unit = Unit.objects.get(code="30406")
    body, _ = _docx(render_narrative(unit, START, END, "docx"))
    flat = " ".join(body.split())
    index = compute(unit, START, END).index
    total = f"{format_number(index.total, 2)} / 100 điểm"
    assert total in flat  # the dashboard's and the API's figure, not a copy
    assert "Chỉ tiêu giao tại" in flat
    assert "Chưa có dữ liệu trong hệ thống" not in flat
    document = Document(io.BytesIO(render_narrative(unit, START, END, "docx")))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Đạt", "Tối thiểu 80%"} <= cells  # an NQ table row with its target and verdict


def test_without_a_draft_the_report_is_signed_by_the_units_chairman_on_record(
    demo: None,
) -> None:
    from motcua.accounts.roles import Role
    from motcua.accounts.services import create_or_update_staff

    unit = Unit.objects.get(code="30406")
    period = (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert build_context(unit, *period).signer_name == ""  # no chairman recorded: by hand
    create_or_update_staff(
        username="chu-tich-pm",
        full_name="Đặng Văn Chủ",
        role=Role.LEADER,
        unit=unit,
        position="Chủ tịch",
    )
    ctx = build_context(unit, *period)
    assert (ctx.signer_title, ctx.signer_name) == ("Chủ tịch", "Đặng Văn Chủ")
    document = Document(io.BytesIO(render_narrative_docx(ctx)))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "TM. ỦY BAN NHÂN DÂN" in cells
    assert "CHỦ TỊCH" in cells
    assert "Đặng Văn Chủ" in cells
