"""Fail when a suite ran no test, or (with CI=true) skipped a browser or PostgreSQL-only test."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    root = ET.parse(path).getroot()  # noqa: S314
    cases = root.iter("testcase")
    total = skipped_browser = browser = 0
    for case in cases:
        total += 1
        is_browser = case.get("classname", "").startswith("tests.e2e")
        browser += is_browser
        if is_browser and case.find("skipped") is not None:
            skipped_browser += 1
    print(
        f"{path}: {total} tests, {browser} browser tests, {skipped_browser} browser tests skipped"
    )
    if total == 0:
        print("No test ran.", file=sys.stderr)
        return 1
    if os.environ.get("CI") == "true" and (browser == 0 or skipped_browser):
        print("CI=true: browser tests must run, not be skipped.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
