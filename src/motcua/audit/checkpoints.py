"""Checkpoints of the audit chain, exported for an auditor to keep outside the system.

A checkpoint is the end of every partition of the chain (audit/partitions.py) at one moment:
each head's number and hash, read in one query, under one MAC keyed with MOTCUA_AUDIT_KEY. The
MAC ties the parts together: without the key nobody can write a checkpoint that names other
heads (for instance those of a shortened partition), and each head's hash is itself keyed
(audit/chain.py). With the key (a compromised server), a rewritten or shortened partition no
longer contains the heads that checkpoints taken before the rewrite recorded.
`motcua audit checkpoint` prints one (a JSON line, to be appended to a file kept elsewhere:
another machine, the auditor's mail, paper); `motcua audit verify --checkpoints FILE` checks
every partition against every line of that file. Lines written when the chain had one part
(`seq` and `hash`, no MAC) are read as partition 0's head.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from motcua.audit.chain import GENESIS, chain_key, keyed_hash
from motcua.audit.models import AuditEvent, AuditHead


@dataclass(frozen=True)
class Checkpoint:
    heads: dict[int, tuple[int, str]]  # partition → (seq, hash) of its last event
    at: dt.datetime
    mac: str | None = None  # None only on a line from before partitions

    def body(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "heads": {
                str(part): {"seq": seq, "hash": last}
                for part, (seq, last) in sorted(self.heads.items())
            },
        }

    def expected_mac(self) -> str:
        text = json.dumps(self.body(), sort_keys=True, separators=(",", ":"))
        return keyed_hash(chain_key(), "checkpoint:" + text)

    def line(self) -> str:
        return json.dumps({**self.body(), "mac": self.mac}, sort_keys=True)

    def label(self, partition: int | None = None) -> str:
        """Named by its time and one partition's head (all of them: `partition` None)."""
        local = timezone.localtime(self.at)
        when = f"điểm kiểm tra ngày {local:%d/%m/%Y %H:%M}"
        if partition is None and len(self.heads) > 1:
            total = sum(seq for seq, _ in self.heads.values())
            return f"{when} ({len(self.heads)} phần chuỗi, {total} sự kiện)"
        partition = partition or 0
        seq = self.heads.get(partition, (0, GENESIS))[0]
        part = f"phần chuỗi {partition}, " if partition else ""
        return f"{when} ({part}sự kiện số {seq})"


def take() -> Checkpoint:
    """Every partition's end now, from one read of the head rows (an empty chain: no heads)."""
    at = timezone.now().replace(microsecond=0)
    heads = {
        head.partition: (head.last_seq, head.last_hash)
        for head in AuditHead.objects.order_by("partition")
    }
    point = Checkpoint(heads=heads, at=at)
    return Checkpoint(heads=heads, at=at, mac=point.expected_mac())


def _read(row: dict[str, Any]) -> Checkpoint:
    at = dt.datetime.fromisoformat(str(row["at"]))
    if "heads" not in row:  # a line from the single chain
        return Checkpoint(heads={0: (int(row["seq"]), str(row["hash"]))}, at=at)
    heads = row["heads"]
    if not isinstance(heads, dict):
        raise TypeError("heads")
    return Checkpoint(
        heads={int(part): (int(end["seq"]), str(end["hash"])) for part, end in heads.items()},
        at=at,
        mac=str(row["mac"]),
    )


def parse(lines: Iterable[str]) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints of an exported file and, in Vietnamese, the lines that are not one."""
    found: list[Checkpoint] = []
    problems: list[str] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            found.append(_read(json.loads(text)))
        except (ValueError, KeyError, TypeError, AttributeError):
            problems.append(f"Dòng {number} của tệp điểm kiểm tra không đọc được.")
    return found, problems


def disagreements(checkpoints: Iterable[Checkpoint]) -> list[str]:
    """Every checkpoint that is not genuine or that the stored chain no longer contains, named
    (per partition), in Vietnamese."""
    problems = []
    for point in checkpoints:
        if point.mac is not None and not hmac.compare_digest(point.mac, point.expected_mac()):
            problems.append(
                f"{point.label()}: mã xác thực của điểm kiểm tra không đúng — "
                "dòng này không do máy chủ giữ khóa kiểm toán tạo ra hoặc đã bị sửa."
            )
            continue
        for partition, (seq, last) in sorted(point.heads.items()):
            if seq == 0:
                continue
            stored = (
                AuditEvent.objects.filter(partition=partition, seq=seq)
                .values_list("hash", flat=True)
                .first()
            )
            if stored is None:
                problems.append(
                    f"{point.label(partition)}: sự kiện này không còn trong chuỗi — "
                    "các sự kiện từ số này trở đi đã bị xóa."
                )
            elif stored != last:
                problems.append(
                    f"{point.label(partition)}: mã băm của sự kiện đã khác — "
                    "chuỗi đã bị viết lại ở sự kiện này hoặc trước đó."
                )
    return problems
