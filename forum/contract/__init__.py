"""The API's declared contract: the request and answer shapes (shapes.py, pydantic models built from the
annotated kinds in fields.py) and the OpenAPI document generated from them with the route table
(document.py)."""
