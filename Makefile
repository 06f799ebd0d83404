# Two entry points, both safe on a fresh machine: `make lab` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ROOT   := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test install lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	# rfc3987-syntax (jsonschema's format extra) adds ~2.5 s to every nbformat import; we never
	# validate IRIs, so drop it (measured in bench/bench_imports.py)
	$(PY) -m pip uninstall -q -y rfc3987-syntax || true
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)  ## open the course in JupyterLab
	cd course && ../$(VENV)/bin/jupyter lab $(ROOT) --LabApp.default_url=/lab/tree/00_welcome.ipynb

test: $(STAMP)  ## run the whole test suite (browser tests need /usr/bin/chromium)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -q

bench: $(STAMP)
	for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
