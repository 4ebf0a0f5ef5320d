"""The built wheel works outside the repository: data ships inside it and the console script runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding only the cxkg wheel; dependencies come from this interpreter's site-packages."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(work.glob("cxkg-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True)
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # Lines of a .pth file join sys.path without their own .pth files running, so the editable
    # install of the development environment cannot shadow the wheel.
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def run_outside(venv: Path, tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["CXKG_CACHE_DIR"] = str(tmp_path / "cache")
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_wheel_bundles_every_data_file(installed, tmp_path):
    probe = ("import json, cxkg, cxkg.resources as r; print(json.dumps({'file': cxkg.__file__, "
             "'data': {k: r.bundled_names(k) for k in r.KINDS}}))")
    result = run_outside(installed, tmp_path, str(installed / "bin" / "python"), "-c", probe)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["file"].startswith(str(installed))
    for kind, suffix in (("ontology", ".ttl"), ("shapes", ".ttl"), ("queries", ".rq")):
        assert sorted(found["data"][kind]) == sorted(p.stem for p in (ROOT / kind).glob("*" + suffix))
    assert Path(found["file"]).parent.joinpath("data", "ontology", "context.jsonld").is_file()


def test_installed_package_loads_the_bundled_graph_and_looks_a_term_up(installed, tmp_path):
    code = "import cxkg; g = cxkg.load(); print(len(g), g.concept('NPS').label)"
    result = run_outside(installed, tmp_path, str(installed / "bin" / "python"), "-c", code)
    assert result.returncode == 0, result.stderr
    count, label = result.stdout.split(" ", 1)
    assert int(count) > 0 and label.strip() == "Net Promoter Score"


def test_installed_console_script_shows_a_term(installed, tmp_path):
    result = run_outside(installed, tmp_path, str(installed / "bin" / "cxkg"), "show", "nps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Net Promoter Score")
    missing = run_outside(installed, tmp_path, str(installed / "bin" / "cxkg"), "show", "no such term at all")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_installed_wheel_ships_the_web_templates_and_assets(installed, tmp_path):
    result = run_outside(installed, tmp_path, str(installed / "bin" / "cxkg"), "site", "-o", "public", "-q")
    assert result.returncode == 0, result.stderr
    for name in ("index.html", "tree.html", "static/app.js", "static/style.css", "c/net-promoter-score.html"):
        assert (tmp_path / "public" / name).is_file(), name
    probe = "from cxkg.serve.api import openapi; print(len(openapi()['paths']))"
    described = run_outside(installed, tmp_path, str(installed / "bin" / "python"), "-c", probe)
    assert described.returncode == 0 and int(described.stdout) > 10, described.stderr
