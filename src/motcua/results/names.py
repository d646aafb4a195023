"""A certificate's subject or issuer as an official reads it: Vietnamese labels, most specific
part first ("Xã Phú Tân (Tổ chức: UBND tỉnh An Giang; Quốc gia: VN)"), never the library's
English "Common Name: …, Organization: …"."""

from __future__ import annotations

from typing import Any

LABELS = {
    "organization_name": "Tổ chức",
    "organizational_unit_name": "Đơn vị",
    "locality_name": "Địa phương",
    "state_or_province_name": "Tỉnh, thành phố",
    "country_name": "Quốc gia",
    "serial_number": "Số hiệu",
    "user_id": "Mã định danh",
    "email_address": "Thư điện tử",
    "title": "Chức danh",
}


def readable(name: Any) -> str:  # an asn1crypto x509.Name (the library has no types)
    """The common name, then the other parts with Vietnamese labels; unknown parts are left out."""
    parts: dict[str, object] = dict(name.native)
    common = str(parts.pop("common_name", "") or "")
    details = []
    for key, label in LABELS.items():
        value = parts.get(key)
        if value:
            text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
            details.append(f"{label}: {text}")
    if not common:
        return "; ".join(details)
    return f"{common} ({'; '.join(details)})" if details else common
