"""Prints: the tracking book (sổ theo dõi hồ sơ) at 100, 500 and 2 000 rows, and one-page forms.

Usage: `MOTCUA_DATA_DIR=… python -m bench.bench_prints [--rows 100,500,2000] [--repeat 3]
[--out DIR] [--json FILE]` from the repository root. No database: the contexts are the forms'
test samples (tests/documents/samples.py, the Phú Mỹ desk) with synthesized rows of varied
procedures, names and addresses (2–3 lines a row, as a commune's book prints).

Figures, best of REPEAT, wall time in this process after one warm-up of each renderer:
- ours: `render_pdf(tracking book)`, what the print job runs (Typst, documents/typst_book.py);
- WeasyPrint: the same book through its HTML template (`render_html` → WeasyPrint), the
  renderer the tracking book used before, for the same rows;
- one page: the book with 5 rows in each renderer, and the receipt (Mẫu 01, WeasyPrint).
`--out` keeps each PDF, to look at (`pdftoppm -r 60 -png`).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from tests.documents.samples import at, context_for  # noqa: E402
from weasyprint import HTML  # noqa: E402

from motcua.documents.context import TrackingBookContext, TrackingRow  # noqa: E402
from motcua.documents.formsets import FormKind, form_for  # noqa: E402
from motcua.documents.render import render_html, render_pdf  # noqa: E402

DAY = dt.date(2026, 1, 5)
ONE_PAGE = 5  # rows that fit on the first page with the header block
PROCEDURES = (
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Đăng ký kết hôn",
    "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ",
    "Đăng ký thường trú",
)
NAMES = ("Trần Văn Bình", "Nguyễn Thị Ngọc Ánh", "Lê Hoàng Phúc", "Phạm Thị Thu Hương")
STREETS = ("Ấp Trung 1", "Khóm Long Thạnh", "Ấp Phú Hữu", "Số 12 đường Nguyễn Huệ, khóm 3")


def synthesized_rows(count: int, start: int = 0) -> tuple[TrackingRow, ...]:
    """``count`` rows; another ``start`` gives other codes, phones and dates (Typst memoises
    what it laid out before, so each timed run gets rows it has not seen)."""
    rows = []
    for index in range(start, start + count):
        received = at(DAY - dt.timedelta(days=index % 28), 7 + index % 9, index % 60)
        done = index % 3 != 0
        rows.append(
            TrackingRow(
                dossier_code=f"H01.56.14-{received:%y%m%d}-{index + 1:04d}",
                procedure_name=PROCEDURES[index % len(PROCEDURES)],
                sets_count=1 + index % 2,
                applicant_name=NAMES[index % len(NAMES)],
                applicant_address=f"{STREETS[index % len(STREETS)]}, thị trấn Phú Mỹ",
                applicant_phone=f"0912 {index % 1000:03d} 678",
                lead_unit="UBND thị trấn Phú Mỹ",
                received_at=received,
                due_at=received + dt.timedelta(days=3),
                forwarded_on=received.date(),
                result_received_on=received.date() + dt.timedelta(days=2) if done else None,
                returned_on=received.date() + dt.timedelta(days=3) if done else None,
                note="Bổ sung giấy tờ" if index % 11 == 0 else "",
            )
        )
    return tuple(rows)


def weasyprint_book(book: TrackingBookContext) -> bytes:
    """The tracking book as it was printed before Typst: its HTML template through WeasyPrint."""
    html = render_html(form_for(FormKind.TRACKING_BOOK, DAY), book)
    pdf = HTML(string=html).render().write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def best(fn: Callable[[int], bytes], repeat: int) -> tuple[float, bytes]:
    """The best time of ``repeat`` runs on different rows, and the first run's PDF (the same rows
    in either renderer, to compare)."""
    times, pdfs = [], []
    for run in range(repeat):
        started = time.perf_counter()
        pdfs.append(fn(run))
        times.append(time.perf_counter() - started)
    return min(times), pdfs[0]


def pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    line = next(x for x in info.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def main(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="100,500,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--weasyprint-repeat", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    repeat = args.repeat
    form = form_for(FormKind.TRACKING_BOOK, DAY)
    base = context_for(FormKind.TRACKING_BOOK, DAY)
    assert isinstance(base, TrackingBookContext)
    receipt_form = form_for(FormKind.RECEIPT, DAY)
    receipt = context_for(FormKind.RECEIPT, DAY)

    def book(count: int, run: int) -> TrackingBookContext:
        return dataclasses.replace(base, rows=synthesized_rows(count, 100_000 * (run + 1)))

    render_pdf(form, book(ONE_PAGE, -1))  # warm-ups: fonts, templates
    weasyprint_book(book(ONE_PAGE, -1))
    render_pdf(receipt_form, receipt)
    outputs: dict[str, bytes] = {}
    result: dict[str, Any] = {"load_average": os.getloadavg(), "one_page_ms": {}, "book": []}
    for name, fn in (
        (f"book {ONE_PAGE} rows, Typst", lambda r: render_pdf(form, book(ONE_PAGE, r))),
        (f"book {ONE_PAGE} rows, WeasyPrint", lambda r: weasyprint_book(book(ONE_PAGE, r))),
        ("receipt, WeasyPrint", lambda _: render_pdf(receipt_form, receipt)),
    ):
        seconds, outputs[name] = best(fn, repeat)
        result["one_page_ms"][name] = round(1000 * seconds, 1)
        print(f"{name:28s} {1000 * seconds:8.1f} ms  {pages(outputs[name])} page(s)", flush=True)
    for count in (int(x) for x in args.rows.split(",")):
        ours, ours_pdf = best(lambda r, n=count: render_pdf(form, book(n, r)), repeat)
        weasy, weasy_pdf = best(
            lambda r, n=count: weasyprint_book(book(n, r)), args.weasyprint_repeat
        )
        outputs[f"book {count} rows, Typst"] = ours_pdf
        outputs[f"book {count} rows, WeasyPrint"] = weasy_pdf
        row = {
            "rows": count,
            "typst_ms_per_row": round(1000 * ours / count, 2),
            "typst_pages": pages(ours_pdf),
            "typst_bytes": len(ours_pdf),
            "weasyprint_ms_per_row": round(1000 * weasy / count, 2),
            "weasyprint_pages": pages(weasy_pdf),
            "weasyprint_bytes": len(weasy_pdf),
        }
        result["book"].append(row)
        print(
            f"book {count:5d} rows: Typst {row['typst_ms_per_row']:6.2f} ms/row "
            f"({row['typst_pages']} pages), WeasyPrint {row['weasyprint_ms_per_row']:6.2f} "
            f"ms/row ({row['weasyprint_pages']} pages)",
            flush=True,
        )
    result["load_average_after"] = os.getloadavg()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, pdf in outputs.items():
            (args.out / (name.replace(" ", "-").replace(",", "") + ".pdf")).write_bytes(pdf)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), ensure_ascii=False))
