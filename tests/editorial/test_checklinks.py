"""``manage.py checklinks`` against a web server the test starts on this machine (never the
internet): a link that works, one that is broken, one that redirects and one that is too
slow; the results reach the editors' dashboard and the admin beside the link."""

import http.server
import threading
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from editorial.models import LinkCheck
from guides.models import PaymentMethod, Step
from local.models import Service
from tests.factories import SHENZHEN, client_for, make_guide, provenance

pytestmark = pytest.mark.django_db


class Site(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []
    at_once = 0
    most_at_once = 0
    lock = threading.Lock()

    def _answer(self):
        with Site.lock:
            Site.seen.append(f"{self.command} {self.path}")
            Site.at_once += 1
            Site.most_at_once = max(Site.most_at_once, Site.at_once)
        try:
            time.sleep(0.05)
            if self.path == "/slow":
                time.sleep(1.5)
        finally:
            # Before answering: the client may ask again as soon as it has the answer.
            with Site.lock:
                Site.at_once -= 1
        if self.path.startswith("/ok"):
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok-new")
        elif self.path == "/get-only" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/get-only":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer()

    def do_GET(self):
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.seen, Site.most_at_once = [], 0
    yield f"http://127.0.0.1:{server.server_address[1]}"
    # A slow page given up on by the checker is still being answered: let it finish, so
    # that the next test counts only its own.
    deadline = time.monotonic() + 5
    while Site.at_once and time.monotonic() < deadline:
        time.sleep(0.05)
    server.shutdown()
    server.server_close()


@pytest.fixture
def content(site, social_insurance_law, regions):
    guide = make_guide(steps=2, state="published")
    step = Step.objects.get(guide=guide, position=1)
    step.body = f"Pay [online]({site}/ok), or read [the notice]({site}/gone). See {site}/moved."
    step.save()
    PaymentMethod.objects.filter(step=step).update(url=f"{site}/get-only")
    Step.objects.filter(guide=guide, position=2).update(body=f"Slow: {site}/slow")
    service = Service.objects.create(
        region_id=SHENZHEN, kind="etax", name="Shenzhen e-tax", url=f"{site}/ok-service",
        **provenance(source="Shenzhen tax bureau"),  # no link: nothing on the internet
    )  # fmt: skip
    return guide, service


def run(timeout: float = 1, **options) -> str:
    out = StringIO()
    call_command("checklinks", stdout=out, timeout=timeout, **options)
    return out.getvalue()


def test_it_finds_the_broken_link_the_redirect_and_the_slow_one(site, content):
    output = run()

    results = {check.url.removeprefix(site): check for check in LinkCheck.objects.all()}
    assert {url: check.result for url, check in results.items()} == {
        "/ok": "ok",
        "/gone": "broken",
        "/moved": "redirect",
        "/get-only": "ok",
        "/slow": "unreachable",
        "/ok-service": "ok",
    }
    assert results["/gone"].status_code == 404
    assert results["/moved"].moved_to == f"{site}/ok-new"
    assert "GET /ok-new" not in Site.seen and "HEAD /ok-new" not in Site.seen  # not followed
    guide, service = content
    assert results["/gone"].found_in == [
        {"label": f"{guide.title}, step 1", "admin_url": f"/admin/guides/guide/{guide.pk}/change/"}
    ]
    assert results["/ok-service"].found_in[0]["admin_url"] == (
        f"/admin/local/service/{service.pk}/change/"
    )
    assert "6 links checked: 1 broken, 3 ok, 1 redirect, 1 unreachable." in output
    assert f"broken: {site}/gone (404)" in output


def test_it_asks_one_host_at_most_per_host_at_once(site, content):
    # Long enough for the slow page: a request given up on would leave the server busy.
    run(timeout=5, concurrency=4, per_host=1)
    assert Site.most_at_once == 1
    Site.most_at_once = 0
    run(timeout=5, concurrency=4, per_host=3)
    assert Site.most_at_once > 1


def test_the_dashboard_and_the_guide_form_show_the_broken_links(site, content, editor):
    run()
    guide, _service = content
    staff = client_for(editor)

    home = staff.get("/admin/").content.decode()
    assert f"{site}/gone: Broken (404)" in home
    assert f"{site}/moved: Moved elsewhere ({site}/ok-new)" in home
    assert f"/admin/guides/guide/{guide.pk}/change/" in home

    form = staff.get(f"/admin/guides/guide/{guide.pk}/change/").content.decode()
    assert "The last link check found 3 links here not working" in form
    assert f"<code>{site}/gone</code>" in form


def test_a_link_fixed_since_is_forgotten_at_the_next_check(site, content):
    run()
    Step.objects.filter(body__contains="/gone").update(body=f"Pay [online]({site}/ok).")
    run()
    assert not LinkCheck.objects.filter(url=f"{site}/gone").exists()


@pytest.mark.parametrize(
    "options", [{"timeout": 0}, {"concurrency": 0}, {"per_host": 5, "concurrency": 2},
                {"timeout": 1e9}, {"concurrency": 10**6}],
)  # fmt: skip
def test_limits_out_of_range_are_refused(options):
    with pytest.raises(CommandError, match="Give a timeout"):
        call_command("checklinks", stdout=StringIO(), **options)
