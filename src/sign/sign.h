/* src/sign/sign.h - sign and verify PDF files by incremental update (CMS, OpenSSL 3).
 *
 * libharu cannot sign, so vx_sign_pdf() takes the finished PDF bytes and appends one
 * incremental update (engineering.md §2): a signature dictionary with a fixed-width
 * /ByteRange and a hex /Contents placeholder, an invisible merged field+widget on the first
 * page, an /AcroForm in an updated catalog, the updated first page (its /Annots extended),
 * a classic xref section with /Prev and a trailer with /ID. It then patches /ByteRange and
 * writes the detached CMS into /Contents. The original bytes are never changed.
 *
 * What it reads: PDFs with classic xref tables (libharu output and similar). Cross-reference
 * streams, object streams, hybrid files (/XRefStm), encrypted files and documents that
 * already have an /AcroForm are refused with VX_EUNSUPPORTED; malformed input with
 * VX_EINVAL. Every offset taken from the input is bounds-checked: the parser is meant to be
 * safe on untrusted bytes.
 *
 * What it does not do: visible signatures, timestamps (PAdES B-T and above), revocation
 * data. Nothing here touches files except the key loaders reading PEM / PKCS#12 files;
 * callers write the result with vx_file_write_atomic().
 *
 * No OpenSSL type appears in this header.
 */
#ifndef VX_SIGN_SIGN_H
#define VX_SIGN_SIGN_H

#include <stddef.h>

struct vx_err;

/* A private key, its certificate and an optional chain (opaque; vx_sign_key_free). */
struct vx_sign_key;

/* Load a signing key. Each *_pem argument is either a file path or PEM text (a string that
 * starts with "-----BEGIN"). chain_pem (may be NULL) holds zero or more certificates that
 * are embedded in the signature; passphrase (may be NULL) decrypts an encrypted key. Fails
 * with VX_EINVAL when the key does not match the certificate. *out is owned by the caller. */
int vx_sign_key_load_pem(const char *key_pem, const char *cert_pem, const char *chain_pem,
                         const char *passphrase, struct vx_sign_key **out, struct vx_err *err);
/* Load a key, its certificate and any CA certificates from a PKCS#12 (.p12/.pfx) file;
 * chain_pem (may be NULL) adds more chain certificates. */
int vx_sign_key_load_p12(const char *path, const char *chain_pem, const char *passphrase,
                         struct vx_sign_key **out, struct vx_err *err);
void vx_sign_key_free(struct vx_sign_key *k); /* NULL is fine */
/* The certificate's subject, RFC 2253 ("CN=...,O=..."), truncated to size-1 bytes. */
void vx_sign_key_subject(const struct vx_sign_key *k, char *out, size_t size);

struct vx_sign_opts {
	int pades;              /* 0: adbe.pkcs7.detached; 1: ETSI.CAdES.detached (PAdES B-B:
	                           no signing-time attribute, ESS signing-certificate-v2) */
	const char *reason;     /* /Reason, UTF-8, or NULL */
	const char *location;   /* /Location, UTF-8, or NULL */
	const char *name;       /* /Name, UTF-8, or NULL */
	long long signing_time; /* epoch seconds written as /M (UTC) */
};

/* Bytes reserved for the DER CMS (written as twice as many hex digits); signing fails with
 * VX_ELIMIT when the signature does not fit. */
#define VX_SIGN_CMS_RESERVE 8192

/* Largest PDF vx_sign_pdf() accepts (VX_ELIMIT above it). */
#define VX_SIGN_MAX_INPUT (1 << 30)

/* Sign in_data[0..in_len) and return the signed PDF in *out (malloc'd, freed by the caller;
 * not NUL-terminated beyond *out_len) and its length. The output is the input followed by
 * one incremental update that ends with "%%EOF" and nothing after it: do not post-process
 * a signed file. */
int vx_sign_pdf(const char *in_data, size_t in_len, const struct vx_sign_key *k,
                const struct vx_sign_opts *o, char **out, size_t *out_len, struct vx_err *err);

struct vx_sign_report {
	int signed_;            /* a signature dictionary with /ByteRange was found */
	int whole_file_covered; /* ByteRange is [0 a b c] with b+c == file length */
	int digest_ok;          /* the digest of the ranges equals the CMS messageDigest */
	int signature_ok;       /* the CMS signature verifies (signer certificate not checked) */
	int chain_ok;           /* the signer chains to ca_pem (0 when no CA was given) */
	int certs_ok;           /* every certificate embedded in the CMS carries a valid
	                           signature from its issuer (embedded, ca_pem, or itself):
	                           the certificates lie outside what the CMS signs, so this
	                           is what catches a changed byte in them */
	char signer[256];       /* signer subject, RFC 2253 */
	char signing_time[32];  /* "YYYY-MM-DDTHH:MM:SSZ": CMS signingTime, else /M */
	char subfilter[64];     /* "adbe.pkcs7.detached", "ETSI.CAdES.detached", ... */
};

/* Check the last signature in data[0..len). Returns 0 with r->signed_ = 0 for a file
 * without one, 0 with the flags filled in otherwise (a failed check is a flag, not an
 * error), and negative only when the signature dictionary or the CMS cannot be read.
 * ca_pem (path or PEM text, may be NULL) is the trust anchor; without it the chain is not
 * checked and chain_ok stays 0. The signature is located by its dictionary, not through
 * the document catalog, so tampering elsewhere still yields a report. */
int vx_sign_verify(const char *data, size_t len, const char *ca_pem, struct vx_sign_report *r,
                   struct vx_err *err);

#endif
