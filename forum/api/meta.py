"""This API's OpenAPI document, generated from the declared contract (forum/contract)."""
from flask import jsonify

from forum.api import bp


@bp.get("/openapi.json")
def openapi_document():
    # Imported here: the contract's shapes read limits from the API's modules (MAX_BATCH, MAX_INPUT_BYTES).
    from forum.contract.document import document

    return jsonify(document())
