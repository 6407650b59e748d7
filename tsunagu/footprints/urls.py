from django.urls import path

from tsunagu.footprints import views

app_name = "footprints"

urlpatterns = [
    path("footprints/", views.footprints, name="mine"),
    path("footprints/left/", views.footprints_left, name="left"),
    path("footprints/left/<int:footprint_id>/delete/", views.footprint_delete, name="delete"),
    path("footprints/settings/", views.preference, name="preference"),
]
