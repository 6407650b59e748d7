from django.urls import path

from tsunagu.reactions import views

app_name = "reactions"

urlpatterns = [
    path("iine/<slug:kind>/<int:item_id>/", views.iine_add, name="add"),
    path("iine/<slug:kind>/<int:item_id>/withdraw/", views.iine_withdraw, name="withdraw"),
    path("iine/<slug:kind>/<int:item_id>/members/", views.reactors_list, name="list"),
]
