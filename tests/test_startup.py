"""A server process loads its views, catalogues and templates before its first request (``config.startup``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.template import engines

from config.startup import load_before_first_request, project_template_names

ROOT = Path(__file__).resolve().parent.parent

# Run in a new interpreter, as a gunicorn worker starts: what does its first request still have to load?
FIRST_REQUEST = """
import json, sys
from django.template import base

compiled = []
compile_template = base.Template.__init__
def counting(self, *args, **kwargs):
    compile_template(self, *args, **kwargs)
    compiled.append(self.name)
base.Template.__init__ = counting

if sys.argv[1] == "wsgi":
    import config.wsgi
else:
    import django
    django.setup()

from django.test import Client
from django.utils.translation import trans_real
catalogues = sorted(trans_real._translations)
modules, templates = set(sys.modules), len(compiled)
status = Client(headers={"Accept-Language": "fr"}).get("/accounts/login/").status_code
print(json.dumps({
    "status": status,
    "catalogues_before": catalogues,
    "compiled": compiled[templates:],
    "imported": sorted(name for name in set(sys.modules) - modules if name.split(".")[0] in
                       ("accounts", "config", "demo", "juries", "notifications", "privacy", "projects", "workflow")),
}))
"""


def first_request(entry_point, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, entry_point],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_first_request_of_a_bare_process_loads_views_and_compiles_templates(tmp_path):
    # The control: it shows what the counting below sees when nothing is loaded beforehand.
    first = first_request("setup", tmp_path)

    assert first["status"] == 200
    assert "registration/login.html" in first["compiled"]
    assert "workflow.views" in first["imported"]
    assert "en" not in first["catalogues_before"]


def test_first_request_of_a_wsgi_process_has_nothing_left_to_load(tmp_path):
    first = first_request("wsgi", tmp_path)

    assert (first["status"], first["compiled"], first["imported"]) == (200, [], [])
    assert first["catalogues_before"] == ["en", "fr"]


def test_every_project_template_compiles_at_startup():
    names = load_before_first_request()

    assert {"base.html", "registration/login.html", "notifications/email/digest.txt"} <= set(names)
    assert len(names) == len(project_template_names()) > 60
    assert all(not name.startswith(("admin/", "django/")) for name in names)
    for name in names:
        assert engines["django"].get_template(name).origin.name.startswith(str(ROOT))
