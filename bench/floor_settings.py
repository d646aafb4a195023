"""Settings of the framework floor (bench/floor_app.py): motcua's own, with the floor's URLs."""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_app"
