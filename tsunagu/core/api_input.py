"""Reading a write's body in the JSON API: JSON, or a form (multipart) with the same fields plus uploaded files.

Fields are checked against a ninja `Schema` either way, so a form answers with the same per-field errors
as JSON; files come back as bytes for the services (which re-encode and check them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import pydantic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Schema
from ninja.errors import HttpError, ValidationError

from tsunagu.core.errors import Invalid

S = TypeVar("S", bound=Schema)

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def too_many_files(field: str, most: int) -> Invalid:
    message = ngettext("Attach at most %(count)d photo.", "Attach at most %(count)d photos.", most) % {"count": most}
    return Invalid(message, fields={field: [message]})


def _form(
    request: HttpRequest, *, files_field: str, most: int, value: Callable[[str, str], Any]
) -> tuple[dict[str, Any], list[bytes], list[dict[str, Any]]]:
    """A form's fields, the bytes of its files `files_field`, and errors for anything else it carries."""
    try:
        fields = request.POST
        files = request.FILES
    except (TooManyFieldsSent, TooManyFilesSent):
        raise RequestDataTooBig from None
    except MultiPartParserError:
        raise Invalid(_("The form data could not be read.")) from None
    errors: list[dict[str, Any]] = [
        {"loc": (name,), "type": "extra_forbidden"} for name in files if name != files_field
    ]
    if files_field in fields:  # a text field where a file belongs
        errors.append({"loc": (files_field,), "type": "file_type"})
    data = {name: value(name, fields[name]) for name in fields if name != files_field}
    uploads = files.getlist(files_field)
    if len(uploads) > most:
        raise too_many_files(files_field, most)  # before reading any of them
    # One byte over the limit is enough for the image check to refuse the file as too large.
    return data, [upload.read(settings.PHOTO_MAX_UPLOAD_BYTES + 1) for upload in uploads], errors


def _json(request: HttpRequest) -> Any:
    if not request.body.strip():
        return {}
    try:
        return json.loads(request.body)
    except (ValueError, RecursionError):
        raise HttpError(400, "The request body is not valid JSON.") from None


def body_with_files(
    request: HttpRequest,
    schema: type[S],
    *,
    files_field: str,
    most: int,
    form_value: Callable[[str, str], Any] = lambda _name, value: value,
) -> tuple[S, list[bytes]]:
    """The request's fields checked against `schema`, from JSON or from a form, and the bytes of the form's
    files `files_field` (at most `most`; JSON carries none). `form_value` turns a form's text into the JSON
    value it stands for, where a field is not text."""
    errors: list[dict[str, Any]] = []
    files: list[bytes] = []
    if request.content_type in FORM_TYPES:
        data, files, errors = _form(request, files_field=files_field, most=most, value=form_value)
    else:
        data = _json(request)
        if not isinstance(data, dict):
            raise ValidationError([{"loc": (), "type": "dict_type"}])
    try:
        payload = schema.model_validate(data)
    except pydantic.ValidationError as error:
        details = error.errors(include_url=False, include_context=False, include_input=False)
        raise ValidationError([*(dict(detail) for detail in details), *errors]) from None
    if errors:
        raise ValidationError(errors)
    return payload, files


def openapi_body(schema: type[Schema], *, files_field: str, most: int, json_too: bool = True) -> dict[str, Any]:
    """The OpenAPI description of a body that comes as JSON (unless not `json_too`), or as a form with files
    `files_field`."""
    json_schema = schema.model_json_schema()
    file: dict[str, Any] = {"type": "string", "format": "binary"}
    form_schema = {
        "type": "object",
        "properties": {
            **json_schema.get("properties", {}),
            files_field: file if most == 1 else {"type": "array", "items": file, "maxItems": most},
        },
        "required": json_schema.get("required", []),
    }
    content: dict[str, Any] = {"multipart/form-data": {"schema": form_schema}}
    if json_too:
        content["application/json"] = {"schema": json_schema}
    return {"requestBody": {"required": True, "content": content}}
