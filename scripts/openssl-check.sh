#!/bin/sh
# What an operator runs today by hand before deploying the mTLS example scheduler
# (examples/mtls/scheduler.json5): twelve openssl commands over the six TLS files it names. The
# speed benchmark (scripts/bench.mjs) times this against the tool checking the same config; the
# tool checks far more (names, usages, chains of every listener and client, the CRL's issuer...).
# Usage: scripts/openssl-check.sh [CERTS_DIR]   (default: examples/mtls/certs)
# Every command runs, whatever the one before it found (as an operator reads them all).
d=${1:-examples/mtls/certs}
# 1-3: the server certificate is in date for 30 days, and chains to the CA clients trust.
openssl x509 -in "$d/scheduler.pem" -noout -subject -issuer -dates
openssl x509 -in "$d/scheduler.pem" -noout -checkend 2592000
openssl verify -CAfile "$d/ca.pem" "$d/scheduler.pem"
# 4-5: the key is the certificate's key.
a=$(openssl x509 -in "$d/scheduler.pem" -noout -pubkey)
b=$(openssl pkey -in "$d/scheduler-key.pem" -pubout)
[ "$a" = "$b" ] && echo "key matches" || echo "KEY DOES NOT MATCH"
# 6-8: the client CAs parse, are CAs, and are in date.
openssl x509 -in "$d/clients-ca.pem" -noout -ext basicConstraints -checkend 0
openssl x509 -in "$d/worker-ca.pem" -noout -ext basicConstraints -checkend 0
openssl x509 -in "$d/ca.pem" -noout -ext basicConstraints -checkend 0
# 9-11: the CRL is signed by the worker CA and not past its next update.
openssl crl -in "$d/worker-ca.crl" -noout -CAfile "$d/worker-ca.pem"
openssl crl -in "$d/worker-ca.crl" -noout -nextupdate
openssl crl -in "$d/worker-ca.crl" -noout -issuer
# 12: the server certificate is usable by a TLS server.
openssl verify -purpose sslserver -CAfile "$d/ca.pem" "$d/scheduler.pem"
