"""``manage.py addstaff``: the operator's way to create and update staff accounts."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from editorial.scoping import is_editor, region_scope

PASSWORD = "Long-enough-pass-42\n"


def addstaff(monkeypatch, *args, password: str | None = PASSWORD) -> str:
    if password is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(password))
        args = (*args, "--password-stdin")
    out = io.StringIO()
    call_command("addstaff", *args, stdout=out)
    return out.getvalue()


def test_creates_regional_staff_with_regions_and_a_usable_password(monkeypatch, regions):
    out = addstaff(monkeypatch, "li", "--role", "regional", "--region", "440000")
    assert out == "Created regional staff account 'li' for Guangdong.\n"
    user = get_user_model().objects.get(username="li")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("Long-enough-pass-42")
    assert [g.name for g in user.groups.all()] == ["Regional staff"]
    scope = region_scope(user)
    assert "440000" in scope and "440300" in scope and "330000" not in scope
    assert len(scope) == 22


def test_updating_changes_role_and_regions_and_keeps_the_password(monkeypatch, regions):
    addstaff(monkeypatch, "li", "--role", "regional", "--region", "440300")
    out = addstaff(monkeypatch, "li", "--role", "editor", password=None)
    assert out == "Updated editors account 'li'.\n"
    user = get_user_model().objects.get(username="li")
    assert [g.name for g in user.groups.all()] == ["Editors"]
    assert is_editor(user)
    assert user.check_password("Long-enough-pass-42")
    assert not user.staff_profile.regions.exists()


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["--role", "regional"], PASSWORD, "Regional staff need at least one region. (--region)"),
        (["--role", "regional", "--region", "999999"], PASSWORD, "Unknown region code(s): 999999"),
        (["--role", "editor", "--region", "440000"], PASSWORD, "Only regional staff have regions"),
        (["--role", "manager", "--region", "440000"], PASSWORD, "Only regional staff have regions"),
        (["--role", "editor"], None, "A new account needs a password"),
        (["--role", "editor"], "\n", "No password on standard input."),
        (["--role", "editor"], "12345678\n", "This password is entirely numeric."),
    ],
)
def test_mistakes_are_refused_and_nothing_is_created(monkeypatch, regions, args, password, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        addstaff(monkeypatch, "li", *args, password=password)
    assert not get_user_model().objects.filter(username="li").exists()


def test_an_unknown_role_is_refused(monkeypatch, regions):
    with pytest.raises(CommandError, match="invalid choice: 'boss'"):
        addstaff(monkeypatch, "li", "--role", "boss")


def test_at_a_terminal_the_password_is_asked_for_twice(monkeypatch, regions):
    answers = iter(["Long-enough-pass-42", "Long-enough-pass-42"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert addstaff(monkeypatch, "wang", "--role", "editor", password=None) == (
        "Created editors account 'wang'.\n"
    )
    assert get_user_model().objects.get(username="wang").check_password("Long-enough-pass-42")


def test_two_different_passwords_at_the_terminal_make_no_account(monkeypatch, regions):
    answers = iter(["Long-enough-pass-42", "Long-enough-pass-43"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="The two passwords differ"):
        addstaff(monkeypatch, "wang", "--role", "editor", password=None)
    assert not get_user_model().objects.filter(username="wang").exists()
