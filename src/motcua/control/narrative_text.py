"""The narrative report's wording: the context → a list of blocks both renderers print.

The structure is the seed's (Báo cáo 451/BC-UBND): I.1–17, II (A, B), III; sections are numbered
one after another (the seed jumps from 6 to 9). Figures are sentences built here from the context;
the official's text (the draft) follows them, or a generated default when the draft is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.control.models import CommunicationForm, Outcome, ResourceKind
from motcua.control.narrative import NarrativeContext
from motcua.domain.vnformat import format_money, format_number, format_percent

NO_DATA = "Chưa có dữ liệu trong hệ thống cho kỳ báo cáo này."
TITLE = (
    "KẾT QUẢ THỰC HIỆN HOẠT ĐỘNG KIỂM SOÁT THỦ TỤC HÀNH CHÍNH, TRIỂN KHAI CƠ CHẾ MỘT CỬA, "
    "MỘT CỬA LIÊN THÔNG VÀ THỰC HIỆN THỦ TỤC HÀNH CHÍNH TRÊN MÔI TRƯỜNG ĐIỆN TỬ"
)
PART_I = (
    "I. KẾT QUẢ ĐẠT ĐƯỢC TRONG THỰC HIỆN HOẠT ĐỘNG KIỂM SOÁT THỦ TỤC HÀNH CHÍNH, TRIỂN KHAI CƠ "
    "CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG VÀ THỰC HIỆN THỦ TỤC HÀNH CHÍNH TRÊN MÔI TRƯỜNG ĐIỆN TỬ"
)


@dataclass(frozen=True)
class Block:
    kind: str  # "part" (I, II, III), "section" (1., 2.), "sub" (a., A.), "para", "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # a table's rows, the first is the header


def n(value: int) -> str:
    return format_number(value)


def d(day: object) -> str:
    return f"{day:%d/%m/%Y}"


def defaults(ctx: NarrativeContext) -> dict[str, str]:
    """What an empty draft prints: plain statements a commune can keep or rewrite."""
    who = ctx.committee.replace("Ủy ban nhân dân", "UBND")
    return {
        "I.1": (
            f"{who} chỉ đạo công chức phụ trách triển khai các kế hoạch đến toàn thể cán bộ, "
            "công chức; định kỳ báo cáo kết quả thực hiện về cấp trên. Bộ phận Một cửa mở sổ "
            "theo dõi, ghi phiếu hẹn và sử dụng đúng các biểu mẫu theo quy định."
        ),
        "I.3": "Áp dụng quy trình nội bộ giải quyết TTHC đã được Chủ tịch UBND tỉnh phê duyệt.",
        "I.5": (
            "Niêm yết công khai địa chỉ, số điện thoại, thư điện tử tiếp nhận phản ánh, kiến "
            "nghị về quy định hành chính theo Nghị định số 20/2008/NĐ-CP."
        ),
        "I.9": (
            "Bộ phận Một cửa tiếp nhận và trả kết quả theo cơ chế một cửa, một cửa liên thông "
            "đúng quy định; thủ tục hành chính được niêm yết công khai, rõ ràng, minh bạch."
        ),
        "I.10": (
            "Tất cả hồ sơ phát sinh tại Bộ phận Một cửa được tiếp nhận, xử lý trên hệ thống "
            "thông tin giải quyết thủ tục hành chính."
        ),
        "I.11": "",
        "I.14": "",
        "I.17": "Không có.",
        "II": "",
        "II.A": "Không có.",
        "II.B": (
            "Tiếp tục thực hiện nghiêm việc kiểm soát các quy định về TTHC; đẩy mạnh số hóa "
            "hồ sơ, kết quả giải quyết TTHC và thanh toán trực tuyến."
        ),
        "III": "Không có.",
    }


def text_of(ctx: NarrativeContext, key: str) -> str:
    return ctx.texts.get(key) or defaults(ctx).get(key, "")


def _paras(ctx: NarrativeContext, key: str) -> list[Block]:
    return [Block("para", line.strip()) for line in text_of(ctx, key).split("\n") if line.strip()]


def _plans(ctx: NarrativeContext) -> list[Block]:
    if not ctx.plans:
        return [Block("para", "Trong kỳ chưa ghi nhận kế hoạch nào trong sổ kiểm soát TTHC.")]
    items = [
        f"Kế hoạch số {plan.number} ngày {d(plan.issued_on)} {plan.subject.rstrip('.')}"
        for plan in ctx.plans
    ]
    head = f"Trong kỳ, {ctx.committee.replace('Ủy ban nhân dân', 'UBND')} ban hành "
    return [Block("para", head + f"{n(len(items))} kế hoạch: " + "; ".join(items) + ".")]


def _reviews(ctx: NarrativeContext) -> list[Block]:
    r = ctx.reviews
    plans = [p for p in ctx.plans if p.kind == "review"]
    out = [
        Block("para", f"- Kế hoạch số {p.number} ngày {d(p.issued_on)} {p.subject.rstrip('.')}.")
        for p in plans
    ]
    outcome = r.by_outcome
    rate = format_percent(r.planned_done, r.planned) if r.planned else "không có kế hoạch"
    out += [
        Block(
            "para",
            f"- Tổng số TTHC cần rà soát, đơn giản hóa theo kế hoạch và văn bản của cấp trên: "
            f"{n(r.planned)} TTHC; đã rà soát xong: {n(r.planned_done)} TTHC.",
        ),
        Block(
            "para",
            f"- Tổng số TTHC đã được rà soát, thông qua phương án đơn giản hóa: {n(r.reviewed)}.",
        ),
        Block(
            "para",
            "- Phương án đơn giản hóa cụ thể: "
            + "; ".join(f"số TTHC {o.label.lower()}: {n(outcome[o.value])}" for o in Outcome)
            + ".",
        ),
        Block("para", f"- Tỷ lệ hoàn thành kế hoạch rà soát, đơn giản hóa: {rate}."),
    ]
    if r.outstanding:
        out.append(Block("para", f"- Số TTHC đang rà soát: {n(r.outstanding)}."))
    return out


def _feedback(ctx: NarrativeContext) -> list[Block]:
    out = _paras(ctx, "I.5")
    f = ctx.feedback_counts
    if f is None:
        return [*out, Block("para", f"- Số liệu phản ánh, kiến nghị: {NO_DATA.lower()}")]
    total = f.received_new + f.carried_over
    return [
        *out,
        Block(
            "para",
            f"+ Tổng số phản ánh, kiến nghị đã tiếp nhận trong kỳ báo cáo: {n(total)}, trong đó: "
            f"số tiếp nhận mới trong kỳ: {n(f.received_new)}; số từ kỳ trước chuyển qua: "
            f"{n(f.carried_over)}; số phản ánh, kiến nghị về quy định hành chính: "
            f"{n(f.about_regulations)}; số phản ánh, kiến nghị về hành vi hành chính: "
            f"{n(f.about_behaviour)}.",
        ),
        Block(
            "para",
            f"+ Số phản ánh, kiến nghị đã xử lý: {n(f.handled)}; trong đó số đã được đăng tải "
            f"công khai: {n(f.published)}.",
        ),
        Block("para", f"+ Số phản ánh, kiến nghị đang xử lý: {n(f.pending)}."),
    ]


def _results(ctx: NarrativeContext) -> list[Block]:
    f = ctx.dossiers
    out = [
        Block(
            "para",
            f"- Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo: {n(f.received)}, trong đó: số "
            f"mới tiếp nhận trong kỳ: {n(f.online + f.counter_postal)} (trực tuyến: "
            f"{n(f.online)}, trực tiếp và qua dịch vụ bưu chính: {n(f.counter_postal)}); số từ "
            f"kỳ trước chuyển qua: {n(f.carried_over)}.",
        ),
        Block(
            "para",
            f"- Số lượng hồ sơ đã giải quyết: {n(f.resolved)}; trong đó, giải quyết trước hạn: "
            f"{n(f.early)}, đúng hạn: {n(f.on_time)}, quá hạn: {n(f.late)}.",
        ),
        Block(
            "para",
            f"- Số lượng hồ sơ đang giải quyết: {n(f.pending)}; trong đó, trong hạn: "
            f"{n(f.pending_in_time)}, quá hạn: {n(f.pending_late)}.",
        ),
    ]
    if f.closed:
        out.append(
            Block("para", f"- Số hồ sơ dừng giải quyết, kết thúc không có kết quả: {n(f.closed)}.")
        )
    out += [
        Block("sub", "a. Kết quả thực hiện TTHC qua dịch vụ bưu chính công ích"),
        Block(
            "para",
            f"Trong kỳ trả kết quả qua dịch vụ bưu chính công ích được: {n(f.postal_returns)} "
            "hồ sơ.",
        ),
        Block("sub", "b. Hồ sơ tiếp nhận trực tuyến theo mức độ"),
        Block(
            "para",
            f"Trực tuyến một phần (mức độ 3): {n(f.partly_online)} hồ sơ; trực tuyến toàn trình "
            f"(mức độ 4): {n(f.fully_online)} hồ sơ.",
        ),
    ]
    return out


def _online(ctx: NarrativeContext) -> list[Block]:
    f = ctx.dossiers
    submitted = f.partly_online + f.fully_online
    note = ""
    if f.online_not_accepted:
        note = (
            f" ({n(f.online_not_accepted)} hồ sơ nộp trực tuyến không đủ điều kiện tiếp nhận "
            f"nên không tính vào {n(f.online)} hồ sơ trực tuyến đã tiếp nhận ở mục 6)"
        )
    return [
        *_paras(ctx, "I.10"),
        Block(
            "para",
            f"- Kết quả thực hiện dịch vụ công trực tuyến: tiếp nhận trong kỳ {n(submitted)} hồ "
            f"sơ{note}, trong đó:",
        ),
        Block("para", f"+ Trực tuyến một phần: {n(f.partly_online)} hồ sơ;"),
        Block("para", f"+ Trực tuyến toàn trình: {n(f.fully_online)} hồ sơ."),
        Block(
            "para",
            f"- Kết quả chứng thực điện tử: trong kỳ chứng thực {n(f.e_certified_copies)} bản "
            f"sao điện tử ({n(f.e_certified_dossiers)} hồ sơ).",
        ),
    ]


def _communication(ctx: NarrativeContext) -> list[Block]:
    if not ctx.communications:
        return [
            *_paras(ctx, "I.11"),
            Block("para", "Trong kỳ chưa ghi nhận hoạt động tuyên truyền."),
        ]
    per_form: dict[str, int] = {}
    for item in ctx.communications:
        per_form[item.form] = per_form.get(item.form, 0) + item.count
    labels = dict(CommunicationForm.choices)
    detail = "; ".join(f"{labels[k].lower()}: {n(v)} lượt" for k, v in per_form.items())
    return [
        *_paras(ctx, "I.11"),
        Block(
            "para",
            f"Trong kỳ thực hiện {n(ctx.communication_sessions)} lượt tuyên truyền về kiểm soát "
            f"TTHC, cải cách hành chính ({detail}).",
        ),
    ]


BULLETS = "-–—•+* \t"


def _listed(items: list[str]) -> list[Block]:
    """One "- " line per item; a bullet typed in the item ("– Đã …") is not printed twice."""
    texts = [text.lstrip(BULLETS) for text in items]
    return [Block("para", f"- {text}") for text in texts if text] or [Block("para", "Không có.")]


def _resources(ctx: NarrativeContext) -> list[Block]:
    budget = [r for r in ctx.resources if r.kind == ResourceKind.BUDGET]
    equipment = [r for r in ctx.resources if r.kind == ResourceKind.EQUIPMENT]
    out = [Block("para", f"{r.description}: {format_money(r.amount or 0)}.") for r in budget]
    out += _paras(ctx, "I.14")
    if equipment:
        items = []
        for r in equipment:
            broken = f" (có {r.out_of_order:02d} bị hư)" if r.out_of_order else ""
            items.append(f"{(r.quantity or 0):02d} {r.description}{broken}")
        out.append(
            Block("para", "Hiện tại Bộ phận Một cửa được trang bị: " + ", ".join(items) + ".")
        )
    return out or [Block("para", "Chưa ghi nhận kinh phí, trang thiết bị trong kỳ.")]


def _indicators(ctx: NarrativeContext) -> tuple[list[Block], list[Block]]:
    if ctx.indicators is None:
        return [Block("para", NO_DATA)], [Block("para", NO_DATA)]
    qd766 = [Block("para", f"- {line.name}: {line.value}.") for line in ctx.indicators.qd766]
    tables: list[Block] = []
    for table in ctx.indicators.resolutions:
        tables.append(Block("sub", table.title))
        rows = [("STT", "Chỉ tiêu", "Chỉ tiêu năm", "Kết quả đạt", "Ghi chú")]
        rows += [
            (str(i), line.name, line.target, line.value, line.note)
            for i, line in enumerate(table.lines, start=1)
        ]
        tables.append(Block("table", rows=tuple(rows)))
    return qd766 or [Block("para", NO_DATA)], tables or [Block("para", NO_DATA)]


def _assessment(ctx: NarrativeContext) -> list[Block]:
    f = ctx.dossiers
    rate = format_percent(f.early, f.resolved)
    figures = (
        f"Trong kỳ, Bộ phận Một cửa đã tiếp nhận {n(f.received)} hồ sơ, giải quyết "
        f"{n(f.resolved)} hồ sơ, trong đó trả kết quả trước hạn đạt {rate} "
        f"({n(f.early)}/{n(f.resolved)} hồ sơ), quá hạn {n(f.late)} hồ sơ."
    )
    return [*_paras(ctx, "II"), Block("para", figures)]


def blocks(ctx: NarrativeContext) -> list[Block]:
    """The body of the report, from the opening to section III (header and signature aside)."""
    who = ctx.committee
    qd766, resolutions = _indicators(ctx)
    sections: list[tuple[str, list[Block]]] = [
        (
            "Công tác chỉ đạo, điều hành hoạt động kiểm soát TTHC, triển khai cơ chế một cửa, "
            "một cửa liên thông và thực hiện TTHC trên môi trường điện tử",
            _plans(ctx) + _paras(ctx, "I.1"),
        ),
        (
            "Việc thực hiện công khai TTHC tại nơi tiếp nhận hồ sơ, giải quyết",
            [
                Block(
                    "para",
                    f"- Số lượng TTHC công khai trực tiếp tại Bộ phận Một cửa: "
                    f"{n(ctx.published_desk)} TTHC.",
                ),
                Block(
                    "para",
                    f"- Số lượng TTHC công khai trên Cổng Dịch vụ công: {n(ctx.published_portal)} "
                    "TTHC.",
                ),
            ],
        ),
        (
            "Xây dựng, phối hợp xây dựng quy trình nội bộ giải quyết TTHC",
            [
                Block(
                    "para",
                    f"Số TTHC công khai tại đơn vị có quy trình nội bộ: "
                    f"{n(ctx.internal_processes)} TTHC.",
                ),
                *_paras(ctx, "I.3"),
            ],
        ),
        ("Rà soát, đánh giá TTHC theo Chương V Thông tư số 02/2017/TT-VPCP", _reviews(ctx)),
        ("Tiếp nhận, xử lý phản ánh, kiến nghị về quy định, TTHC", _feedback(ctx)),
        ("Tình hình, kết quả giải quyết TTHC (Phụ lục kèm theo)", _results(ctx)),
        (
            "Triển khai cơ chế một cửa, một cửa liên thông trong giải quyết TTHC",
            [
                *_paras(ctx, "I.9"),
                Block(
                    "para",
                    f"Thu phí, lệ phí trong thực hiện TTHC tại Bộ phận Một cửa: thu trực tiếp: "
                    f"{format_money(ctx.dossiers.fee_desk)}; trực tuyến: "
                    f"{format_money(ctx.dossiers.fee_online)} "
                    f"({n(ctx.dossiers.fee_online_dossiers)} hồ sơ).",
                ),
            ],
        ),
        ("Thực hiện TTHC trên môi trường điện tử", _online(ctx)),
        ("Truyền thông hỗ trợ hoạt động kiểm soát TTHC, cải cách TTHC", _communication(ctx)),
        (
            "Nghiên cứu, đề xuất sáng kiến cải cách TTHC",
            _listed([f"{i.title} ({d(i.proposed_on)})" for i in ctx.initiatives]),
        ),
        (
            "Kiểm tra thực hiện kiểm soát TTHC",
            _listed(
                [
                    f"Ngày {d(i.held_on)}: {i.subject} tại {i.inspected}"
                    + (f". {i.findings}" if i.findings else "")
                    for i in ctx.inspections
                ]
            ),
        ),
        (
            "Bố trí kinh phí chi cho hoạt động Bộ phận Một cửa, việc thu phí, lệ phí TTHC",
            _resources(ctx),
        ),
        ("Kết quả thực hiện các nhóm chỉ số theo Quyết định số 766/QĐ-TTg", qd766),
        ("Kết quả thực hiện các chỉ tiêu theo Nghị quyết của Chính phủ", resolutions),
        ("Nội dung khác", _paras(ctx, "I.17") or [Block("para", "Không có.")]),
    ]
    out = [Block("para", f"{who} báo cáo kết quả thực hiện cụ thể như sau:"), Block("part", PART_I)]
    for number, (title, body) in enumerate(sections, start=1):
        out.append(Block("section", f"{number}. {title}"))
        out += body
    out += [Block("part", "II. ĐÁNH GIÁ CHUNG"), *_assessment(ctx)]
    out += [Block("sub", "A. TỒN TẠI, HẠN CHẾ"), *_paras(ctx, "II.A")]
    out += [Block("sub", "B. GIẢI PHÁP KHẮC PHỤC"), *_paras(ctx, "II.B")]
    out += [Block("part", "III. KIẾN NGHỊ VÀ ĐỀ XUẤT"), *_paras(ctx, "III")]
    return out
