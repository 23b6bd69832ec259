/* src/match/purl.h - Package URL (ECMA-427, purl-spec) parsing and canonical form.
 *
 * A purl names a package independently of any registry's own syntax:
 *
 *     pkg:type/namespace/name@version?key=value&key=value#sub/path
 *
 * This module turns such strings into decoded components (struct vx_purl) and back into the
 * one canonical string the purl-spec defines, so two spellings of the same package compare
 * equal with strcmp(). It implements:
 *
 *   - the generic rules: scheme "pkg" (any case, extra slashes after "pkg:" ignored), type
 *     [A-Za-z][A-Za-z0-9.-]* lower-cased, percent-decoding of every component (bad escapes,
 *     %00 and invalid UTF-8 are refused), namespace and subpath segments (empty, "." and ".."
 *     subpath segments dropped), qualifier keys [a-z][a-z0-9._-]* (upper-case input keys are
 *     accepted and lower-cased), empty qualifier values dropped, duplicate keys refused,
 *     qualifiers sorted by key;
 *   - the canonical encoding: letters, digits and ". - _ ~ :" stay bare, every other byte is
 *     %XX (so '@' in an npm scope is "%40", '/' inside a qualifier value is "%2F");
 *   - the per-type rules the purl-spec test suite exercises: lower-case namespace and/or name
 *     for alpm, apk, bitbucket, brew, composer, deb, github, hex, npm, vscode-extension; pypi
 *     names lower-case with '_' -> '-'; huggingface versions lower-case; mlflow names
 *     lower-case for Databricks registries; git keeps the host as namespace and the rest of the
 *     path as name; required namespace (swift, vscode-extension), prohibited namespace (cran,
 *     chrome-extension, julia, mlflow, otp, vcpkg); cpan names without "::"; chrome-extension
 *     ids and versions; julia requires the uuid qualifier.
 *
 * It does not know registries, resolve versions or compare versions (see the version module),
 * and it does not interpret qualifier values (a checksum list stays one string).
 *
 * Ownership: a struct vx_purl owns every string and the qualifier array in it; fill one with
 * vx_purl_parse() or by hand (heap strings from vx_strdup) and free it with
 * vx_purl_release(). Strings returned as char * are fresh and the caller frees them.
 * Nothing here prints. Inputs longer than VX_PURL_MAX_LEN bytes are refused with VX_ELIMIT,
 * and all work is linear or n log n in the input length.
 */
#ifndef VX_MATCH_PURL_H
#define VX_MATCH_PURL_H

#include <stddef.h>

#include "util/err.h"

/* Longest purl string accepted, in bytes. Real purls are well under 1 KiB. */
#define VX_PURL_MAX_LEN 65536

struct vx_purl_qualifier {
	char *key;   /* lower-case, [a-z][a-z0-9._-]*; owned */
	char *value; /* percent-decoded, never empty; owned */
};

struct vx_purl {
	char *type;       /* lower-case; owned; never NULL after a successful parse */
	char *namespace_; /* decoded segments joined by '/', or NULL; owned */
	char *name;       /* decoded; owned; never NULL after a successful parse */
	char *version;    /* decoded, or NULL; owned */
	char *subpath;    /* decoded segments joined by '/', or NULL; owned */
	size_t nqualifiers;
	struct vx_purl_qualifier *qualifiers; /* nqualifiers entries sorted by key; owned */
};

/* Set every field to NULL/0. */
void vx_purl_init(struct vx_purl *p);

/* Free everything p owns and reset it with vx_purl_init(); p itself is the caller's. */
void vx_purl_release(struct vx_purl *p);

/* Parse s into *out (which needs no initialisation and is left empty on failure), applying
 * the normalisation of vx_purl_normalize(). Returns 0, VX_EINVAL with a message such as
 * "invalid purl 'pkg:npm/%zz': bad percent-encoding at offset 8", or VX_ELIMIT. */
int vx_purl_parse(const char *s, struct vx_purl *out, struct vx_err *err);

/* Validate and normalise components filled in by hand (the purl-spec "build" operation), in
 * place: type lower-cased and checked, empty strings treated as absent, namespace and
 * subpath segments cleaned, qualifier keys lower-cased, checked, sorted and deduplicated,
 * empty values dropped, per-type rules applied. Every string must be heap-allocated
 * (replaced strings are freed). Returns 0 or VX_EINVAL ("invalid purl: name is required").
 * Idempotent. */
int vx_purl_normalize(struct vx_purl *p, struct vx_err *err);

/* The canonical string of p; fresh, never NULL. Canonical only if p is normalised (came
 * from vx_purl_parse or vx_purl_normalize); otherwise the components are encoded as they
 * are. */
char *vx_purl_to_string(const struct vx_purl *p);

/* Parse s and return its canonical form in *out (fresh; NULL on failure). */
int vx_purl_canonical(const char *s, char **out, struct vx_err *err);

/* Build a canonical string from components: copies *in, normalises the copy and encodes it.
 * *out is fresh, or NULL on failure. in is not modified. */
int vx_purl_build(const struct vx_purl *in, char **out, struct vx_err *err);

/* The value of qualifier `key` (lower-case) or NULL; points into p. */
const char *vx_purl_qualifier(const struct vx_purl *p, const char *key);

#endif
