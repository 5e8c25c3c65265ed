"""The FFI surface from Python: the real libhappylife_mobile.so through the
bindings uniffi generated from it, against the real gateway binary on
127.0.0.1. What a native shell does, a Python "shell" does here."""

import asyncio
import os
import re
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.environ["HAPPYLIFE_PY_BINDINGS"])
import happylife_mobile as hl  # noqa: E402

ELDER = "demo-elder-0001"


@pytest.fixture(scope="module")
def gateway():
    db = tempfile.mkdtemp(prefix="happylife-ffi-")
    proc = subprocess.Popen(
        [
            os.environ["HAPPYLIFE_SERVER_BIN"],
            "--database-url", f"sqlite://{db}/bank.db?mode=rwc",
            "--listen", "127.0.0.1:0",
            "--blocklist-size", "1000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    assert match, f"the gateway did not start: {line!r}"
    yield match.group(1)
    proc.terminate()
    proc.wait(timeout=10)


def run(coro):
    return asyncio.run(coro)


async def bound_phone(url):
    app = await hl.HappyLife.open(tempfile.mkdtemp(prefix="happylife-phone-"))
    await app.connect(url, ELDER)
    return app


class Prompter(hl.BiometricPrompter):
    """A shell's biometric prompt that answers as told."""

    def __init__(self, outcome):
        self.outcome = outcome
        self.reasons = []

    def authenticate(self, reason):
        self.reasons.append(reason)
        if self.outcome == "ok":
            return None
        if self.outcome == "crash":
            raise RuntimeError("the sensor driver fell over")
        raise self.outcome()


def test_accounts_cross_as_plain_records(gateway):
    async def go():
        app = await bound_phone(gateway)
        accounts = await app.accounts()
        assert [a.kind_message_id for a in accounts][0] == "account-kind-debit"
        for a in accounts:
            assert len(a.last4) == 4 and a.last4.isdigit()
            assert a.balance_text.lstrip("-").startswith("¥")
            assert isinstance(a.balance_fen, int)
        assert app.message(accounts[0].kind_message_id) == "借记卡"

    run(go())


def test_pin_login_opens_a_session_and_five_wrong_pins_lock(gateway):
    async def go():
        app = await bound_phone(gateway)
        assert await app.pin_is_set() is False
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_pin("123456")
        assert e.value.code == "pin_too_easy"
        assert "太容易" in app.message(e.value.message_id)
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_pin("12345")
        assert e.value.code == "pin_not_six_digits"

        await app.set_pin("583920")
        session = await app.login_with_pin("583920")
        assert session.expires_at > 0
        assert app.session_active()
        app.logout()
        assert not app.session_active()

        for left in [4, 3, 2, 1]:
            with pytest.raises(hl.MobileError.WrongPin) as e:
                await app.login_with_pin("583921")
            assert e.value.tries_left == left
            assert app.message(e.value.message_id) == "密码不对，请再试一次。"
        with pytest.raises(hl.MobileError.PinLocked) as e:
            await app.login_with_pin("583921")
        assert e.value.until > 0
        with pytest.raises(hl.MobileError.PinLocked):
            await app.login_with_pin("583920")
        assert not app.session_active()

    run(go())


def test_biometric_login_success_failure_cancel_and_change(gateway):
    async def go():
        app = await bound_phone(gateway)
        ok = Prompter("ok")
        await app.login_with_biometric(ok)
        assert app.session_active()
        assert ok.reasons == ["用指纹或面容登录幸福生活"]
        app.logout()

        with pytest.raises(hl.MobileError.BiometricCancelled) as e:
            await app.login_with_biometric(Prompter(hl.BiometricError.Cancelled))
        assert app.message(e.value.message_id) == "已取消。可以用密码登录。"
        with pytest.raises(hl.MobileError.BiometricRefused) as e:
            await app.login_with_biometric(Prompter(hl.BiometricError.Failed))
        assert e.value.code == "biometric_failed"
        with pytest.raises(hl.MobileError.BiometricRefused) as e:
            await app.login_with_biometric(Prompter(hl.BiometricError.EnrolmentChanged))
        assert e.value.code == "biometric_changed"
        # A prompt that breaks is a refusal, never a login.
        with pytest.raises(hl.MobileError.BiometricRefused) as e:
            await app.login_with_biometric(Prompter("crash"))
        assert e.value.code == "biometric_failed"
        assert not app.session_active()

    run(go())


def test_errors_cross_with_their_type_and_language(gateway):
    async def go():
        app = await hl.HappyLife.open(tempfile.mkdtemp(prefix="happylife-phone-"))
        await app.set_pin("583920")
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.login_with_pin("583920")
        assert e.value.code == "not_connected"
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.connect(gateway, "no-such-customer")
        assert e.value.code == "refused"
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_language("xx")
        assert e.value.code == "unknown_language"
        await app.set_language("en")
        assert app.message("error-pin-wrong") == "That PIN is not right. Please try again."

    run(go())
