"""The password policy: each weak password is refused with the reason, in Vietnamese
and English; passphrases pass."""
from __future__ import annotations

import pytest

from engine.domain.password_policy import password_problem

LOGIN, NAME = "thanhtra", "Huỳnh Thanh Tâm"
WEAK = [  # password, reason key, words of the Vietnamese reason
    ("12345678", "password.common", "mật khẩu phổ biến"),
    ("aaaaaaaa", "password.repeated", "lặp lại một ký tự"),
    ("        ", "password.repeated", "lặp lại một ký tự"),
    ("password", "password.common", "mật khẩu phổ biến"),
    ("chidao2025", "password.demo", "mật khẩu dùng chung của bản minh họa"),
    ("Chidao2025", "password.demo", "mật khẩu dùng chung của bản minh họa"),
    ("thanhtra", "password.is_login", "trùng với tên đăng nhập"),
    ("Huỳnh Thanh Tâm", "password.is_name", "họ tên của người dùng"),
    ("huynhthanhtam", "password.is_name", "họ tên của người dùng"),
    ("thanhtra2025", "password.has_personal", "tên đăng nhập hoặc họ tên"),
    ("abcdefgh", "password.sequence", "dãy liên tiếp"),
    ("qwertyuiop", "password.common", "mật khẩu phổ biến"),
    ("matkhau2025", "password.product_word", "từ «mật khẩu»"),
    ("ngan", "password.too_short", "ít nhất 8 ký tự"),
    ("x" * 201, "password.too_long", "tối đa 200 ký tự"),
]


@pytest.mark.parametrize("password,key,words", WEAK, ids=[repr(w[0][:20]) for w in WEAK])
def test_a_weak_password_is_refused_with_the_reason(password, key, words):
    problem = password_problem(password, login=LOGIN, name=NAME)
    assert problem is not None and problem.key == key
    assert words in problem.message("vi")
    assert problem.message("en") != problem.message("vi") and problem.message("en").endswith(".")


@pytest.mark.parametrize("password", ["trâu cày ruộng sớm mai", "Hoa-sen-nở-sớm-7", "mat-khau-thu",
                                      "Mùa nước nổi, cá linh về đầy sông, bông điên điển vàng rực hai bờ kênh xáng Vĩnh Tế"])
def test_a_strong_password_passes(password):
    assert password_problem(password, login=LOGIN, name=NAME) is None


def test_the_login_is_refused_whatever_its_case_and_marks():
    assert password_problem("Chuyenvien.KHCN", login="chuyenvien.khcn", name="Nguyễn Thị Lan").key == "password.is_login"
    assert password_problem("nguyễn thị lan", login="chuyenvien.khcn", name="Nguyễn Thị Lan").key == "password.is_name"
