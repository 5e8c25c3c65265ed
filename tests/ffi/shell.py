"""A Python "shell": what the Android activity and the iOS app do at
start, done by Python through the real libhappylife_mobile.so and its
generated bindings. It opens the app's data (keys in the kernel keyring,
as on a phone they are in the platform keystore), gives the library the
bank's scam-list key, registers its capabilities (a dialer, a voice, a
biometric key, and a microphone and recogniser where she reads the digits
asked for (espeak-ng, as in test_mobile.py), each reporting on stdout what
it was asked: `CAP ["dial", "96110"]`),
starts the elder UI the library serves on loopback, and prints its address for the WebView (here: headless Chromium, driven by
tests/e2e/shell.test.mjs). It runs until SIGTERM, then stops the UI and
exits 0.

    keyctl session - python shell.py --server URL --data-dir DIR [--list-key HEX]
        [--call-flag FILE] [--words-file FILE]

A call is in progress while FILE exists; SIGUSR1 is a shake; SIGUSR2 is
a fingerprint added in the phone's settings (the biometric key is lost).
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import wave

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, os.environ["HAPPYLIFE_PY_BINDINGS"])
import happylife_mobile as hl  # noqa: E402


def report(what, *values):
    """What the shell was asked to do, one line on stdout for the test."""
    print("CAP " + json.dumps([what, *values], ensure_ascii=False), flush=True)


class Dialer(hl.Dialer):
    """The phone app: here it only reports the number it was given."""

    def dial(self, number):
        report("dial", number)


class ShareSheet(hl.Sharer):
    """The phone's share sheet (and printer): here it only reports what it
    was to offer."""

    def share(self, title, text):
        report("share", title, text)

    def share_file(self, title, file_name, mime, data):
        report("share_file", title, file_name, mime, len(data), bytes(data[:5]).decode("latin-1"))


class Voice(hl.Speaker):
    """The phone's voice: here it only reports what it was to say."""

    def speak(self, text, language, rate, volume):
        report("speak", language, text, round(rate, 2), round(volume, 2))


class Hardware(hl.BiometricPrompter):
    """The phone's biometric hardware: a P-256 key that signs when "the
    owner" touches the sensor (always, here); it reports each prompt."""

    def __init__(self):
        self.key = None

    def create_key(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        report("biometric_key")
        return self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def sign(self, reason, message):
        report("biometric_prompt", reason)
        if self.key == "invalidated":
            # As Android Keystore and the Secure Enclave do with a key
            # bound to the enrolled fingerprints: gone once one is added.
            self.key = None
            raise hl.BiometricError.EnrolmentChanged()
        if self.key is None:
            raise hl.BiometricError.Unavailable()
        return self.key.sign(bytes(message), ec.ECDSA(hashes.SHA256()))

    def fingerprint_added(self):
        if self.key is not None:
            self.key = "invalidated"
        report("fingerprint_added")


class Calls(hl.CallState):
    """The phone's call state: "in a call" while the file `flag` exists
    (the test makes and removes it, as a call begins and ends)."""

    def __init__(self, flag):
        self.flag = flag

    def in_call(self):
        return bool(self.flag) and os.path.exists(self.flag)

    def screen_shared(self):
        return False

    def hang_up(self):
        report("hang_up")
        if self.flag and os.path.exists(self.flag):
            os.remove(self.flag)
        return True


class Accelerometer(hl.ShakeDetector):
    """The phone's shake sensor: a SIGUSR1 to this process is a shake."""

    def __init__(self):
        self.listener = None

    def start(self, listener):
        self.listener = listener

    def stop(self):
        self.listener = None

    def shaken(self):
        if self.listener is not None:
            report("shake", self.listener.on_shake())


class Microphone(hl.VoiceCapture):
    """She reads the digits the screen asks for (espeak-ng's voice, a little
    room noise from sox); the recogniser hears those digits. Asked with no
    digits (the voice assistant), she says what the words file holds, and
    the recogniser hears that."""

    def __init__(self, words_file):
        self.count = 0
        self.words_file = words_file

    def capture(self, prompt):
        self.count += 1
        report("listen", prompt.step, prompt.steps, prompt.language, prompt.text)
        if not prompt.digits:
            try:
                with open(self.words_file, encoding="utf-8") as f:
                    words = f.read().strip()
            except (OSError, TypeError):
                words = ""
            return hl.VoiceRecording(pcm=b"\0\0" * 1600, sample_rate=16000, recognised_text=words)
        d = tempfile.mkdtemp(prefix="happylife-shell-voice-")
        clean, noisy = f"{d}/clean.wav", f"{d}/noisy.wav"
        subprocess.run(
            ["espeak-ng", "-v", "cmn+zac", "-p", "50", "-s", str(150 + self.count % 5),
             "-w", clean, " ".join(prompt.digits)],
            check=True,
        )
        subprocess.run(
            ["sox", "-m", clean, f"|sox {clean} -p synth whitenoise vol 0.003", noisy],
            check=True,
        )
        with wave.open(noisy) as w:
            pcm, rate = w.readframes(w.getnframes()), w.getframerate()
        return hl.VoiceRecording(
            pcm=pcm, sample_rate=rate, recognised_text=" ".join(prompt.digits))


async def watch_calls(app, flag):
    """The phone's ringing calls: the call flag's text is the caller's
    number (Android's call screening gives it); its going is the end."""
    if not flag:
        return
    number = None
    while True:
        await asyncio.sleep(0.2)
        try:
            with open(flag, encoding="utf-8") as f:
                now = f.read().strip() or None
        except FileNotFoundError:
            now = None
        if now == number:
            continue
        # A call that is no longer there (even if another rang at once) ended.
        if number is not None:
            app.call_ended()
            report("call_ended")
        if now is not None:
            scam = await app.incoming_call(now)
            report("incoming_call", now, scam)
        number = now


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--list-key")
    parser.add_argument("--call-flag", help="a file that exists while a call is in progress")
    parser.add_argument("--words-file", help="what she says to the voice assistant")
    parser.add_argument("--clock", help="the phone's clock, frozen (RFC 3339), as the bank's")
    parser.add_argument("--voice-model", default=os.environ.get("HAPPYLIFE_VOICE_MODEL"),
                        help="the speaker encoder's weights the shell bundles (pretrained.pt)")
    parser.add_argument("--no-voice-model", action="store_true",
                        help="a phone built without the speaker encoder's weights")
    args = parser.parse_args()
    if args.no_voice_model:
        # Not even the tests' fallback: the library finds no model at all.
        os.environ.pop("HAPPYLIFE_VOICE_MODEL", None)
        args.voice_model = None

    if args.clock:
        app = await hl.HappyLife.open_with_clock(args.data_dir, args.clock)
    else:
        app = await hl.HappyLife.open(args.data_dir)
    if args.list_key:
        app.set_list_key(args.list_key)
    # The capabilities, registered once at start, before the UI.
    app.set_dialer(Dialer())
    app.set_sharer(ShareSheet())
    app.set_speaker(Voice())
    hardware = Hardware()
    app.set_biometric_prompter(hardware)
    app.set_voice_capture(Microphone(args.words_file))
    # The speaker encoder's weights, bundled with the shell as the phones'
    # are; without them the UI offers no voiceprint and says why.
    if args.voice_model:
        try:
            await app.set_voice_model(args.voice_model)
        except hl.MobileError as e:
            print(f"voice login not offered: {e}", file=sys.stderr)
    app.set_call_state(Calls(args.call_flag))
    shakes = Accelerometer()
    app.set_shake_to_talk(shakes, True)
    # Stopping is asked for by a signal: ready before the address is given.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, shakes.shaken)
    loop.add_signal_handler(signal.SIGUSR2, hardware.fingerprint_added)
    ringing = asyncio.create_task(watch_calls(app, args.call_flag))
    url = await app.start_ui(args.server)
    # The same address again: the UI is served once.
    assert await app.start_ui(args.server) == url
    print(f"UI at {url}", flush=True)
    await stop.wait()
    ringing.cancel()
    await app.stop_ui()
    print("UI stopped", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
    # Leave without the interpreter's finalization, as a phone's shell
    # never finalizes one. During it, the library's own threads may still
    # drop the last handle to a capability (a page's virtual DOM ending
    # after the UI stopped), which calls into Python to release it; Python
    # ends such a thread with a forced unwind, which the Rust frames below
    # cannot let through ("FATAL: exception not rethrown", SIGABRT).
    sys.stdout.flush()
    os._exit(0)
