from django.urls import path

app_name = "friends"

urlpatterns: list = []
