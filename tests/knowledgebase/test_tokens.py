from knowledgebase.tokens import query_tokens, token_text, tokens


def test_tokens_segment_chinese_without_spaces() -> None:
    assert tokens("转账失败") == ["转账", "失败"]


def test_tokens_drop_chinese_function_words() -> None:
    assert tokens("我的转账失败了怎么办") == ["转账", "失败"]


def test_tokens_keep_domain_words_whole() -> None:
    assert "到账" in tokens("收款未到账")
    assert "风控" in tokens("被风控取消的交易")


def test_tokens_stem_english_and_drop_stop_words() -> None:
    assert tokens("My transfers failed") == ["transfer", "fail"]
    assert tokens("refunds") == tokens("refund") == ["refund"]


def test_tokens_handle_mixed_languages() -> None:
    assert tokens("WeChat转账24小时") == ["wechat", "转账", "24", "小时"]


def test_token_text_is_padded_and_distinct() -> None:
    assert token_text("refund refunds", "退款 退款") == " refund 退款 "
    assert token_text("", "") == ""


def test_query_tokens_are_bounded() -> None:
    assert len(query_tokens(" ".join(f"word{n}" for n in range(100)))) == 24
