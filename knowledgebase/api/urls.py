from django.urls import path

from knowledgebase.api import views

app_name = "knowledgebase_api"

urlpatterns = [
    path("faq/search/", views.ArticleSearchApi.as_view(), name="faq_search"),
]
