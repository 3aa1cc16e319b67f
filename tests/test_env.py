import pytest
from django.core.exceptions import ImproperlyConfigured

from recours.site.env import env_bool, env_int, env_list, env_secret, env_str


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False), ("TRUE", True)])
def test_a_boolean_accepts_true_or_false(raw, expected):
    assert env_bool("FLAG", environ={"FLAG": raw}) is expected


@pytest.mark.parametrize("raw", ["1", "yes", "on", "0", "no", "ture"])
def test_a_boolean_refuses_anything_else_and_names_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", environ={"FLAG": raw})


def test_a_missing_boolean_takes_its_default_or_is_required():
    assert env_bool("FLAG", False, environ={}) is False
    with pytest.raises(ImproperlyConfigured, match="FLAG is required"):
        env_bool("FLAG", environ={})


def test_a_whole_number_is_checked():
    assert env_int("N", environ={"N": " 42 "}) == 42
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", environ={"N": "4.2"})
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("N", environ={"N": "0"}, minimum=1)


def test_a_list_drops_blank_items():
    assert env_list("HOSTS", environ={"HOSTS": "a.example, ,b.example"}) == [
        "a.example",
        "b.example",
    ]
    assert env_list("HOSTS", ["x"], environ={}) == ["x"]


def test_a_string_is_required_unless_defaulted():
    assert env_str("S", "d", environ={"S": ""}) == "d"
    with pytest.raises(ImproperlyConfigured, match="S is required"):
        env_str("S", environ={})


def test_a_secret_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "key"
    secret_file.write_text("s3cret-value\n")
    environ = {"KEY_FILE": str(secret_file)}
    assert env_secret("KEY", environ=environ) == "s3cret-value"


def test_a_secret_refuses_both_sources_an_empty_file_and_a_missing_file(tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("KEY", environ={"KEY": "a", "KEY_FILE": str(empty)})
    with pytest.raises(ImproperlyConfigured, match="is empty"):
        env_secret("KEY", environ={"KEY_FILE": str(empty)})
    with pytest.raises(ImproperlyConfigured, match="cannot read"):
        env_secret("KEY", environ={"KEY_FILE": str(tmp_path / "nope")})
    with pytest.raises(ImproperlyConfigured, match="KEY"):
        env_secret("KEY", environ={})
