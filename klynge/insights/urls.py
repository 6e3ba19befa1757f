from django.urls import path

from klynge.insights import views

app_name = "insights"
urlpatterns = [
    path("c/<str:code>/insights/", views.index, name="index"),
    path("c/<str:code>/population/", views.population_page, name="population"),
    path("c/<str:code>/population/attach/", views.attach, name="attach"),
    path("c/<str:code>/population/compare/", views.compare, name="compare"),
    path("c/<str:code>/population/municipalities/<str:municipality>/", views.population_page,
         name="municipality"),
    path("insights/views/<int:pk>/update/", views.update_citation, name="update_citation"),
    path("insights/views/<int:pk>/remove/", views.remove_citation, name="remove_citation"),
    path("insights/datasets/<int:pk>/", views.dataset, name="dataset"),
    path("insights/runs/<int:pk>/", views.run_page, name="run"),
    path("insights/runs/<int:pk>/again/", views.run_again, name="run_again"),
]
