"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms

from tsunagu.core.errors import ServiceError


def form_add_service_error(form: forms.Form, error: ServiceError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's errors on the form: per field where the form has the field, else at the top."""
    field_map = field_map or {}
    placed = False
    for name, messages in error.fields.items():
        target = field_map.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
