"""The served OpenAPI document keeps the shape of the contract as it was before issue 13
(tests/data/openapi_v1_before.json): the same paths, methods, parameters, answers' statuses, and, with
every $ref resolved, the same properties, types, required lists, enums and nullability. Descriptions
and examples may be reworded; anything a client relies on may not change."""
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
}
ADDED_SCHEMAS = {"PlanItem", "PlanItemList", "PlanImportPreview", "PlanImportResult", "PlanImportRefused",
                 "PlanImportUpload", "PlanDecision", "PlanConflictError", "PlanCeilings", "PlanCeilingsUpdate",
                 "ReferenceCodes", "ReferenceUpload", "ReferenceImportResult", "InputToPlan"}


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
    now = dict(operations(doc))[name]
    before = dict(operations(BEFORE))[name]
    assert operation_shape(doc, now) == operation_shape(BEFORE, before)


def test_the_same_named_schemas(doc):
    assert sorted(doc["components"]["schemas"]) == sorted([*BEFORE["components"]["schemas"], *ADDED_SCHEMAS])


def test_the_security_schemes_are_the_same(doc):
    assert doc["components"]["securitySchemes"] == BEFORE["components"]["securitySchemes"]
