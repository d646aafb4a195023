# One task runner. `make check` runs exactly what CI runs.
.PHONY: run test test-fast check lint fmt typecheck lock

run:        ## install, migrate, load reference and demo data, serve at http://127.0.0.1:8000
	bash scripts/run.sh

test:       ## install the development tools and run the whole test suite
	bash scripts/test.sh

test-fast:  ## the rules without a database (domain and unit tests), in seconds
	MOTCUA_DATA_DIR=$(CURDIR)/test-output/data-fast .venv/bin/python -m pytest -p no:cacheprovider -q tests/domain tests/unit

check:      ## exactly what CI runs
	bash .ci/run

lint:
	.venv/bin/ruff check src tests bench scripts
	.venv/bin/ruff format --check src tests bench scripts
	.venv/bin/lint-imports

fmt:
	.venv/bin/ruff format src tests bench scripts
	.venv/bin/ruff check --fix src tests bench scripts

typecheck:
	.venv/bin/mypy src tests

lock:       ## re-resolve requirements/*.lock from pyproject.toml (needs uv: pip install uv)
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.lock
	uv pip compile pyproject.toml --extra dev --extra s3 --extra redis --python-version 3.11 --generate-hashes -o requirements/dev.lock
