"""`tsunagu compile_translations`: compile the .po files to .mo with polib, so no gettext tools are needed."""

from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand


def compiled_locales() -> list[tuple[Path, Path]]:
    """Each django.po under LOCALE_PATHS with the .mo it compiles to."""
    pairs = []
    for root in settings.LOCALE_PATHS:
        for po in sorted(Path(root).glob("*/LC_MESSAGES/django.po")):
            pairs.append((po, po.with_suffix(".mo")))
    return pairs


class Command(BaseCommand):
    help = "Compile tsunagu's translation catalogues (.po → .mo) with polib."

    def handle(self, *args: Any, **options: Any) -> None:
        for po, mo in compiled_locales():
            polib.pofile(str(po)).save_as_mofile(str(mo))
            self.stdout.write(f"compiled {mo.relative_to(settings.BASE_DIR)}")
