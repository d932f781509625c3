"""_base.py, imported as the real module: a field that holds one value only (a `const`) counts
as set, so that a request, which sends the fields set, sends it."""

from __future__ import annotations

from typing import Literal, Optional, Union

from generator.emit.runtime._base import ApiModel
from generator.emit.runtime._core.request import to_jsonable


class UserMessage(ApiModel):
    role: Literal["user"] = "user"
    content: Optional[str] = None
    mode: Union[Literal["a", "b"], str] = "a"  # an open enum with a default: not a constant
    kind: Literal["x"] | None = None  # a constant that may be left out: not sent unless given


def test_a_constant_goes_out_though_not_given() -> None:
    assert to_jsonable(UserMessage(content="hi")) == {"role": "user", "content": "hi"}
    assert to_jsonable(UserMessage()) == {"role": "user"}
    assert to_jsonable(UserMessage.model_validate({"content": None, "kind": "x"})) == {"role": "user", "content": None, "kind": "x"}
    # a nested model too, and a parsed one
    assert to_jsonable({"messages": [UserMessage.model_validate({})]}) == {"messages": [{"role": "user"}]}
    assert UserMessage().model_fields_set == {"role"}
