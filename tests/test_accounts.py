"""Logins, sign-up, password reset and API tokens: limits that stop guessing without locking
anyone else out, shared by every worker, and tokens that end."""

import datetime
import ipaddress
import logging
import threading
import uuid

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection, connections
from django.test import RequestFactory
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SCHOOL = "192.0.2.10"
HOME = "198.51.100.7"
LOAD_BALANCER = "10.0.0.5"


def log_in(client, username, password=PASSWORD, address=SCHOOL, **headers):
    client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **headers)
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return logged_in


def fail(client, username, times, address=SCHOOL, **headers):
    for _ in range(times):
        assert not log_in(client, username, "wrong password", address, **headers)


# Failures count per account name and client address together ----------------------------------


def test_it_lets_everyone_log_in_after_fifty_failures_on_random_names_from_one_address(client, alice, bob):
    for _ in range(50):
        fail(client, f"nobody-{uuid.uuid4().hex[:8]}", 1)
    assert log_in(client, "bob", address=SCHOOL)
    assert log_in(client, "alice", address=HOME)


def test_it_locks_a_name_only_from_the_address_that_failed(client, bob, settings):
    fail(client, "bob", settings.LOGIN_FAILURE_LIMIT, address=SCHOOL)
    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD}, REMOTE_ADDR=SCHOOL)
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(client, "bob", address=HOME)


def test_it_lifts_the_lock_after_the_lockout_time(client, bob, settings, monkeypatch):
    fail(client, "bob", settings.LOGIN_FAILURE_LIMIT)
    assert not log_in(client, "bob")
    later = timezone.now() + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert log_in(client, "bob")


def test_it_refuses_an_address_that_failed_fifty_times_only_for_the_names_it_failed_on(client, alice, bob, charlie):
    for name in ["alice", "bob", *[f"guess-{i}" for i in range(8)]]:
        fail(client, name, 5)
    assert not log_in(client, "alice") and not log_in(client, "bob")
    assert log_in(client, "charlie")
    assert log_in(client, "alice", address=HOME)


def test_it_locks_a_name_everywhere_after_failures_from_many_networks(client, bob, settings):
    """Guessing spread over many networks is limited too: more networks than a pupil has."""
    networks = settings.LOGIN_ACCOUNT_FAILURE_LIMIT // settings.LOGIN_FAILURE_LIMIT
    for n in range(networks):
        fail(client, "bob", settings.LOGIN_FAILURE_LIMIT, address=f"203.0.113.{n}")
    assert not log_in(client, "bob", address=HOME)


def test_it_counts_a_whole_ipv6_64_network_as_one_client(client, bob, settings):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        fail(client, "bob", 1, address=f"2001:db8:1:2::{n + 1}")
    assert not log_in(client, "bob", address="2001:db8:1:2::99")
    assert log_in(client, "bob", address="2001:db8:1:3::1")


def test_it_limits_logins_with_the_cache_down(client, bob, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    fail(client, "bob", settings.LOGIN_FAILURE_LIMIT)
    assert not log_in(client, "bob")
    assert log_in(client, "bob", address=HOME)


@pytest.mark.django_db(transaction=True)
def test_it_adds_up_failures_made_through_different_database_connections(bob, settings):
    """Each thread has its own database connection, as each worker or machine does."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=SCHOOL)
    connections_used = []

    def guess(times):
        for _ in range(times):
            assert authenticate(request, username="bob", password="wrong") is None
        connections_used.append(connections["default"])
        connection.close()

    for times in (3, settings.LOGIN_FAILURE_LIMIT - 3):
        worker = threading.Thread(target=guess, args=(times,))
        worker.start()
        worker.join()
    assert connections_used[0] is not connections_used[1]
    assert authenticate(request, username="bob", password=PASSWORD) is None


@pytest.mark.django_db(transaction=True)
def test_it_lets_no_more_than_the_limit_through_when_guesses_race(bob, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database cannot take concurrent writers")
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=SCHOOL)
    passwords_checked = []
    check_password = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        passwords_checked.append(1)
        return check_password(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    start = threading.Barrier(12)

    def guess():
        start.wait()
        try:
            authenticate(request, username="bob", password="wrong")
        finally:
            connection.close()

    workers = [threading.Thread(target=guess) for _ in range(12)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(passwords_checked) == settings.LOGIN_FAILURE_LIMIT


def test_it_logs_each_lockout_without_the_password(client, bob, settings, caplog):
    fail(client, "bob", settings.LOGIN_FAILURE_LIMIT)
    with caplog.at_level(logging.WARNING, logger="debate.security"):
        assert not log_in(client, "bob", "my secret guess")
    [event] = [record for record in caplog.records if record.getMessage() == "login_locked_out"]
    assert event.address == SCHOOL and len(event.username_hash) == 16
    assert "bob" not in str(vars(event)) and "my secret guess" not in str(vars(event))


def test_it_limits_the_admin_login_and_says_why(client, alice, settings):
    alice.is_staff = True
    alice.save()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "alice", "password": "wrong"}, REMOTE_ADDR=SCHOOL)
    response = client.post("/admin/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR=SCHOOL)
    assert "Too many failed attempts" in response.content.decode()


# The client's address behind the load balancer ---------------------------------------------------


@pytest.fixture
def behind_load_balancer(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(LOAD_BALANCER), ipaddress.ip_network("10.1.0.0/16")]


def test_it_tells_clients_apart_behind_a_trusted_load_balancer(client, bob, settings, behind_load_balancer):
    fail(client, "bob", settings.LOGIN_FAILURE_LIMIT, address=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=SCHOOL)
    assert not log_in(client, "bob", address=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=SCHOOL)
    assert log_in(client, "bob", address=LOAD_BALANCER, HTTP_X_FORWARDED_FOR=HOME)


def test_it_ignores_a_forged_forwarded_address_from_an_untrusted_client(client, bob, settings, behind_load_balancer):
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        fail(client, "bob", 1, address=SCHOOL, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert not log_in(client, "bob", address=SCHOOL, HTTP_X_FORWARDED_FOR=HOME)


@pytest.mark.parametrize(
    ("remote", "forwarded", "client_is"),
    [
        (LOAD_BALANCER, "203.0.113.9", "203.0.113.9"),
        # The client may send its own X-Forwarded-For; the load balancer appends what it saw.
        (LOAD_BALANCER, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # Through two trusted proxies: the right-most address that is not a proxy.
        (LOAD_BALANCER, "6.6.6.6, 203.0.113.9, 10.1.2.3", "203.0.113.9"),
        (LOAD_BALANCER, "2001:db8::1", "2001:db8::1"),
        (LOAD_BALANCER, "", LOAD_BALANCER),
        (LOAD_BALANCER, "not an address", LOAD_BALANCER),
        (SCHOOL, "203.0.113.9", SCHOOL),
    ],
)
def test_it_finds_the_client_address(remote, forwarded, client_is, behind_load_balancer):
    from debate.core.addresses import client_address

    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client_is


# Password reset and sign-up are throttled --------------------------------------------------------


def ask_for_reset(client, email, address=SCHOOL):
    return client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)


def test_it_throttles_password_reset_mails_per_email_address(client, bob, settings):
    bob.email = "bob@example.org"
    bob.save()
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_EMAIL):
        assert ask_for_reset(client, "bob@example.org").status_code == 302
    sent = len(mail.outbox)
    response = ask_for_reset(client, "bob@example.org", address=HOME)
    assert response.status_code == 429 and "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == sent == settings.PASSWORD_RESET_LIMIT_PER_EMAIL


def test_it_throttles_password_resets_per_address(client, bob, settings):
    bob.email = "bob@example.org"
    bob.save()
    for n in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        assert ask_for_reset(client, f"someone-{n}@example.org").status_code == 302
    assert ask_for_reset(client, "bob@example.org").status_code == 429
    assert not mail.outbox
    assert ask_for_reset(client, "bob@example.org", address=HOME).status_code == 302
    assert len(mail.outbox) == 1


def sign_up(client, username, address=SCHOOL):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data, REMOTE_ADDR=address)


def test_it_throttles_sign_ups_per_address(client, settings):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 2
    for name in ["dana", "eve"]:
        assert sign_up(client, name).status_code == 302
        client.logout()
    response = sign_up(client, "frank")
    assert response.status_code == 429 and "Too many accounts" in response.content.decode()
    assert not User.objects.filter(username="frank").exists()
    assert sign_up(client, "frank", address=HOME).status_code == 302


# Look-alike usernames ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "imitation", ["\u0430lice", "ALICE", "Alice", "a1ice", "\uff41\uff4c\uff49\uff43\uff45", "\u0391LICE"]
)
def test_it_refuses_usernames_that_imitate_another(client, alice, imitation):
    response = sign_up(client, imitation)
    assert "looks too much like" in response.content.decode() or "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_it_accepts_usernames_that_only_share_letters(client, alice):
    assert sign_up(client, "alicia").status_code == 302
    assert User.objects.filter(username="alicia").exists()


def test_it_refuses_a_look_alike_username_in_the_admin(client, alice):
    admin = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    data = {"username": "\u0430lice", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    response = client.post("/admin/auth/user/add/", data)
    assert "looks too much like" in response.content.decode()
    assert not User.objects.filter(username="\u0430lice").exists()
    response = client.post(f"/admin/auth/user/{admin.pk}/change/", {"username": "ALICE"})
    assert "looks too much like" in response.content.decode()
    admin.refresh_from_db()
    assert admin.username == "root"


# API tokens ----------------------------------------------------------------------------------------


def obtain_token(client, username="bob", password=PASSWORD):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def can_use(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/proposals/").status_code == 200


def test_it_issues_expiring_tokens_stored_only_as_digests(bob):
    from debate.accounts.models import ApiToken

    response = obtain_token(APIClient())
    assert response.status_code == 200
    key, expiry = response.json()["token"], datetime.datetime.fromisoformat(response.json()["expiry"])
    assert abs(expiry - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    assert can_use(key)
    stored = ApiToken.objects.get()
    assert key not in {stored.digest, stored.token_key, stored.password_fingerprint}


def test_it_refuses_an_expired_token(bob, monkeypatch):
    key = obtain_token(APIClient()).json()["token"]
    later = timezone.now() + datetime.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert not can_use(key)


def test_it_revokes_one_token_or_all_of_them_on_logout(bob):
    first, second, third = (obtain_token(APIClient()).json()["token"] for _ in range(3))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert not can_use(first) and can_use(second) and can_use(third)
    client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert client.post("/api/v1/auth/logout-all/").status_code == 204
    assert not can_use(second) and not can_use(third)


def change_with_form(client, user):
    client.force_login(user)
    data = {"old_password": PASSWORD, "new_password1": "another-Strong-pass1", "new_password2": "another-Strong-pass1"}
    assert client.post("/accounts/password/change/", data).status_code == 302


def change_by_reset(client, user):
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    form_url = client.get(f"/accounts/password/reset/{uid}/{token}/")["Location"]
    data = {"new_password1": "another-Strong-pass1", "new_password2": "another-Strong-pass1"}
    assert client.post(form_url, data).status_code == 302


def change_in_admin(client, user):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    data = {"password1": "another-Strong-pass1", "password2": "another-Strong-pass1", "usable_password": "true"}
    assert client.post(f"/admin/auth/user/{user.pk}/password/", data).status_code == 302


def change_in_a_shell(client, user):
    user.set_password("another-Strong-pass1")
    user.save()


@pytest.mark.parametrize("change", [change_with_form, change_by_reset, change_in_admin, change_in_a_shell])
def test_it_revokes_tokens_when_the_password_changes(client, bob, change):
    key = obtain_token(APIClient()).json()["token"]
    change(client, User.objects.get(pk=bob.pk))
    assert not can_use(key)
    assert can_use(obtain_token(APIClient(), password="another-Strong-pass1").json()["token"])


@pytest.mark.parametrize("header", ["Token \x00abc", "Token caf\xe9", "Token " + "g" * 64, "Token"])
def test_it_refuses_malformed_tokens_without_a_server_error(header):
    assert APIClient().get("/api/v1/proposals/", HTTP_AUTHORIZATION=header).status_code in (401, 403)


def test_it_rate_limits_token_logins_per_address(bob, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert obtain_token(APIClient(REMOTE_ADDR=SCHOOL), password="wrong").status_code == 400
    assert obtain_token(APIClient(REMOTE_ADDR=SCHOOL)).status_code == 429
    assert obtain_token(APIClient(REMOTE_ADDR=HOME)).status_code == 200


def test_it_keeps_tokens_and_login_counters_out_of_backups(client, bob):
    from debate.interchange.services import backup

    obtain_token(APIClient())
    fail(client, "bob", 1)
    text = backup()
    assert "accounts.apitoken" not in text and "accounts.attemptcounter" not in text
    assert "authtoken" not in text
