from django.urls import path

from indices import views

app_name = "indices"
urlpatterns = [
    path("", views.home, name="home"),
]
