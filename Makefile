# Tremplin: `make run` starts the app on 127.0.0.1:8000 with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tremplin

.PHONY: install run test lint messages bench clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: export DEBUG ?= 1
# A webhook receiver of one's own on the loopback, for trying the webhooks out.
run: export WEBHOOK_ALLOW_LOOPBACK ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The suite runs on the database of DATABASE_URL (SQLite by default). When that is not PostgreSQL
# but a PostgreSQL server answers, the tests that need PostgreSQL run once more against it.
test: lint
	$(PY) -m pytest $(PYTEST_ARGS)
	@case "$$DATABASE_URL" in \
	  postgres*) ;; \
	  *) if $(PY) -m tests.services postgres; then \
	       echo "== PostgreSQL answers: running the PostgreSQL tests against it"; \
	       DATABASE_URL=$(TEST_POSTGRES_URL) $(PY) -m pytest -m postgres $(PYTEST_ARGS); \
	     else echo "== PostgreSQL does not answer: the PostgreSQL tests were skipped"; fi ;; \
	esac

# Needs GNU gettext; the compiled catalogues are committed so that `make run` does not.
messages: export DEBUG ?= 1
messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmarks at 200 and 20,000 studies (bench/RESULTS.md): PostgreSQL and Redis (database 13, BENCH_REDIS_URL)
# must answer; one database a size, BENCH_DATABASE_URL's name followed by _200 and _20000, dropped and created
# again. Part of it: $(PY) -m bench.run --sizes 200 --only pages,writes
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tremplin_bench
bench: install
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test,bench]'
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.run

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
