"""Give every member a handle: existing members get one derived from their e-mail address."""

from django.db import migrations, models


def handles_derive(apps, schema_editor):  # type: ignore[no-untyped-def]
    import re

    Member = apps.get_model("accounts", "Member")
    taken: set[str] = set()
    for member in Member.objects.order_by("pk").only("pk", "email"):
        base = re.sub(r"[^a-z0-9_]+", "_", member.email.split("@")[0].lower()).strip("_")[:15]
        if len(base) < 3:
            base = f"member_{base}".strip("_")[:15]
        suffix = f"_{member.pk}"
        handle = base if base not in taken else base[: 20 - len(suffix)] + suffix
        taken.add(handle)
        Member.objects.filter(pk=member.pk).update(handle=handle)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="member", name="handle", field=models.CharField(max_length=20, null=True, verbose_name="handle")
        ),
        migrations.RunPython(handles_derive, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="member",
            name="handle",
            field=models.CharField(max_length=20, unique=True, verbose_name="handle"),
        ),
    ]
