"""The sign-in lockout counts failures per username and client address, and the address is the
one the proxies in front saw (PROXY_COUNT), never one the client wrote into X-Forwarded-For."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.portal.test_settings import PRODUCTION_ENV, manage

LOGIN = "/admin/login/?next=/admin/"
RIGHT = "Long-enough-pass-42"
# The honest clients sit in documentation ranges, which are not globally routable, and most
# forgeries below are: a resolver that preferred a routable address would pick the forgery.
HOME = "198.51.100.23"
OFFICE = "203.0.113.7"


def through_proxies(address: str, proxies: int, sent: str | None = None) -> Client:
    """A browser at `address` whose requests pass `proxies` proxies on their way to the app.

    Each proxy appends the address it received the request from to X-Forwarded-For, as nginx's
    $proxy_add_x_forwarded_for does; the last one connects to the app (REMOTE_ADDR). `sent` is
    the X-Forwarded-For the browser itself sends, which the first proxy appends to.
    """
    hops = [address] + [f"10.0.0.{n}" for n in range(1, proxies + 1)]
    header = sent
    for received_from in hops[:proxies]:
        header = received_from if header is None else f"{header}, {received_from}"
    headers = {"x-forwarded-for": header} if header is not None else {}
    return Client(REMOTE_ADDR=hops[-1], headers=headers)


def straight_from(address: str, forwarded_for: str | None = None) -> Client:
    """A request that reaches the app from `address` itself, with X-Forwarded-For as given."""
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for is not None else {}
    return Client(REMOTE_ADDR=address, headers=headers)


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def fail_five_times(client_for_attempt, username: str):
    """Five wrong passwords; `client_for_attempt(n)` gives the client for the n-th."""
    for attempt in range(5):
        response = sign_in(client_for_attempt(attempt), username, "wrong")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_wrong_passwords_lock_that_username_at_that_address_only(editor, settings, proxies):
    settings.PROXY_COUNT = proxies
    fail_five_times(lambda _: through_proxies(HOME, proxies), "editor1")
    # The right password from the same address is refused too: that is the lockout.
    locked = sign_in(through_proxies(HOME, proxies), "editor1", RIGHT)
    assert locked.status_code == 429
    # The editor at the office, behind the same proxies, signs in.
    assert sign_in(through_proxies(OFFICE, proxies), "editor1", RIGHT).status_code == 302


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_failures_for_another_username_lock_out_nobody_else(editor, settings, proxies):
    # "admin" does not exist; someone at the office tries it, a colleague there signs in.
    settings.PROXY_COUNT = proxies
    fail_five_times(lambda _: through_proxies(OFFICE, proxies), "admin")
    assert sign_in(through_proxies(OFFICE, proxies), "admin", "wrong").status_code == 429
    assert sign_in(through_proxies(OFFICE, proxies), "editor1", RIGHT).status_code == 302
    assert sign_in(through_proxies(HOME, proxies), "editor1", RIGHT).status_code == 302


def test_without_proxies_x_forwarded_for_is_ignored(editor, settings):
    settings.PROXY_COUNT = 0
    fail_five_times(lambda _: straight_from(HOME, forwarded_for=OFFICE), "editor1")
    assert sign_in(straight_from(HOME), "editor1", RIGHT).status_code == 429
    assert sign_in(straight_from(OFFICE, forwarded_for=HOME), "editor1", RIGHT).status_code == 302


@pytest.mark.parametrize("proxies", [1, 2])
def test_a_request_without_the_header_counts_by_the_connecting_address(editor, settings, proxies):
    # It did not come through the proxies (or they do not set the header): REMOTE_ADDR is
    # the only address known, never "no address", which everyone would share.
    settings.PROXY_COUNT = proxies
    fail_five_times(lambda _: straight_from(HOME), "editor1")
    assert sign_in(straight_from(HOME), "editor1", RIGHT).status_code == 429
    assert sign_in(straight_from(OFFICE), "editor1", RIGHT).status_code == 302
    assert sign_in(through_proxies(OFFICE, proxies), "editor1", RIGHT).status_code == 302


def test_a_header_shorter_than_the_proxies_write_counts_by_the_connecting_address(editor, settings):
    # With two proxies the header holds at least two entries; one alone was not written by
    # them, so it names nobody: the lockout at HOME applies, OFFICE is not touched.
    settings.PROXY_COUNT = 2
    fail_five_times(lambda _: straight_from(HOME, forwarded_for=OFFICE), "editor1")
    assert sign_in(straight_from(HOME), "editor1", RIGHT).status_code == 429
    assert sign_in(through_proxies(OFFICE, 2), "editor1", RIGHT).status_code == 302


# What an attacker at HOME may write into X-Forwarded-For, the n-th time.
FORGERIES = {
    "a new routable address each time": lambda n: f"8.8.8.{n}",
    "the victim's address": lambda n: OFFICE,
    "private": lambda n: f"10.9.{n}.1",
    "loopback": lambda n: f"127.0.0.{n + 1}",
    "link-local IPv6": lambda n: f"fe80::{n + 1}",
    "several entries": lambda n: f"8.8.4.{n}, 10.0.0.1, ::1",
    "not an address": lambda n: f"unknown-{n}",
    "unusable addresses": lambda n: f"0.0.0.0, 255.255.255.255, 224.0.0.{n}",
    "empty entries": lambda n: ", " * (n + 1),
    # A lenient parser reads everything after the quote, the proxy's entry included, as one
    # bad token, drops it, and takes the attacker's entry for the client.
    "an unclosed quote": lambda n: f'8.8.8.{n}, "',
    "a port": lambda n: f"8.8.8.{n}:443",
}


@pytest.mark.parametrize("proxies", [1, 2])
@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_forged_x_forwarded_for_neither_resets_nor_moves_the_count(
    editor, settings, proxies, forgery
):
    settings.PROXY_COUNT = proxies
    fail_five_times(lambda n: through_proxies(HOME, proxies, sent=forgery(n)), "editor1")
    # Every attempt was counted at HOME, whatever the attacker wrote ...
    again = through_proxies(HOME, proxies, sent=forgery(5))
    assert sign_in(again, "editor1", RIGHT).status_code == 429
    assert sign_in(through_proxies(HOME, proxies), "editor1", RIGHT).status_code == 429
    # ... and nowhere else, not even at an address the attacker named.
    assert sign_in(through_proxies(OFFICE, proxies), "editor1", RIGHT).status_code == 302


def test_a_private_client_address_behind_a_public_proxy_is_kept(editor, settings):
    # Staff on the internal network: their addresses are private, the proxy's is routable.
    # Preferring a routable address would count everyone at the proxy's.
    settings.PROXY_COUNT = 1
    fail_five_times(lambda _: straight_from("8.8.8.8", forwarded_for="10.1.2.3"), "editor1")
    colleague = straight_from("8.8.8.8", forwarded_for="10.1.2.4")
    assert sign_in(colleague, "editor1", RIGHT).status_code == 302


@pytest.mark.parametrize(
    ("command", "arguments"),
    [
        ("axes_reset", []),
        ("axes_reset_ip", [HOME]),
        ("axes_reset_username", ["editor1"]),
        ("axes_reset_ip_username", [HOME, "editor1"]),
    ],
)
def test_an_operator_lifts_a_lockout_with_manage_py(editor, command, arguments, capsys):
    fail_five_times(lambda _: through_proxies(HOME, 1), "editor1")
    call_command(command, *arguments)
    # One record holds the five failures of the pair.
    assert capsys.readouterr().out == "1 attempts removed.\n"
    assert sign_in(through_proxies(HOME, 1), "editor1", RIGHT).status_code == 302


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_an_unreadable_proxy_count_stops_start_up_with_one_line(value):
    result = manage("check", env={**PRODUCTION_ENV, "PROXY_COUNT": value})
    assert result.returncode != 0
    message = f"Configuration error: PROXY_COUNT={value!r} is not a whole number."
    assert result.stderr.strip() == message
