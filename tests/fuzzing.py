"""What the form-fuzzing tests share: Hypothesis settings for tests that post through Django's
test client, and strategies for arbitrary form values."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz_settings(max_examples):
    # Fixtures are per test, not per example: each example posts against the same world.
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)


def form_data(fields, values):
    """A form post with any subset of ``fields``, each holding one of ``values``."""
    return st.fixed_dictionaries({}, optional={name: values for name in fields})
