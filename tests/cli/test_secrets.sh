#!/usr/bin/env bash
# tests/cli/test_secrets.sh - signing secrets: the passphrase has no command-line option and
# never reaches the output, the store, the PDF or a temporary file; a key or passphrase file
# that group or others can read gets a warning; `vexil verify` trusts no certificate the user
# did not give it (not the chain embedded in the file, not the system's store).
. "$(dirname "$0")/lib.sh"
D=$VX_SOURCE_DIR/tests/data/sign
PASS="s3cr3t-Passphrase-4711"
# an encrypted copy of the test signer key under our own passphrase, mode 0600
openssl pkey -in "$D/signer.key.pem" -aes256 -passout "pass:$PASS" -out key.pem 2>/dev/null
chmod 600 key.pem
expect 0 init
expect 0 profile set --name Acme
expect 0 product add dev --pathway PMA --version 1
mkdir tmp
export TMPDIR=$T/tmp
# no option takes the passphrase
expect 2 dossier --product dev -o x.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem" --pass "$PASS"
expect 2 dossier --product dev -o x.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem" --passphrase "$PASS"
# from the environment, and from a file
VEXIL_SIGN_PASS=$PASS expect 0 dossier --product dev -o a.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem" --chain "$D/ca.cert.pem"
err_empty
printf '%s\n' "$PASS" >pass.txt
chmod 600 pass.txt
expect 0 dossier --product dev -o b.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem" --pass-file pass.txt
err_empty
expect 1 dossier --product dev -o c.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem"
err_has "key.pem"
# the passphrase is nowhere: output, store, PDFs, temporary files
cat "$T/out" "$T/err" >all.log
for f in all.log a.pdf b.pdf "$VEXIL_DB"; do
	grep -qaF "$PASS" "$f" && fail "the passphrase is in $f" || pass
done
[ -z "$(ls -A tmp)" ] && pass || fail "temporary files left: $(ls -A tmp)"
grep -rqaF "$PASS" tmp && fail "the passphrase is in a temporary file" || pass
# readable by others: a warning, and the signature is still made
chmod 644 key.pem
VEXIL_SIGN_PASS=$PASS expect 0 dossier --product dev -o d.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem"
err_has "warning: the private key key.pem can be read by group or others (mode 0644): chmod 600 it"
chmod 600 key.pem
chmod 640 pass.txt
expect 0 dossier --product dev -o e.pdf --sign-key key.pem --sign-cert "$D/signer.cert.pem" --pass-file pass.txt
err_has "warning: the passphrase file pass.txt can be read by group or others"
# verify trusts only the CA given: the CA embedded in the file is no trust anchor
expect 0 verify a.pdf --ca "$D/ca.cert.pem"
expect 1 verify a.pdf --ca "$D/selfsigned.cert.pem"
out_has "DOES NOT chain to the given CA"
expect 0 --json verify a.pdf
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["chain_ok"] is None, d' "$T/out" && pass ||
	fail "without --ca the chain must be reported as not checked"
finish
