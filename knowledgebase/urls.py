from django.urls import path

from knowledgebase import views

app_name = "knowledgebase"

urlpatterns = [
    path("", views.FaqIndexView.as_view(), name="faq_index"),
    path("search/", views.ArticleSearchView.as_view(), name="search"),
    path("suggest/", views.ArticleSuggestApi.as_view(), name="suggest"),
    path("deflect/", views.DeflectionCreateView.as_view(), name="deflect"),
    path(
        "category/<slug:slug>/",
        views.CategoryDetailView.as_view(),
        name="category_detail",
    ),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("<slug:slug>/vote/", views.ArticleVoteView.as_view(), name="article_vote"),
]
