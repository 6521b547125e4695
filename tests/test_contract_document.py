"""The served OpenAPI document keeps the shape of the contract as it was before issue 13
(tests/data/openapi_v1_before.json, never edited): the same paths, methods, parameters, answers' statuses,
and, with every $ref resolved, the same properties, types, required lists, enums and nullability.
Descriptions and examples may be reworded; anything a client relies on may not change. Contract version 2's
compatible extensions of existing operations are declared one by one below (a new property of an answer, a
new optional property or parameter of a request, a new value a request may send, a new file type, an error
answer with more in it); anything else — removing, renaming, retyping — still fails."""
import copy
import json
from pathlib import Path

import pytest

BEFORE = json.loads((Path(__file__).parent / "data" / "openapi_v1_before.json").read_text())
SHAPE_KEYS = ("type", "enum", "const", "format", "required", "minLength", "maxLength", "minimum", "maximum",
              "maxItems", "pattern", "additionalProperties")


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").json


def shape(document, schema, seen=()):
    """A schema reduced to what a client relies on, with references resolved (cycles cut)."""
    if isinstance(schema, dict) and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {"$cycle": name}
        return shape(document, document["components"]["schemas"][name], (*seen, name))
    if not isinstance(schema, dict):
        return schema
    out = {key: schema[key] for key in SHAPE_KEYS if key in schema}
    if isinstance(out.get("required"), list):
        out["required"] = sorted(out["required"])
    if isinstance(out.get("enum"), list):
        out["enum"] = sorted(out["enum"], key=repr)
    if isinstance(out.get("type"), list):
        out["type"] = sorted(out["type"])
    for key in ("properties", "patternProperties"):
        if key in schema:
            out[key] = {name: shape(document, inner, seen) for name, inner in schema[key].items()}
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            out[key] = shape(document, schema[key], seen)
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            out[key] = [shape(document, inner, seen) for inner in schema[key]]
    return out


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield f"{method.upper()} {path}", operation


def operation_shape(document, operation):
    parameters = sorted((p["in"], p["name"], p.get("required", False), json.dumps(shape(document, p["schema"]),
                                                                                   sort_keys=True))
                        for p in operation.get("parameters", []))
    body = {mime: shape(document, media.get("schema", {}))
            for mime, media in operation.get("requestBody", {}).get("content", {}).items()}
    answers = {status: {mime: shape(document, media.get("schema", {}))
                        for mime, media in answer.get("content", {}).items()}
               for status, answer in operation.get("responses", {}).items()}
    return {"operationId": operation.get("operationId"), "parameters": parameters, "body": body,
            "required_body": operation.get("requestBody", {}).get("required", False), "answers": answers,
            "security": operation.get("security"), "tags": operation.get("tags")}


# Contract version 2's additions (../shared/API.md "Plans", and their documented extensions).
ADDED_OPERATIONS = {
    "GET /events/{slug}/plans/template.xlsx", "POST /events/{slug}/plans/import", "GET /events/{slug}/plans",
    "GET /events/{slug}/plans/{item_id}", "PATCH /events/{slug}/plans/{item_id}",
    "POST /events/{slug}/plans/overlaps/{pair_id}/dismiss", "GET /events/{slug}/plans/ceilings",
    "PUT /events/{slug}/plans/ceilings", "GET /events/{slug}/plans/reference", "POST /events/{slug}/plans/reference",
    "POST /events/{slug}/inputs/{input_id}/plan", "GET /events/{slug}/exports/renja.xlsx",
    # issue 17: votes and supports can be withdrawn
    "DELETE /events/{slug}/inputs/{input_id}/support", "DELETE /events/{slug}/inputs/{input_id}/vote",
    # issue 14: two records of one person merged; the notulen as PDF or Word
    "POST /events/{slug}/participants/{participant_id}/merge", "GET /events/{slug}/exports/notes.{notes_format}",
    # issue 16: why two proposals are (not) flagged
    "GET /events/{slug}/inputs/{input_id}/overlap-explain",
}
ADDED_SCHEMAS = {"PlanItem", "PlanItemList", "PlanImportPreview", "PlanImportResult", "PlanImportRefused",
                 "PlanImportUpload", "PlanDecision", "PlanConflictError", "PlanCeilings", "PlanCeilingsUpdate",
                 "ReferenceCodes", "ReferenceUpload", "ReferenceImportResult", "InputToPlan",
                 "ParticipantMerge", "LikelyDuplicate"}

# Compatible extensions of what was there before. A property: (schema, where inside it, name) -> required?
# (a required new property only in a schema no request sends: a client reading the answer is unaffected).
ADDED_PROPERTIES = {
    ("Agency", "", "verified"): True,  # API.md version 2, "Agencies"
    ("ParticipantDetail", "allOf/1", "duplicate_of_id"): True,  # a likely repeated registration, for organisers
    ("WalkIn", "", "not_duplicate"): False,  # the desk goes on after a 409 likely_duplicate
    ("CheckinRefusal", "allOf/1", "reason"): False,  # issue 17: why `revoked` (replaced, cancelled, revoked)
}
EXPORTS = "GET /events/{slug}/exports/{name}.{fmt}"
ADDED_PARAMETERS = {(EXPORTS, "query", "variant")}  # the CSV for Excel (sep=;) — optional
ADDED_VALUES = {(EXPORTS, "path", "fmt"): ["docx"]}  # API.md version 2: minutes.docx
ADDED_FILE_TYPES = {(EXPORTS, "200"): ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]}
# An error answer that now says more: the same Error, and (allOf) optional properties beside it.
EXTENDED_ERRORS = {("POST /events/{slug}/walkins", "409"): "LikelyDuplicate"}  # the registrations it likely is
# Where the document now says what the contract already required: API.md's registration names `position`
# without "?", and the attendance list needs it, so it is required and cannot be emptied or sent as null.
POSITION = {"maxLength": 200, "minLength": 1, "pattern": "\\S", "type": "string"}
CORRECTED = {("Registration", "position"): (POSITION, True), ("WalkIn", "position"): (POSITION, True),
             ("ParticipantUpdate", "position"): (POSITION, False)}


def _at(document, schema: str, where: str) -> dict:
    node = document["components"]["schemas"][schema]
    for step in filter(None, where.split("/")):
        node = node[int(step)] if isinstance(node, list) else node[step]
    return node


def _requested(document) -> set[str]:
    """The schemas a request body may hold, following references."""
    found, todo = set(), [media.get("schema", {}) for _name, op in operations(document)
                          for media in op.get("requestBody", {}).get("content", {}).values()]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "").rsplit("/", 1)[-1]
            if ref and ref not in found:
                found.add(ref)
                todo.append(document["components"]["schemas"][ref])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def _operation(document, name: str) -> dict:
    method, path = name.split(" ", 1)
    return document["paths"][path][method.lower()]


def extended_before(doc) -> dict:
    """The pinned document with exactly the declared extensions (and corrections) applied, each taken from
    the served document `doc` and checked to be compatible."""
    expected = copy.deepcopy(BEFORE)
    requested = _requested(BEFORE)
    for (schema, where, name), required in ADDED_PROPERTIES.items():
        target = _at(expected, schema, where)
        assert name not in target.get("properties", {}), f"{schema}.{name} is not new"
        assert not (required and schema in requested), f"{schema} is sent by clients: {name} must be optional"
        target["properties"][name] = _at(doc, schema, where)["properties"][name]
        if required:
            target["required"] = [*target.get("required", []), name]
    for (schema, name), (now, required) in CORRECTED.items():
        _at(expected, schema, "")["properties"][name].update(now)
        if required:
            _at(expected, schema, "")["required"] = [*_at(expected, schema, "")["required"], name]
    for name, where, parameter in ADDED_PARAMETERS:
        added = next(p for p in _operation(doc, name)["parameters"] if (p["in"], p["name"]) == (where, parameter))
        assert not added.get("required"), f"{parameter} of {name} must be optional"
        _operation(expected, name)["parameters"].append(added)
    for (name, where, parameter), values in ADDED_VALUES.items():
        before = next(p for p in _operation(expected, name)["parameters"] if (p["in"], p["name"]) == (where, parameter))
        assert not set(values) & set(before["schema"]["enum"])
        before["schema"]["enum"] = [*before["schema"]["enum"], *values]
    for (name, status), types in ADDED_FILE_TYPES.items():
        content = _operation(expected, name)["responses"][status]["content"]
        for mime in types:
            assert mime not in content
            content[mime] = _operation(doc, name)["responses"][status]["content"][mime]
    for (name, status), schema in EXTENDED_ERRORS.items():
        media = _operation(expected, name)["responses"][status]["content"]["application/json"]
        base, *more = doc["components"]["schemas"][schema]["allOf"]
        assert base == media["schema"] and all(not part.get("required") for part in more), schema
        media["schema"] = {"$ref": f"#/components/schemas/{schema}"}
        expected["components"]["schemas"][schema] = doc["components"]["schemas"][schema]
    return expected


def test_the_same_version_and_operations(doc):
    assert doc["openapi"] == BEFORE["openapi"]
    assert sorted(name for name, _ in operations(doc)) == sorted(
        [name for name, _ in operations(BEFORE)] + sorted(ADDED_OPERATIONS))


def test_the_plan_item_has_every_field_of_the_contract(doc):
    item = doc["components"]["schemas"]["PlanItem"]
    assert set(item["required"]) == {
        "id", "source", "ref", "agency", "code", "level", "name", "indicator", "location", "target", "unit", "budget",
        "funding_source", "next_year_target", "next_year_budget", "note", "status", "overlaps"}
    assert item["properties"]["status"]["enum"] == sorted(
        ["draft", "kept", "changed", "moved", "merged", "deferred", "dropped"])
    overlap = shape(doc, item["properties"]["overlaps"]["items"])
    assert overlap["properties"]["relation"]["enum"] == ["overlap", "related"]
    decide = doc["paths"]["/events/{slug}/plans/{item_id}"]["patch"]
    assert decide["x-forum-role"] == "moderator" and "409" in decide["responses"]


@pytest.mark.parametrize("name", sorted(name for name, _ in operations(BEFORE)))
def test_each_operation_keeps_its_shape(doc, name):
    expected = extended_before(doc)
    now = dict(operations(doc))[name]
    before = dict(operations(expected))[name]
    assert operation_shape(doc, now) == operation_shape(expected, before)


def test_the_declared_extensions_are_narrow(doc):
    """Nothing is declared that did not happen, and the pinned document is still the one of issue 13."""
    touched = {name for name, *_rest in ADDED_PARAMETERS} | {name for name, *_rest in ADDED_VALUES} \
        | {name for name, _status in ADDED_FILE_TYPES} | {name for name, _status in EXTENDED_ERRORS}
    for name in touched:
        assert operation_shape(BEFORE, _operation(BEFORE, name)) != operation_shape(doc, _operation(doc, name))
    for schema, where, name in ADDED_PROPERTIES:
        assert name in _at(doc, schema, where)["properties"] and name not in _at(BEFORE, schema, where)["properties"]
    assert set(ADDED_SCHEMAS).isdisjoint(BEFORE["components"]["schemas"])


def test_the_same_named_schemas(doc):
    assert sorted(doc["components"]["schemas"]) == sorted([*BEFORE["components"]["schemas"], *ADDED_SCHEMAS])


def test_the_security_schemes_are_the_same(doc):
    assert doc["components"]["securitySchemes"] == BEFORE["components"]["securitySchemes"]
