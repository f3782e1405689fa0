from knowledgebase.formatting import body_html, plain_text


def test_body_html_renders_markdown_lists_tables_and_links() -> None:
    html = body_html(
        "1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[help](https://example.com)"
    )
    assert "<ol>" in html
    assert "<table>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">help</a>' in html


def test_body_html_removes_scripts_handlers_and_javascript_links() -> None:
    html = body_html(
        '<script>alert(1)</script><p onclick="steal()">hi</p>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        "\n\n[y](javascript:alert(2))"
    )
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onclick" not in html
    assert 'href="javascript' not in html
    assert ">x</a>" in html
    assert "<img" not in html
    assert "<p>hi</p>" in html


def test_plain_text_strips_tags() -> None:
    assert plain_text("<p>Hello <strong>there</strong></p>") == "Hello there"
