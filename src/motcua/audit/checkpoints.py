"""Checkpoints of the audit chain, exported for an auditor to keep outside the system.

A checkpoint is the chain's end at one moment: its number and its hash. The hash is keyed
(audit/chain.py), so without the key nobody can make another chain that ends the same way; and
with the key (a compromised server), a rewritten or shortened chain no longer contains the
checkpoints taken before the rewrite. `motcua audit checkpoint` prints one (a JSON line, to be
appended to a file kept elsewhere: another machine, the auditor's mail, paper);
`motcua audit verify --checkpoints FILE` checks the chain against every line of that file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from motcua.audit.models import AuditEvent, AuditHead


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: dt.datetime

    def line(self) -> str:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "at": self.at.isoformat(timespec="seconds")},
            sort_keys=True,
        )

    def label(self) -> str:
        local = timezone.localtime(self.at)
        return f"điểm kiểm tra ngày {local:%d/%m/%Y %H:%M} (sự kiện số {self.seq})"


def take() -> Checkpoint:
    """The chain's end now (the head row; an empty chain is number 0)."""
    head = AuditHead.objects.filter(pk=1).first()
    seq, last = (head.last_seq, head.last_hash) if head is not None else (0, "0" * 64)
    return Checkpoint(seq=seq, hash=last, at=timezone.now())


def parse(lines: Iterable[str]) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints of an exported file and, in Vietnamese, the lines that are not one."""
    found: list[Checkpoint] = []
    problems: list[str] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
            found.append(
                Checkpoint(
                    seq=int(row["seq"]),
                    hash=str(row["hash"]),
                    at=dt.datetime.fromisoformat(row["at"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"Dòng {number} của tệp điểm kiểm tra không đọc được.")
    return found, problems


def disagreements(checkpoints: Iterable[Checkpoint]) -> list[str]:
    """Every checkpoint the stored chain no longer contains, named, in Vietnamese."""
    problems = []
    for point in checkpoints:
        if point.seq == 0:
            continue
        stored = AuditEvent.objects.filter(seq=point.seq).values_list("hash", flat=True).first()
        if stored is None:
            problems.append(
                f"{point.label()}: sự kiện này không còn trong chuỗi — "
                "các sự kiện từ số này trở đi đã bị xóa."
            )
        elif stored != point.hash:
            problems.append(
                f"{point.label()}: mã băm của sự kiện đã khác — "
                "chuỗi đã bị viết lại ở sự kiện này hoặc trước đó."
            )
    return problems
