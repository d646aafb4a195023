"""Our date formats (settings.FORMAT_MODULE_PATH): Django's `vi` locale has no input formats, so
without these a date typed 07/12/2026 is read month-first (12 July) and 25/12/2026 is refused."""
