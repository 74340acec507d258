"""The invitation link's token: the invitation's id and nonce, signed.

Whether the invitation is still open is read from its row (accepted, revoked, expired), not from the token:
a resend draws a new nonce, which makes every earlier link a stale one.
"""

from django.core import signing

SALT = "people.invitation"


def make_token(invitation):
    return signing.dumps([invitation.pk, invitation.nonce], salt=SALT, compress=False)


def read_token(token):
    """Return ``(invitation_id, nonce)``; raise ``signing.BadSignature`` for a tampered or made-up token."""
    value = signing.loads(token, salt=SALT)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str)):
        raise signing.BadSignature("Malformed invitation token.")
    return value[0], value[1]
