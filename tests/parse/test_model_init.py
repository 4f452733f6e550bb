"""The nouns made by the thousand have their `__init__` written out (speed, issue 14); each
must stay what the generated one of a frozen dataclass is."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.model import Change, Clause, InlineOp

WRITTEN_OUT = (Clause, Change, InlineOp)


def generated_twin(cls: type) -> type:
    """The same fields as a plain frozen dataclass, with the `__init__` dataclasses writes."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default))
              if f.default is not dataclasses.MISSING else (f.name, f.type)
              for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(f"Generated{cls.__name__}", fields, frozen=True)


@pytest.mark.parametrize("cls", WRITTEN_OUT)
def test_the_written_out_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    assert cls.__init__.__code__.co_filename.endswith("model.py")  # written out, not generated
    written = inspect.signature(cls)
    generated = inspect.signature(generated_twin(cls))
    assert [(p.name, p.default, p.kind) for p in written.parameters.values()] == [
        (p.name, p.default, p.kind) for p in generated.parameters.values()]


values = st.one_of(st.none(), st.text(max_size=5), st.integers(), st.tuples(st.text(max_size=3)))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(WRITTEN_OUT), st.data())
def test_an_instance_holds_what_it_was_given_and_stays_frozen(cls: type, data: Any) -> None:
    names = [f.name for f in dataclasses.fields(cls)]
    given_values = {name: data.draw(values, label=name) for name in names}
    made = cls(**given_values)
    twin = generated_twin(cls)(**given_values)
    assert dataclasses.astuple(made) == dataclasses.astuple(twin)
    assert made == cls(*given_values.values())
    assert repr(made).removeprefix(cls.__name__) == repr(twin).removeprefix(type(twin).__name__)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], None)
    assert dataclasses.replace(made, **{names[-1]: "x"}) == cls(**given_values | {names[-1]: "x"})


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_clause_pickles_and_copies_with_every_field(data: Any) -> None:
    """`Clause.__reduce__` names its fields one by one: a field added and not named there
    would be lost in the forked parse; every field here holds a value of its own."""
    names = [f.name for f in dataclasses.fields(Clause)]
    given_values = {name: data.draw(st.text(min_size=1, max_size=4), label=name) for name in names}
    clause = Clause(**given_values | {"children": (Clause("a", "b", "c", 1),)})
    for copied in (pickle.loads(pickle.dumps(clause, protocol=pickle.HIGHEST_PROTOCOL)),
                   copy.copy(clause), copy.deepcopy(clause)):
        assert dataclasses.astuple(copied) == dataclasses.astuple(clause)
        assert type(copied) is Clause and copied == clause
