"""This API's OpenAPI document, generated from the declared contract (forum/contract)."""
from flask import jsonify

from forum.api import bp


@bp.get("/openapi.json")
def openapi_document():
    # Imported here: the contract's document reads a limit from an API module (MAX_INPUT_BYTES).
    from forum.contract.document import document

    return jsonify(document())
