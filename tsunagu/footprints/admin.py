from django.contrib import admin

from tsunagu.footprints.models import Footprint, FootprintTotal


@admin.register(Footprint)
class FootprintAdmin(admin.ModelAdmin[Footprint]):
    list_display = ["owner", "visitor", "page", "visited_at"]
    list_filter = ["page"]
    raw_id_fields = ["owner", "visitor"]


@admin.register(FootprintTotal)
class FootprintTotalAdmin(admin.ModelAdmin[FootprintTotal]):
    list_display = ["owner", "count"]
    raw_id_fields = ["owner"]
