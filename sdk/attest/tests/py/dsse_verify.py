#!/usr/bin/env python3
"""Independently verify DSSE envelopes produced by railyard-attest.

usage: dsse_verify.py PUBLIC_KEY.pem ENVELOPES(.intoto.jsonl|.json)

Two independent checks per envelope:
  1. securesystemslib.dsse.Envelope.verify with an SSlibKey built from the SPKI PEM; the keyid is
     computed here as hex(sha256(raw public key)), the documented Railyard keyid.
  2. PAE rebuilt by hand from the DSSE spec and checked with `cryptography`'s Ed25519.

Exit codes: 0 all verified, 1 a signature failed to verify, 2 usage/format error,
3 a required Python package is missing.
"""
import base64
import hashlib
import json
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key
    from securesystemslib.dsse import Envelope
    from securesystemslib.signer import SSlibKey
except ImportError as exc:  # pragma: no cover
    print(f"MISSING-PYTHON-PACKAGE: {exc}. Run: pip install -r sdk/attest/tests/requirements.txt", file=sys.stderr)
    sys.exit(3)


def pae(payload_type: bytes, body: bytes) -> bytes:
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(body), body)


def b64(s: str) -> bytes:
    s = s + "=" * (-len(s) % 4)
    return base64.urlsafe_b64decode(s) if ("-" in s or "_" in s) else base64.b64decode(s, validate=True)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        pub = load_pem_public_key(open(sys.argv[1], "rb").read())
        raw = pub.public_bytes(Encoding.Raw, PublicFormat.Raw)
        keyid = hashlib.sha256(raw).hexdigest()
        key = SSlibKey.from_crypto(pub, keyid=keyid)
        text = open(sys.argv[2], encoding="utf-8").read()
        try:
            docs = [json.loads(text)]
        except json.JSONDecodeError:
            docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    except Exception as exc:  # format problems are not verification failures
        print(f"FORMAT-ERROR: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    for i, doc in enumerate(docs):
        payload_type = doc["payloadType"].encode()
        body = b64(doc["payload"])
        sigs = [(s.get("keyid"), b64(s["sig"])) for s in doc["signatures"]]
        try:
            Envelope.from_dict(json.loads(json.dumps(doc))).verify([key], 1)
        except Exception as exc:
            print(f"VERIFY-FAILED (securesystemslib) envelope {i}: {type(exc).__name__}: {exc}")
            return 1
        message = pae(payload_type, body)
        ok = False
        for kid, sig in sigs:
            try:
                pub.verify(sig, message)
                ok = True
            except InvalidSignature:
                pass
        if not ok:
            print(f"VERIFY-FAILED (cryptography over hand-built PAE) envelope {i}")
            return 1
        if any(kid != keyid for kid, _ in sigs):
            print(f"VERIFY-FAILED keyid hint differs from sha256(raw key) {keyid}")
            return 1
        print(f"OK envelope {i} payloadType={payload_type.decode()} keyid={keyid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
