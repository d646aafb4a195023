"""`motcua report indicators --format table`: the index and targets as plain text."""

from __future__ import annotations

from motcua.domain.vnformat import format_number
from motcua.reports.indicators import FIGURES, IndicatorReport


def as_table(report: IndicatorReport) -> str:
    index = report.index
    lines = [
        f"Đơn vị: {report.unit.name} ({report.unit.code})",
        f"Kỳ: {report.start:%d/%m/%Y} – {report.end:%d/%m/%Y}. Cách đếm: {report.policy}",
        "",
        f"CHỈ SỐ QĐ 766: {format_number(index.total, 2)} / {index.max_points} điểm "
        f"(tối đa có dữ liệu: {index.assessed_max})",
    ]
    for group in index.groups:
        lines.append(
            f"  {group.group.name}: {format_number(group.score, 2)} / {group.group.max_points}"
            f" (có dữ liệu: {group.assessed_max})"
        )
        for c in group.components:
            lines.append(f"    - {c.component.name}: {c.percent} → {c.label}")
    lines += ["", "CHỈ TIÊU NGHỊ QUYẾT"]
    if not report.targets:
        lines.append("  Chưa có chỉ tiêu được giao cho năm của kỳ này.")
    for r in report.targets:
        document = r.target.document.split(" ngày")[0].replace("Nghị quyết số ", "NQ ")
        lines.append(
            f"  {document} {r.target.row}. {r.target.name}: {r.target.wording}; "
            f"kết quả {r.percent} — {r.verdict}"
        )
    lines += ["", "SỐ LIỆU"]
    for key, label in FIGURES.items():
        lines.append(f"  {label}: {format_number(report.inputs.figures.get(key, 0))}")
    return "\n".join(lines)
