"""Signing in and out, CSRF on the login form, the login rate limit."""


def test_login_required_redirects_to_login(browser):
    response = browser.get("/")
    assert response.status_code == 302
    assert "/login" in response.location


def test_login_and_inbox(browser):
    response = browser.login("cv.khcn")
    assert response.status_code == 302
    page = browser.get("/")
    assert page.status_code == 200
    assert "Việc cần làm" in page.get_data(as_text=True)


def test_wrong_password_is_refused_in_vietnamese(browser):
    response = browser.login("cv.khcn", "sai")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_rejected(browser):
    response = browser.client.post("/login", data={"login": "cv.khcn", "password": "x"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_login_attempts_are_rate_limited(browser):
    for _ in range(5):
        assert browser.login("cv.khcn", "sai").status_code == 401
    response = browser.login("cv.khcn")          # even the right password waits now
    assert response.status_code == 429
    assert "thử lại sau" in response.get_data(as_text=True)
