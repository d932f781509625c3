"""_core/params.py, imported as the real module: the wire format OpenAPI defines for parameters
and form bodies.

The oracle is the style examples table of the OpenAPI Specification (3.1.1, "Style Examples"):
the `color` parameter as an empty string, "blue", ["blue", "black", "brown"] and
{"R": 100, "G": 200, "B": 150}, for every style and explode. Its strings are written here as the
specification prints them, and each is checked twice: as the serializer writes it, and as httpx
puts it on the wire (it must leave every one of them as it is).
"""

from __future__ import annotations

import io

import httpx
import pydantic
import pytest

from generator.emit.runtime._core import errors, params, request

EMPTY, STRING, ARRAY, OBJECT = "", "blue", ["blue", "black", "brown"], {"R": 100, "G": 200, "B": 150}
VALUES = {"empty": EMPTY, "string": STRING, "array": ARRAY, "object": OBJECT}

# (style, explode) -> the table's row: empty, string, array, object (None: n/a in the table)
PATH_TABLE = {
    ("matrix", False): (";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
    ("matrix", True): (";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"),
    ("label", False): (".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("label", True): (".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("simple", False): (None, "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True): (None, "blue", "blue,black,brown", "R=100,G=200,B=150"),
}
QUERY_TABLE = {
    ("form", False): ("color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"),
    ("form", True): ("color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
    ("spaceDelimited", False): (None, None, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"),
    ("pipeDelimited", False): (None, None, "color=blue|black|brown", "color=R|100|G|200|B|150"),
    ("deepObject", True): (None, None, None, "color[R]=100&color[G]=200&color[B]=150"),
}


def _cases(table):
    return [
        pytest.param(style, explode, VALUES[kind], expected, id=f"{style}-{explode}-{kind}")
        for (style, explode), row in table.items()
        for kind, expected in zip(VALUES, row)
        if expected is not None
    ]


def on_the_wire(path: str = "/p", query: str = "") -> str:
    """The request target httpx sends for a URL holding `path` and `query` as written."""
    built = httpx.Request("GET", "https://api.example.com" + path + ("?" + query if query else ""))
    return built.url.raw_path.decode("ascii")


@pytest.mark.parametrize("style, explode, value, expected", _cases(PATH_TABLE))
def test_path_styles_follow_the_specification_table(style, explode, value, expected):
    assert params.path_text("color", value, style, explode) == expected
    sent = on_the_wire(request.format_path("/p/{color}", {"color": value}, {"color": (style, explode, False)}))
    # a lone "." would be removed from the path as a dot segment (RFC 3986): it goes escaped
    assert sent == "/p/" + ("%2E" if expected == "." else expected)


@pytest.mark.parametrize("style, explode, value, expected", _cases(QUERY_TABLE))
def test_query_styles_follow_the_specification_table(style, explode, value, expected):
    written = "&".join(params.query_items({"color": value}, {"color": (style, explode, False)}))
    assert written == expected
    assert on_the_wire(query=written) == "/p?" + expected


@pytest.mark.parametrize("explode, value, expected", [
    (False, STRING, "blue"), (False, ARRAY, "blue,black,brown"), (False, OBJECT, "R,100,G,200,B,150"),
    (True, STRING, "blue"), (True, ARRAY, "blue,black,brown"), (True, OBJECT, "R=100,G=200,B=150"),
])  # fmt: skip
def test_headers_are_the_simple_rows_of_the_table(explode, value, expected):
    assert params.header_text(value, explode) == expected


@pytest.mark.parametrize("explode, value, expected", [
    (True, STRING, "color=blue"), (True, EMPTY, "color="),
    (True, ARRAY, "color=blue; color=black; color=brown"), (True, OBJECT, "R=100; G=200; B=150"),
    (False, ARRAY, "color=blue,black,brown"), (False, OBJECT, "color=R,100,G,200,B,150"),
])  # fmt: skip
def test_cookies_are_the_form_rows_of_the_table_one_pair_per_cookie(explode, value, expected):
    assert params.cookie_text({"color": value}, {"color": ("form", explode, False)}) == expected
    assert params.cookie_text({"color": value}) == params.cookie_text({"color": value}, {"color": ("form", True, False)})


def test_the_defaults_are_the_specifications():
    assert params.DEFAULT_STYLES == {
        "path": ("simple", False, False),
        "query": ("form", True, False),
        "header": ("simple", False, False),
        "cookie": ("form", True, False),
    }


# -- deepObject, nested ----------------------------------------------------------------------


class Range(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(serialize_by_alias=True, validate_by_name=True)
    greater_or_equal: int | None = pydantic.Field(default=None, alias="gte")
    less_than: int | None = pydantic.Field(default=None, alias="lt")


class Filter(pydantic.BaseModel):
    created: Range | None = None
    status: list[str] | None = None
    archived: bool | None = None


DEEP = ("deepObject", True, False)


def test_deep_objects_nest_as_deep_as_the_value_with_list_items_by_index():
    value = {"created": {"gte": 5, "lt": 9}, "status": ["open", "paid"], "archived": False, "skip": None, "lines": [{"price": "p1", "qty": 2}]}
    assert params.query_items({"filter": value}, {"filter": DEEP}) == [
        "filter[created][gte]=5",
        "filter[created][lt]=9",
        "filter[status][0]=open",
        "filter[status][1]=paid",
        "filter[archived]=false",
        "filter[lines][0][price]=p1",
        "filter[lines][0][qty]=2",
    ]


def test_a_deep_model_sends_only_the_fields_that_were_set_under_their_wire_names():
    value = Filter(created=Range(gte=5), archived=True)
    assert params.query_items({"filter": value}, {"filter": DEEP}) == ["filter[created][gte]=5", "filter[archived]=true"]


def test_deep_keys_and_values_are_escaped_but_the_brackets_are_the_styles():
    value = {"a]&b": "x=y#z", "é": "ü ü", "n": {"[": None}}
    assert params.query_items({"f[0]": value}, {"f[0]": DEEP}) == ["f%5B0%5D[a%5D%26b]=x%3Dy%23z", "f%5B0%5D[%C3%A9]=%C3%BC%20%C3%BC"]


def test_a_deep_object_with_nothing_set_sends_nothing():
    assert params.query_items({"filter": {"a": None, "b": {"c": None}, "d": []}}, {"filter": DEEP}) == []
    assert params.query_items({"filter": Filter()}, {"filter": DEEP}) == []


# -- percent-encoding ------------------------------------------------------------------------


def test_a_value_keeps_only_unreserved_characters_and_the_delimiters_are_the_styles():
    styles = {"csv": ("form", False, False), "ssv": ("spaceDelimited", False, False), "psv": ("pipeDelimited", False, False), "one": ("form", True, False)}
    written = params.query_items({"csv": ["a,b", "c d"], "ssv": ["a b", "c"], "psv": ["a|b", "c"], "one": "x&y=z+é~"}, styles)
    assert written == ["csv=a%2Cb,c%20d", "ssv=a%20b%20c", "psv=a%7Cb|c", "one=x%26y%3Dz%2B%C3%A9~"]


def test_allow_reserved_keeps_reserved_characters_and_escapes_but_never_a_fragment():
    written = params.query_items({"next": "/a/b?c=d&e=[1],f@g %2F 'é'#top"}, {"next": ("form", True, True)})
    assert written == ["next=/a/b?c=d&e=[1],f@g%20%2F%20'%C3%A9'%23top"]
    assert on_the_wire(query=written[0]) == "/p?" + written[0]


def test_a_path_value_cannot_add_a_segment_or_climb_in_any_style():
    assert params.path_text("p", "a/b", "matrix") == ";p=a%2Fb"
    assert params.path_text("p", ["..", "/"], "label", True) == "....%2F"
    assert request.format_path("/x/{p}", {"p": "."}, {"p": ("label", False, False)}) == "/x/%2E%2E"
    assert request.format_path("/x/{p}", {"p": ".."}) == "/x/%2E%2E"
    assert request.format_path("/x/{p}/{q}", {"p": ["a", "b"], "q": {"k": True}}) == "/x/a,b/k,true"


def test_an_empty_path_parameter_is_refused_whatever_its_style():
    for value in ("", [], {}, [None], {"k": None}):
        with pytest.raises(errors.InvalidArgumentError, match="path parameter 'p' is empty"):
            request.check_path_params("items.get", {"p": value}, {"p": ("matrix", True, False)})
    request.check_path_params("items.get", {"p": [0]}, {"p": ("label", False, False)})


# -- without a style: as before ----------------------------------------------------------------


def test_an_unstyled_query_goes_out_as_httpx_encodes_query_pairs():
    values = {"q": "a b&c", "flag": True, "n": 1.5, "ids": [1, None, False], "obj": {"k": ["é", None]}, "none": None, "~": "~"}
    expected = httpx.QueryParams([("q", "a b&c"), ("flag", "true"), ("n", "1.5"), ("ids", "1"), ("ids", "false"), ("obj", '{"k":["\\u00e9",null]}'), ("~", "~")])
    assert "&".join(params.query_items(values)) == str(expected)


def test_the_default_style_on_scalars_and_lists_sends_what_no_style_sends():
    values = {"ids": [1, 2], "q": "x", "b": True}
    default = {name: params.DEFAULT_STYLES["query"] for name in values}
    assert params.query_items(values, default) == params.query_items(values) == ["ids=1", "ids=2", "q=x", "b=true"]


# -- headers and cookies in a request --------------------------------------------------------


def test_header_parameters_are_checked_after_they_are_written():
    written = request.header_params({"X-Ids": [1, 2], "X-Shape": OBJECT, "X-None": None, "X-Empty": []}, {"X-Shape": ("simple", True, False)})
    assert written == {"X-Ids": "1,2", "X-Shape": "R=100,G=200,B=150", "X-None": None, "X-Empty": None}
    assert request.call_headers("op", {}, written) == {"X-Ids": "1,2", "X-Shape": "R=100,G=200,B=150"}
    with pytest.raises(errors.InvalidArgumentError, match="header 'X-Ids' contains a line break"):
        request.call_headers("op", {}, request.header_params({"X-Ids": ["a", "b\r\nX-Evil: 1"]}))


def test_cookies_join_the_cookie_header_already_set():
    headers = {"cookie": "sid=1"}
    request.add_cookies("op", headers, {"session": "a b;c", "prefs": ["x", "y"], "gone": None}, {"prefs": ("form", False, False)})
    assert headers == {"cookie": "sid=1; session=a%20b%3Bc; prefs=x,y"}
    fresh: dict[str, str] = {}
    request.add_cookies("op", fresh, {"gone": None})
    assert fresh == {}


def test_styles_arrive_keyed_by_location_and_name():
    found = request.styles_by_location({("query", "a"): ("deepObject", True, False), ("path", "a"): ("label", False, False)})
    assert found == {"path": {"a": ("label", False, False)}, "query": {"a": ("deepObject", True, False)}, "header": {}, "cookie": {}}


# -- form bodies -----------------------------------------------------------------------------


def test_a_form_body_follows_its_encoding_object():
    encoding = {
        "metadata": ("deepObject", True, False, None),
        "lines": ("deepObject", True, False, None),
        "tags": ("form", True, False, None),
        "codes": ("form", False, False, None),
    }
    fields = {
        "amount": 500,
        "capture": False,
        "metadata": {"order": "A 1", "skip": None},
        "lines": [{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
        "tags": ["x", "y z"],
        "codes": ["a,b", "c"],
        "note": {"k": 1},
        "gone": request.NOT_GIVEN,
    }
    assert params.form_body(fields, encoding) == (
        b"amount=500&capture=false&metadata[order]=A+1&lines[0][price]=p_1&lines[0][quantity]=2"
        b"&lines[1][price]=p_2&tags=x&tags=y+z&codes=a%2Cb,c&note=%7B%22k%22%3A1%7D"
    )
    headers: dict[str, str] = {}
    body = request.request_body(headers, form=fields, encoding=encoding)
    assert body == {"content": params.form_body(fields, encoding)}
    assert headers == {"Content-Type": "application/x-www-form-urlencoded"}


def test_a_form_body_without_an_encoding_object_is_sent_as_before():
    body = request.request_body({}, form={"tags": ["x"], "meta": {"k": "v"}}, encoding={})
    assert body == {"data": {"tags": '["x"]', "meta": '{"k":"v"}'}}


def test_multipart_parts_follow_the_encoding_object():
    handle = io.BytesIO(b"\x89PNG")
    handle.name = "logo.png"
    encoding = {
        "file": (None, True, False, "image/png"),
        "meta": (None, True, False, "application/json"),
        "note": (None, True, False, "text/plain"),
        "labels": ("form", True, False, None),
        "codes": ("form", False, False, None),
        "card": ("deepObject", True, False, None),
    }
    fields = {
        "file": handle,
        "meta": {"title": "Été", "tags": None},
        "note": "plain",
        "labels": ["a", "b"],
        "codes": ["c", "d"],
        "card": {"number": "42", "expiry": {"month": 1}},
        "caption": {"free": True},
    }
    assert request.request_body({}, multipart=fields, encoding=encoding)["files"] == [
        ("file", ("logo.png", b"\x89PNG", "image/png")),
        ("meta", (None, '{"title":"Été","tags":null}'.encode(), "application/json")),
        ("note", (None, b"plain", "text/plain")),
        ("labels", (None, b"a")),
        ("labels", (None, b"b")),
        ("codes", (None, b"c,d")),
        ("card[number]", (None, b"42")),
        ("card[expiry][month]", (None, b"1")),
        ("caption", (None, b'{"free":true}')),
    ]
