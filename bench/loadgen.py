"""A small asyncio HTTP/1.1 load generator (one connection per request, as gunicorn's sync
workers close every connection). Each client runs `scenario` in a loop for `seconds`;
latencies are per scenario run (e.g. create + accept), measured on the client.

Source addresses: every request may bind to its own 127.x.y.z address (Linux routes the whole
127/8 to loopback), so a per-address rate limit sees distinct clients.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

_addresses = itertools.count(1)


def next_source() -> str:
    n = next(_addresses) % (250 * 250)
    return f"127.{1 + n // 250}.{1 + n % 250}.{1 + (n // 62500) % 250}"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    spread_sources: bool = False,
) -> Response:
    local = (next_source(), 0) if spread_sources else None
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=local)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    for key, value in (headers or {}).items():
        lines.append(f"{key}: {value}")
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {}
    for line in header_lines:
        key, _, value = line.partition(":")
        parsed[key.strip().lower()] = value.strip()
    if parsed.get("transfer-encoding") == "chunked":
        payload = _dechunk(payload)
    return Response(int(status_line.split()[1]), parsed, payload)


def _dechunk(data: bytes) -> bytes:
    out, rest = b"", data
    while rest:
        size_text, _, rest = rest.partition(b"\r\n")
        size = int(size_text, 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


@dataclass
class Result:
    clients: int
    seconds: float
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else 0.0

        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "ok": self.ok,
            "errors": self.errors,
            "per_second": round(self.ok / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(lat), 1) if lat else 0.0,
            "statuses": self.statuses,
        }


Scenario = Callable[[int], Awaitable[bool]]


async def run(scenario: Scenario, clients: int, seconds: float, pace: float = 0.0) -> Result:
    """`clients` run `scenario` in a loop for `seconds`: back to back (pace 0, the server's
    throughput), or each starting its next run a random time after its previous start, on
    average `pace` seconds (exponential, so the runs arrive as a Poisson stream of
    clients / pace a second; a run that ends later starts the next at once): desks working at
    that rate."""
    result = Result(clients, seconds)
    deadline = time.perf_counter() + seconds
    counter = itertools.count()
    draw = random.Random(clients)

    async def client() -> None:
        start = time.perf_counter() + (draw.expovariate(1 / pace) if pace else 0.0)
        while True:
            if pace:
                if start >= deadline:  # the next run would start after the end
                    break
                await asyncio.sleep(max(0.0, start - time.perf_counter()))
                start += draw.expovariate(1 / pace)
            if time.perf_counter() >= deadline:
                break
            started = time.perf_counter()
            try:
                good = await scenario(next(counter))
            except (OSError, ValueError, IndexError) as exc:
                name = type(exc).__name__
                result.statuses[name] = result.statuses.get(name, 0) + 1
                good = False
            if good:
                result.ok += 1
                result.latencies.append(time.perf_counter() - started)
            else:
                result.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = time.perf_counter() - began
    return result
