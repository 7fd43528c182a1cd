"""The FIS double accepts a request when botocore's signer, as the double calls it, computes the request's
signature. That check is only as good as the call: here it must reproduce AWS's documented Signature Version 4
example (the General Reference's IAM ListUsers request: its canonical request, whose SHA-256 is f536975d...,
its string to sign and its signature) and refuse the same request signed with another secret."""

import hashlib
import sys
from http.client import HTTPMessage

sys.dont_write_bytecode = True  # the tests leave the source tree as they found it
from fis_double import AUTHORIZATION, expected_signature, signing_steps  # noqa: E402

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
AUTHORIZATION_HEADER = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                        "SignedHeaders=content-type;host;x-amz-date, "
                        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
HEADERS = HTTPMessage()  # as the double's handler reads them: names case-insensitive
for name, value in (("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                    ("X-Amz-Date", "20150830T123600Z")):
    HEADERS[name] = value
TARGET = "/?Action=ListUsers&Version=2010-05-08"
STRING_TO_SIGN = ("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n"
                  "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")


def main():
    match = AUTHORIZATION.match(AUTHORIZATION_HEADER)
    problems = []
    if match is None:
        problems.append("the double's pattern does not read the documented Authorization header")
    else:
        canonical, string_to_sign, signature, signed = signing_steps("GET", TARGET, HEADERS, b"", SECRET, match)
        if hashlib.sha256(canonical.encode()).hexdigest() != STRING_TO_SIGN.rsplit("\n", 1)[1]:
            problems.append(f"canonical request differs from the documented one:\n{canonical}")
        if string_to_sign != STRING_TO_SIGN:
            problems.append(f"string to sign differs from the documented one:\n{string_to_sign}")
        if signature != match["signature"] or signed != match["signed"]:
            problems.append(f"signature {signature} over {signed}, documented {match['signature']} over "
                            f"{match['signed']}")
        if expected_signature("GET", TARGET, HEADERS, b"", SECRET[:-1] + "X", match)[0] == match["signature"]:
            problems.append("another secret gives the documented signature")
    for problem in problems:
        print(problem)
    print("the double's signer check reproduces AWS's example" if not problems else "FAILED")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
