"""Vietnamese alphabetical order as ASCII keys, and the text Quick find looks in."""

from __future__ import annotations

from desktop.contacts.collation import search_text, sort_key


def test_letters_then_tones_in_the_dictionarys_order_case_aside() -> None:
    tones = ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(reversed(tones), key=sort_key) == tones
    letters = ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "y"]
    assert sorted(reversed(letters), key=sort_key) == letters
    assert sort_key("NGUYỄN") == sort_key("nguyễn") and sort_key("an b") < sort_key("anh")  # word by word
    assert sort_key("Nguyễn 2") < sort_key("Nguyễn 10") and sort_key("  ") == "" and sort_key(None) == ""
    assert set(sort_key("Đỗ 中文 - x")) <= set("0123456789abcdefghijklmnopqrstuvwxyz")


def test_search_text_is_one_case_whatever_the_form() -> None:
    decomposed = "NGUYE\u0302\u0303N"  # Ễ as E, circumflex and tilde
    assert search_text("0912", decomposed) == "0912\nnguyễn" == search_text("0912", "Nguyễn")
