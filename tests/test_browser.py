"""The pages in a real browser: headless Chromium driven by Playwright, on the server and on the
static site from file://. Every page: no console errors, a screenshot, no serious axe-core finding."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import cxkg

pytest.importorskip("starlette")
playwright = pytest.importorskip("playwright.sync_api")
from conftest import ROOT  # noqa: E402
from serving import running  # noqa: E402

from cxkg.serve import build_site, create_app  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright.Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium (/usr/bin/chromium); tests/run.sh installs it when run as root")
    if not AXE.exists():
        pytest.skip(f"needs axe-core at {AXE} (tests/run.sh installs it with npm)")
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page under test that records console errors and checks each page it reaches."""

    def __init__(self, browser: playwright.Browser, shots: Path, **context: object) -> None:
        options: dict[str, object] = {"viewport": {"width": 1100, "height": 800}, **context}
        self.context = browser.new_context(accept_downloads=True, **options)  # type: ignore[arg-type]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.shots = shots
        self.count = 0

    def check(self, name: str) -> None:
        """Screenshot, axe-core (0 serious or critical), no console error so far."""
        self.count += 1
        self.page.screenshot(path=str(self.shots / f"{self.count:02d}-{name}.png"), full_page=True)
        self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")  # DevTools evaluation: CSP-exempt
        found = self.page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})"
                                   ".then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length]))")
        serious = [v for v in found if v[1] in ("serious", "critical")]
        assert serious == [], f"{name}: {serious}"
        assert self.errors == [], f"{name}: {self.errors}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: playwright.Browser, tmp_path: Path) -> Iterator[Visit]:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    current = Visit(browser, shots)
    yield current
    current.close()
    assert len(list(shots.glob("*.png"))) == current.count


@pytest.fixture(scope="module")
def server(bundled: cxkg.Glossary) -> Iterator[str]:
    with running(create_app(bundled)) as url:
        yield url


@pytest.fixture(scope="module")
def site(bundled: cxkg.Glossary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build_site(bundled, out)
    return out


def search_then_broader_then_back(visit: Visit, home: str, parent: cxkg.Concept, keyboard: bool = False) -> None:
    page = visit.page
    page.goto(home)
    visit.check("home")
    page.locator("#q").press_sequentially("promter", delay=20)
    option = page.locator("#suggestions [role=option][data-url$='/net-promoter-score.html']")
    option.wait_for(timeout=10_000)
    visit.check("suggestions")
    if keyboard:
        for _ in range(page.locator("#suggestions [role=option]").count()):
            page.keyboard.press("ArrowDown")
            if option.get_attribute("aria-selected") == "true":
                break
        page.keyboard.press("Enter")
    else:
        option.click()
    page.wait_for_url("**/net-promoter-score.html*")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Net Promoter Score")
    visit.check("concept")
    page.locator(".fields").get_by_role("link", name=parent.label, exact=True).first.click()
    page.wait_for_url(f"**/{str(parent.iri).rsplit('/', 1)[-1]}.html*")
    visit.check("broader")
    page.go_back()
    page.wait_for_url("**/net-promoter-score.html*")
    assert "Net Promoter Score" in page.title()


@pytest.fixture(scope="module")
def parent(bundled: cxkg.Glossary) -> cxkg.Concept:
    """The broader concept of Net Promoter Score."""
    return bundled.concept(bundled.concept("NPS").broader[0])


def test_search_pick_follow_broader_and_back(visit: Visit, server: str, parent: cxkg.Concept) -> None:
    search_then_broader_then_back(visit, server + "/", parent)


def test_expand_the_tree_with_lazy_children(visit: Visit, server: str) -> None:
    page = visit.page
    page.goto(server + "/tree")
    top = page.locator(".tree > ul > li:has(button[data-lazy=true]) > button.toggle").first
    top.click()
    target = page.locator(f"#{top.get_attribute('aria-controls')} button.toggle[data-lazy=true]").first
    controls = target.get_attribute("aria-controls")
    lazy = page.locator(f"button[aria-controls='{controls}']")
    lazy.click()
    children = page.locator(f"#{controls} > li")
    children.first.wait_for(timeout=10_000)
    assert children.count() > 0 and lazy.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name="Expand all").click()
    visit.check("tree")


def test_run_ancestors_on_the_sparql_page_and_download_csv(visit: Visit, server: str, tmp_path: Path,
                                                           parent: cxkg.Concept) -> None:
    page = visit.page
    page.goto(server + "/query")
    visit.check("sparql")
    page.get_by_label("Query", exact=True).select_option("ancestors")
    page.wait_for_url("**/query?name=ancestors*")
    page.locator("#param-concept").fill("NPS")
    page.get_by_role("button", name="Run ancestors").click()
    page.get_by_role("cell", name=parent.label, exact=True).wait_for(timeout=10_000)
    visit.check("results")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / "ancestors.csv"
    download.value.save_as(saved)
    assert saved.read_text().splitlines()[0] == "ancestor,label,distance"
    assert parent.label in saved.read_text()


def test_the_static_site_from_file_urls(visit: Visit, site: Path, parent: cxkg.Concept) -> None:
    search_then_broader_then_back(visit, (site / "index.html").as_uri(), parent, keyboard=True)
    page = visit.page
    page.goto((site / "tree.html").as_uri())
    page.get_by_role("button", name="Expand all").click()
    toggles = page.locator(".tree button.toggle")
    assert page.locator(".tree button[aria-expanded=true]").count() == toggles.count() > 5
    visit.check("static-tree")
    page.goto((site / "search.html").as_uri() + "?q=promter")
    page.get_by_role("link", name="Net Promoter Score").first.wait_for()
    visit.check("static-search")


def test_pages_fit_a_phone_screen(browser: playwright.Browser, server: str, tmp_path: Path) -> None:
    phone = Visit(browser, tmp_path, viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        for name, path in (("home", "/"), ("concept", "/net-promoter-score"), ("query", "/query")):
            phone.page.goto(server + path)
            assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
            phone.check(f"phone-{name}")
    finally:
        phone.close()
