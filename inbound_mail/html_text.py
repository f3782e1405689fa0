"""HTML-only mail bodies as plain text (the standard library's parser, no scripts)."""

from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "hr",
    "pre",
    "ul",
    "ol",
}
_SKIPPED = {"script", "style", "head", "title"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        # Quoted history in Gmail, Outlook and Foxmail HTML: dropped with its content.
        self.quote_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = " ".join(value or "" for _name, value in attrs).lower()
        if tag in _SKIPPED:
            self.skipping += 1
        if self.quote_depth:
            if tag in {"div", "blockquote"}:
                self.quote_depth += 1
            return
        if tag in {"div", "blockquote"} and (
            "gmail_quote" in values
            or "divrplyfwdmsg" in values
            or "foxmail_quote" in values
            or ("type" in values and "cite" in values)
        ):
            self.quote_depth = 1
            return
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        if self.quote_depth and tag in {"div", "blockquote"}:
            self.quote_depth -= 1
            return
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, text: str) -> None:
        if not self.skipping and not self.quote_depth:
            self.parts.append(text)


def html_to_text(html: str) -> str:
    """The visible text of an HTML body, one line per block, quoted history left out."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
