"""The FFI surface from Python: the real libhappylife_mobile.so through the
bindings uniffi generated from it, against the real gateway binary on
127.0.0.1. What a native shell does, a Python "shell" does here:

- its keystore is the Linux kernel's (keyutils): `cargo xtask test` runs
  this in a session keyring of its own;
- its biometric hardware is a P-256 key (the `cryptography` package) that
  only signs when "the owner" touches the sensor;
- its microphone and recogniser are espeak-ng reading the prompt's digits
  into a WAV file (and sox adding noise), and the text it read.
"""

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import wave

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

sys.path.insert(0, os.environ["HAPPYLIFE_PY_BINDINGS"])
import happylife_mobile as hl  # noqa: E402

ELDER = "demo-elder-0001"
DAUGHTER = "demo-daughter-0001"
PIN = "583920"


def start_gateway():
    db = tempfile.mkdtemp(prefix="happylife-ffi-")
    proc = subprocess.Popen(
        [
            os.environ["HAPPYLIFE_SERVER_BIN"],
            "--sandbox",
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
    return match.group(1), proc


@pytest.fixture(scope="module")
def gateway():
    url, proc = start_gateway()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def own_gateway():
    """A bank of its own, for a test that locks the demo elder's PIN there
    (the bank keeps the lock, so other tests could not log in)."""
    url, proc = start_gateway()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def run(coro):
    return asyncio.run(coro)


def sandbox(url, path):
    """A sandbox bank's tester endpoint (what the customer's own phone
    and memory would tell)."""
    with urllib.request.urlopen(url + path) as r:
        return json.load(r)


def id_number(url, customer=ELDER):
    return sandbox(url, f"/v1/sandbox/customers/{customer}")["id_number"]


def last_sms_code(url, customer=ELDER):
    body = sandbox(url, f"/v1/sandbox/sms?customer_id={customer}")["messages"][0]["body"]
    return re.search(r"(?<!\d)\d{6}(?!\d)", body).group(0), body


async def bound_phone(url, customer=ELDER, login=True):
    """A new phone of `customer`, bound with the SMS code, and (unless
    `login` is false) logged in with the PIN she has at the bank (the demo
    customers' is the sandbox's demo PIN)."""
    app = await hl.HappyLife.open(tempfile.mkdtemp(prefix="happylife-phone-"))
    sent = await app.request_bind_code(url, id_number(url, customer))
    code, _ = last_sms_code(url, customer)
    await app.bind(url, sent.code_id, code, "Python phone")
    if login:
        assert await app.bank_has_pin() is True
        await app.login_with_pin(PIN)
    return app


async def logged_in_phone(url):
    return await bound_phone(url)


# --- the shell's biometric hardware -----------------------------------------


class Hardware(hl.BiometricPrompter):
    """A P-256 key only the owner's touch unlocks, as Android Keystore or the
    Secure Enclave keeps one."""

    def __init__(self):
        self.key = None
        self.act = "owner"
        self.reasons = []

    def create_key(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        return self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def sign(self, reason, message):
        self.reasons.append(reason)
        if self.act == "cancel":
            raise hl.BiometricError.Cancelled()
        if self.act == "not-me":
            raise hl.BiometricError.Failed()
        if self.act == "new-fingerprint":
            self.key = None
            raise hl.BiometricError.EnrolmentChanged()
        if self.act == "crash":
            raise RuntimeError("the sensor driver fell over")
        if self.act == "says-yes":
            # A tampered shell: "recognised", signed with a key of its own.
            rogue = ec.generate_private_key(ec.SECP256R1())
            return rogue.sign(bytes(message), ec.ECDSA(hashes.SHA256()))
        return self.key.sign(bytes(message), ec.ECDSA(hashes.SHA256()))


# --- the shell's microphone and recogniser ----------------------------------

HER = ("zac", 50)
STRANGER = ("m2", 41)


def espeak_wav(voice, digits, speed, noise):
    variant, pitch = voice
    d = tempfile.mkdtemp(prefix="happylife-voice-")
    clean, noisy = f"{d}/clean.wav", f"{d}/noisy.wav"
    subprocess.run(
        ["espeak-ng", "-v", f"cmn+{variant}", "-p", str(pitch), "-s", str(speed),
         "-w", clean, " ".join(digits)],
        check=True,
    )
    subprocess.run(
        ["sox", "-m", clean, f"|sox {clean} -p synth whitenoise vol {noise}", noisy],
        check=True,
    )
    with wave.open(noisy) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        return w.readframes(w.getnframes()), w.getframerate()


class Microphone(hl.VoiceCapture):
    """Whoever holds the phone reads the prompt; the recogniser hears the
    digits they read."""

    def __init__(self, voice=HER, noise=0.003):
        self.voice = voice
        self.noise = noise
        self.prompts = []
        self.recordings = []
        self.replay = None
        self.say_instead = None
        self.cancel = False

    def capture(self, prompt):
        self.prompts.append(prompt)
        if self.cancel:
            raise hl.VoiceCaptureError.Cancelled()
        if self.replay is not None:
            return self.replay
        assert prompt.language == "zh-CN"
        digits = self.say_instead or prompt.digits
        pcm, rate = espeak_wav(self.voice, digits, 150 + len(self.prompts) % 5, self.noise)
        rec = hl.VoiceRecording(pcm=pcm, sample_rate=rate, recognised_text=" ".join(digits))
        self.recordings.append(rec)
        return rec


async def enrol_her(app):
    """She enrols with her voice; when the app says her three takes do not
    agree (rare: the digits are new each time), she records them again, as
    it asks. Returns the microphone that was heard."""
    for _ in range(3):
        mic = Microphone()
        try:
            await app.enrol_voiceprint(mic, True)
            return mic
        except hl.MobileError.VoiceRefused as e:
            if e.code != "voice_inconsistent":
                raise
    raise AssertionError("three enrolments of hers in a row did not agree")


async def voice_login(app, mic, tries=3):
    """She logs in by voice, trying again when not recognised (as she
    would: the baseline voiceprint turns down some of her tries)."""
    for _ in range(tries):
        try:
            return await app.login_with_voiceprint(mic)
        except hl.MobileError.VoiceRefused as e:
            if e.code != "voice_not_recognised":
                raise
    raise AssertionError("her voice was refused every time")


# --- tests -------------------------------------------------------------------


def test_a_phone_is_bound_with_the_code_the_bank_sent_and_keeps_its_keys_in_the_keyring(gateway):
    async def go():
        data = tempfile.mkdtemp(prefix="happylife-phone-")
        app = await hl.HappyLife.open(data)
        assert await app.is_bound() is False
        real = id_number(gateway)
        slip = real[:17] + ("1" if real[17] != "1" else "2")
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.request_bind_code(gateway, slip)
        assert e.value.code == "id_number_check"
        assert "一位不对" in app.message(e.value.message_id)
        sent = await app.request_bind_code(gateway, real)
        assert sent.phone_masked == "138****6688"
        code, body = last_sms_code(gateway)
        assert "银行工作人员不会向您要验证码" in body
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        with pytest.raises(hl.MobileError.WrongCode) as e:
            await app.bind(gateway, sent.code_id, wrong, "Python phone")
        assert e.value.tries_left == 4
        await app.bind(gateway, sent.code_id, f"{code[:3]} {code[3:]}", "Python phone")
        assert await app.is_bound()
        # Nothing of hers before her PIN.
        assert await app.accounts() == []
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.sync()
        assert e.value.code == "login_needed"
        await app.login_with_pin(PIN)
        accounts = await app.accounts()
        assert [a.kind_message_id for a in accounts][0] == "account-kind-debit"
        for a in accounts:
            assert len(a.last4) == 4 and a.last4.isdigit()
            assert a.balance_text.lstrip("-").startswith("¥")
        # The database is encrypted; its key is in the kernel keyring, not
        # in the data folder.
        with open(f"{data}/companion.db", "rb") as f:
            assert f.read(16) != b"SQLite format 3\x00"
        assert not os.path.exists(f"{data}/sandbox-keystore.json")
        keys = subprocess.run(["keyctl", "show", "@s"], capture_output=True, text=True).stdout
        assert "keyring:database-key/" in keys and "@cn.happylife.companion" in keys, keys
        # Opened again (the app restarted): the same data, with its key.
        again = await hl.HappyLife.open(data)
        assert await again.is_bound()
        assert len(await again.accounts()) == len(accounts)

    run(go())


def test_pin_login_opens_a_session_and_five_wrong_pins_lock(own_gateway):
    gateway = own_gateway

    async def go():
        app = await bound_phone(gateway, login=False)
        assert await app.pin_is_set() is False
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_pin("123456")
        assert e.value.code == "pin_too_easy"
        assert "太容易" in app.message(e.value.message_id)
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_pin("12345")
        assert e.value.code == "pin_not_six_digits"

        # A PIN is set at the bank: a new phone cannot replace it.
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_pin("770412")
        assert e.value.code == "pin_old_needed"
        started = time.monotonic()
        session = await app.login_with_pin(PIN)
        assert await app.pin_is_set() is True
        assert time.monotonic() - started < 10
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
            await app.login_with_pin(PIN)
        assert not app.session_active()

    run(go())


def test_biometric_login_is_the_hardware_keys_signature_not_a_yes(gateway):
    async def go():
        app = await bound_phone(gateway, login=False)
        hw = Hardware()
        assert await app.biometric_login() == hl.BiometricLogin.OFF
        with pytest.raises(hl.MobileError.BiometricRefused) as e:
            await app.login_with_biometric(hw)
        assert e.value.code == "biometric_off"
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.enable_biometric(hw)
        assert e.value.code == "login_needed"
        await app.login_with_pin(PIN)
        await app.enable_biometric(hw)
        assert await app.biometric_login() == hl.BiometricLogin.ON
        app.logout()

        await app.login_with_biometric(hw)
        assert app.session_active()
        assert hw.reasons[-1] == "用指纹或面容登录幸福生活"
        app.logout()

        hw.act = "cancel"
        with pytest.raises(hl.MobileError.BiometricCancelled) as e:
            await app.login_with_biometric(hw)
        assert app.message(e.value.message_id) == "已取消。可以用密码登录。"
        for act, code in [("not-me", "biometric_failed"), ("says-yes", "biometric_failed"),
                          ("crash", "biometric_failed")]:
            hw.act = act
            with pytest.raises(hl.MobileError.BiometricRefused) as e:
                await app.login_with_biometric(hw)
            assert e.value.code == code, act
        assert not app.session_active()

        # A new fingerprint on the phone: paused until the PIN, then on
        # again with a new key.
        hw.act = "new-fingerprint"
        with pytest.raises(hl.MobileError.BiometricRefused) as e:
            await app.login_with_biometric(hw)
        assert e.value.code == "biometric_changed"
        assert await app.biometric_login() == hl.BiometricLogin.PAUSED
        hw.act = "owner"
        with pytest.raises(hl.MobileError.BiometricRefused) as e:
            await app.login_with_biometric(hw)
        assert e.value.code == "biometric_paused"
        await app.login_with_pin(PIN)
        await app.enable_biometric(hw)
        app.logout()
        await app.login_with_biometric(hw)
        assert app.session_active()

    run(go())


def test_voiceprint_takes_her_voice_reading_the_new_digits_and_nothing_else(gateway):
    async def go():
        app = await logged_in_phone(gateway)
        mic = Microphone()
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.enrol_voiceprint(mic, False)
        assert e.value.code == "voiceprint_consent_needed"
        assert "不保存录音" in app.message(e.value.message_id)
        mic = await enrol_her(app)
        assert [p.step for p in mic.prompts] == [1, 2, 3]
        assert all(p.steps == 3 for p in mic.prompts)
        assert mic.prompts[0].text.startswith("请读出这串数字：")
        assert len({p.digits for p in mic.prompts}) == 3, "a new prompt each time"
        assert await app.voiceprint_login() == hl.VoiceprintLogin.ON
        app.logout()

        await voice_login(app, mic)
        assert app.session_active()
        app.logout()

        # Someone else reading the right digits.
        stranger = Microphone(voice=STRANGER)
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.login_with_voiceprint(stranger)
        assert e.value.code == "voice_not_recognised"
        assert e.value.tries_left == 4
        # Her old recording, played to the phone: the digits are old.
        mic.replay = mic.recordings[-1]
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.login_with_voiceprint(mic)
        assert e.value.code == "voice_wrong_digits"
        # The same recording, with a recogniser made to say the new digits.
        class Forger(hl.VoiceCapture):
            def capture(self, prompt):
                old = mic.recordings[-1]
                return hl.VoiceRecording(pcm=old.pcm, sample_rate=old.sample_rate,
                                         recognised_text=prompt.digits)
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.login_with_voiceprint(Forger())
        assert e.value.code == "voice_replayed"
        # A noisy room is told so, and does not count.
        noisy = Microphone(noise=0.4)
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.login_with_voiceprint(noisy)
        assert e.value.code in ("voice_too_noisy", "voice_clipped")
        # Half a sample is not a recording; a phone with no recogniser says so.
        class Broken(hl.VoiceCapture):
            def __init__(self, fault):
                self.fault = fault
            def capture(self, prompt):
                if self.fault == "odd":
                    return hl.VoiceRecording(pcm=b"\x01\x02\x03", sample_rate=16000,
                                             recognised_text=prompt.digits)
                raise hl.VoiceCaptureError.RecogniserUnavailable()
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.login_with_voiceprint(Broken("odd"))
        assert e.value.code == "voice_sample_rate"
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.login_with_voiceprint(Broken("no recogniser"))
        assert e.value.code == "recogniser_unavailable"
        assert "不能识别语音" in app.message(e.value.message_id)
        # Stopping the recording is not a failure either.
        mic.replay = None
        mic.cancel = True
        with pytest.raises(hl.MobileError.VoiceCancelled):
            await app.login_with_voiceprint(mic)
        mic.cancel = False
        assert not app.session_active()
        await voice_login(app, mic)
        app.logout()
        await app.delete_voiceprint()
        assert await app.voiceprint_login() == hl.VoiceprintLogin.OFF

    run(go())


def test_the_shells_voice_model_is_checked_and_without_one_no_voiceprint_is_offered(gateway):
    """The shell hands the library the speaker encoder's weights it
    bundles; a damaged file is refused in words, and a phone with no model
    offers no voiceprint (and says why) while the PIN works as before."""
    async def go():
        app = await logged_in_phone(gateway)
        damaged = os.path.join(tempfile.mkdtemp(prefix="happylife-model-"), "pretrained.pt")
        with open(damaged, "wb") as f:
            f.write(b"\x80\x02 not the weights")
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.set_voice_model(damaged)
        assert e.value.code == "voiceprint_model_unavailable"
        assert "密码或指纹" in app.message(e.value.message_id)
        # No model anywhere (the tests' fallback taken away too).
        bundled = os.environ.pop("HAPPYLIFE_VOICE_MODEL")
        try:
            assert await app.voiceprint_login() == hl.VoiceprintLogin.UNAVAILABLE
            with pytest.raises(hl.MobileError.VoiceRefused) as e:
                await app.enrol_voiceprint(Microphone(), True)
            assert e.value.code == "voiceprint_model_unavailable"
        finally:
            os.environ["HAPPYLIFE_VOICE_MODEL"] = bundled
        # The bundled weights: offered, and her voice enrols.
        await app.set_voice_model(bundled)
        assert await app.voiceprint_login() == hl.VoiceprintLogin.OFF
        await enrol_her(app)
        assert await app.voiceprint_login() == hl.VoiceprintLogin.ON

    run(go())


def test_a_forgotten_pin_needs_her_voice_her_id_number_and_the_sms_code(own_gateway):
    gateway = own_gateway

    async def go():
        app = await logged_in_phone(gateway)
        mic = await enrol_her(app)
        app.logout()
        for _ in range(5):
            with pytest.raises((hl.MobileError.WrongPin, hl.MobileError.PinLocked)):
                await app.login_with_pin("111119")
        sent = await app.request_pin_reset_code(id_number(gateway))
        code, body = last_sms_code(gateway)
        assert "重设" in body
        with pytest.raises(hl.MobileError.VoiceRefused) as e:
            await app.reset_pin(sent.code_id, code, "204913", Microphone(voice=STRANGER))
        assert e.value.code == "voice_not_recognised"
        for _ in range(3):
            try:
                await app.reset_pin(sent.code_id, code, "204913", mic)
                break
            except hl.MobileError.VoiceRefused as e:
                assert e.code == "voice_not_recognised"
        await app.login_with_pin("204913")
        assert app.session_active()

    run(go())


class Phone(hl.CallState):
    def __init__(self):
        self.calling = False
        self.hung_up = 0

    def in_call(self):
        return self.calling

    def screen_shared(self):
        return False

    def hang_up(self):
        self.hung_up += 1
        self.calling = False
        return True


def test_a_call_from_a_listed_number_is_named_offline_and_an_unlisted_one_is_not(gateway):
    async def go():
        app = await logged_in_phone(gateway)
        app.set_call_state(Phone())
        # 来电预警: the shell reports the ringing number; the list on the
        # phone answers, without the bank.
        assert await app.incoming_call("+86 170 0000 1234") == "police_impersonation"
        assert await app.incoming_call("13512345678") is None
        assert await app.incoming_call("not a number") is None
        app.call_ended()

    run(go())


class Accelerometer(hl.ShakeDetector):
    def __init__(self):
        self.listener = None
        self.stopped = 0

    def start(self, listener):
        self.listener = listener

    def stop(self):
        self.stopped += 1


def test_the_shells_signals_calls_shakes_and_the_background(gateway):
    async def go():
        app = await logged_in_phone(gateway)
        phone = Phone()
        app.set_call_state(phone)
        phone.calling = True
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.enable_biometric(Hardware())
        assert e.value.code == "on_call"
        assert "挂断电话" in app.message(e.value.message_id)
        phone.calling = False
        await app.enable_biometric(Hardware())

        shaker = Accelerometer()
        app.set_shake_to_talk(shaker, True)
        assert shaker.listener.on_shake() is True, "a shake opens the voice assistant"
        assert shaker.listener.on_shake() is False, "one long shake counts once"
        app.set_shake_to_talk(shaker, False)
        assert shaker.stopped == 1

        app.went_to_background()
        assert app.came_to_foreground() is False, "back at once: still logged in"
        assert app.session_active()

    run(go())


def http(url, path, body=None, token=None):
    """A raw request to the bank, as another phone of the family would make."""
    req = urllib.request.Request(
        url + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json",
                 **({"authorization": f"Bearer {token}"} if token else {})},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def other_phone(url, customer):
    """Another phone of `customer`, bound and logged in with the sandbox's
    demo PIN by the `happylife sandbox-login` tester tool (the PIN login is
    OPAQUE, which the tool does with the real core): its session token."""
    out = subprocess.run(
        [os.environ["HAPPYLIFE_CLI_BIN"], "sandbox-login", "--server", url, "--customer", customer],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)["session"]


class Tray(hl.Notifier):
    def __init__(self):
        self.shown = []

    def notify(self, notification):
        self.shown.append(notification)


def test_family_alerts_reach_the_shells_notifier(gateway):
    async def go():
        daughter = await bound_phone(gateway, DAUGHTER)
        tray = Tray()
        daughter.set_notifier(tray)
        # Her mother invites her from her own phone and agrees.
        mother = other_phone(gateway, ELDER)
        code = http(gateway, "/v1/family/invites", {"role": "viewer"}, mother)["invite"]["code"]
        link = http(gateway, "/v1/family/invites/accept", {"code": code}, other_phone(gateway, DAUGHTER))
        http(gateway, f"/v1/family/links/{link['link']['id']}/consent", {"approve": True}, mother)
        await daughter.sync()
        assert tray.shown == []
        # A new phone on her mother's account: the daughter is told.
        other_phone(gateway, ELDER)
        await daughter.sync()
        assert [n.kind for n in tray.shown] == ["new_device"]
        assert tray.shown[0].id > 0 and tray.shown[0].urgent is False
        assert tray.shown[0].text == "王秀兰 的账户在一台新手机上登录了"
        await daughter.sync()
        assert len(tray.shown) == 1, "each alert once"

    run(go())


def test_errors_cross_with_their_type_and_language(gateway):
    async def go():
        app = await hl.HappyLife.open(tempfile.mkdtemp(prefix="happylife-phone-"))
        await app.set_pin(PIN)
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.login_with_pin(PIN)
        assert e.value.code == "not_connected"
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.bind(gateway, 1, "12345", "phone")
        assert e.value.code == "code_format"
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.set_language("xx")
        assert e.value.code == "unknown_language"
        await app.set_language("en")
        assert app.message("error-pin-wrong") == "That PIN is not right. Please try again."
        # Before there is an app to ask (opening failed), the sentence is
        # still there, in the phone's language.
        assert hl.message_for("error-keystore", "zh-HK").startswith("手機的安全儲存")
        assert hl.message_for("error-keystore", "xx") == hl.message_for("error-keystore", "zh-CN")

    run(go())


class Voice(hl.Speaker):
    """The shell's text-to-speech: here it only keeps what it was given."""

    def __init__(self):
        self.said = []

    def speak(self, text, language, rate, volume):
        self.said.append((text, language))
        self.style = (rate, volume)


def test_the_assistant_understands_her_and_the_shell_speaks_the_answer(gateway):
    async def go():
        app = await logged_in_phone(gateway)
        await app.sync()
        turn = await app.understand("嗯，帮我给女儿转五百块")
        assert turn.intent == "transfer"
        assert json.loads(turn.slots_json) == {"payee": "女儿", "amount_fen": 50000}
        assert turn.payee_id is not None
        assert turn.needs_yes and not turn.asks
        assert turn.say.startswith("给女儿 李娜转账 ¥500.00，对吗？")
        # A question, then her answer read with what she said first.
        turn = await app.understand("给孙子转点钱")
        assert turn.asks and turn.say == "要转多少钱？"
        turn = await app.understand_reply("给孙子转点钱", "两百")
        assert turn.intent == "transfer" and not turn.asks
        assert json.loads(turn.slots_json)["amount_fen"] == 20000
        # Not understood: a plain question, never a guess.
        turn = await app.understand("今天天气怎么样")
        assert turn.intent == "unknown" and turn.asks
        # Nothing heard: asked again in plain words.
        turn = await app.understand("   ")
        assert turn.asks and turn.say.startswith("没听明白")
        # Runaway text from the recogniser is a typed error, not a guess.
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.understand("转账" * 400)
        assert e.value.code == "text_too_long"
        assert app.message(e.value.message_id) == "这句话太长了，请说短一点。"
        # The home screen read aloud through the shell's voice, in her
        # language, with her name.
        voice = Voice()
        assert app.language() == "zh-CN"
        # The shell's own sentences for its recogniser, in her language.
        assert app.message("voice-listening") == "我在听，请说。"
        script = await app.read_home_aloud(voice)
        assert voice.said == [(script, "zh-CN")]
        # At her pace and loudness: the usual until she asks otherwise.
        assert voice.style == (pytest.approx(1.0), pytest.approx(0.8))
        assert "王秀兰" in script
        await app.set_language("en")
        assert app.language() == "en"
        script = await app.read_home_aloud(voice)
        assert voice.said[-1] == (script, "en")
        assert script.startswith("This is the home page. Good ") and "王秀兰" in script

    run(go())


def test_a_spoken_complaint_waits_offline_and_reminders_reach_the_shell(gateway):
    async def go():
        app = await bound_phone(gateway)
        await app.sync()
        # What the shell's recogniser heard her say, filed as her complaint.
        heard = "取款机吞了我的卡，柜台让我等三天"
        await app.file_complaint("service", heard)
        for bad in [("service", "   "), ("nonsense", heard), ("app", "x" * 2001), ("app", "a\u0007b")]:
            with pytest.raises(hl.MobileError.Failed) as e:
                await app.file_complaint(*bad)
            assert e.value.code == "invalid_complaint", bad
            assert "1 到 2000" in app.message(e.value.message_id)
        first = (await app.complaints())[0]
        assert (first.text, first.status, first.reply) == (heard, "waiting", None)
        await app.sync()
        assert (await app.complaints())[0].status == "received"
        assert len(await app.complaints()) == 1, "the refused ones were never kept"

        reminders = await app.reminders()
        kinds = {r.kind for r in reminders}
        assert {"bill_due", "card_due", "deposit_matures", "id_expiring", "pension_credited"} <= kinds, kinds
        gas = next(r for r in reminders if "燃气费" in r.text)
        assert re.fullmatch(r"燃气费 ¥65\.00 请在 \d{1,2}月\d{1,2}日 前交。", gas.text), gas.text
        await app.set_language("en")
        assert any(r.text.startswith("Gas bill ¥65.00") for r in await app.reminders())
        await app.put_away_reminder(gas.key)
        assert gas.key not in {r.key for r in await app.reminders()}

    run(go())


def test_the_shell_sets_the_banks_pins_and_bad_ones_are_refused_in_plain_words(gateway):
    with pytest.raises(hl.MobileError.Failed) as e:
        hl.set_bank_certificate_pins(["not a pin"], [])
    assert e.value.code == "bad_pin"
    assert "重新安装" in hl.message_for(e.value.message_id, "zh-CN")
    with pytest.raises(hl.MobileError.Failed) as e:
        hl.set_bank_certificate_pins([], [b"not a certificate"])
    assert e.value.code == "bad_root"

    async def go():
        # A pin (the SHA-256 of nothing, base64) for https; the sandbox on
        # this machine speaks plain HTTP, which pins do not touch.
        hl.set_bank_certificate_pins(["sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="], [])
        try:
            app = await bound_phone(gateway)
            await app.sync()
        finally:
            hl.set_bank_certificate_pins([], [])

    run(go())


def test_the_library_serves_the_ui_to_the_shells_webview_with_a_secret(gateway):
    async def go():
        app = await hl.HappyLife.open(tempfile.mkdtemp(prefix="happylife-phone-"))
        # Plain HTTP to another machine could be read on the way: refused
        # before anything is served.
        with pytest.raises(hl.MobileError.Failed) as e:
            await app.start_ui("http://bank.example")
        assert e.value.code == "insecure_connection"
        url = await app.start_ui(gateway)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?s=[0-9a-f]{64}", url), url
        assert await app.start_ui(gateway) == url, "served once"
        with urllib.request.urlopen(url, timeout=10) as page:
            body = page.read().decode()
        assert "幸福生活" in body and "/ws?s=" in body
        bare = url.split("?")[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bare, timeout=10)
        assert refused.value.code == 403
        await app.stop_ui()
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(url, timeout=10)
        # And again after a stop (the shell's activity came back).
        again = await app.start_ui(gateway)
        assert again != url
        await app.stop_ui()

    run(go())


def test_a_shells_test_can_freeze_the_phones_clock_and_a_bad_time_is_refused_in_words():
    async def go():
        data = tempfile.mkdtemp(prefix="happylife-phone-")
        with pytest.raises(hl.MobileError.Failed) as e:
            await hl.HappyLife.open_with_clock(data, "tomorrow at nine")
        assert e.value.code == "invalid_clock"
        app = await hl.HappyLife.open(data)
        assert "2026-11-25T09:30:00+08:00" in app.message(e.value.message_id)
        frozen = await hl.HappyLife.open_with_clock(
            tempfile.mkdtemp(prefix="happylife-phone-"), "2026-11-25T23:30:00+08:00")
        assert await frozen.is_bound() is False

    run(go())
