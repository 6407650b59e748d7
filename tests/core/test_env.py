"""Typed environment parsing: good values are read, bad ones stop the start with a clear message."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tsunagu.env import Env


def test_defaults_apply_when_unset():
    """Unset variables give the defaults."""
    env = Env({})
    assert env.string("X", "a") == "a"
    assert env.boolean("X", True) is True
    assert env.integer("X", 7) == 7
    assert env.strings("X", ["a"]) == ["a"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("ON", True), ("0", False), ("false", False), ("", False)]
)
def test_booleans_are_read_in_common_spellings(raw, expected):
    """Booleans accept 1/0, yes/no, true/false, on/off."""
    assert Env({"FLAG": raw}).boolean("FLAG") is expected


def test_a_bad_boolean_names_the_variable_and_the_expected_values():
    """DEBUG=maybe fails with the variable's name and the accepted spellings."""
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe'.*true/false"):
        Env({"DEBUG": "maybe"}).boolean("DEBUG")


def test_integers_are_checked_for_form_and_minimum():
    """Integers must be whole numbers at or above their minimum."""
    assert Env({"N": "12"}).integer("N", 1, minimum=1) == 12
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        Env({"N": "twelve"}).integer("N", 1)
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        Env({"N": "0"}).integer("N", 1, minimum=1)


def test_lists_are_split_on_commas_and_trimmed():
    """Comma-separated lists drop blanks and spaces."""
    assert Env({"HOSTS": " a.example, b.example ,,"}).strings("HOSTS") == ["a.example", "b.example"]


def test_choices_and_urls_are_validated():
    """A value outside the choices or a URL with another scheme is refused."""
    assert Env({"B": "smtp"}).choice("B", ["console", "smtp"], "console") == "smtp"
    with pytest.raises(ImproperlyConfigured, match="one of console, smtp"):
        Env({"B": "pigeon"}).choice("B", ["console", "smtp"], "console")
    assert Env({"U": "redis://h:6379/0"}).url("U", ["redis"]) == "redis://h:6379/0"
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        Env({"U": "http://h"}).url("U", ["redis"])
