"""The password hasher of the test suite: Argon2id at its smallest cost.

Production hashes with Django's Argon2PasswordHasher (motcua/settings.py: 100 MiB, 2 passes,
8 lanes; about a quarter of a second per password here, by design). The suite creates and logs
in thousands of users, so it hashes with the same algorithm at the smallest cost Argon2 allows:
the stored values still start with "argon2" and verify through the same code path. This module
lives under tests/ and is installed only by tests/conftest.py; test_pages.py checks that the
production setting is unchanged.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8  # KiB, Argon2's minimum for one lane
    parallelism = 1
