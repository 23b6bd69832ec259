/* src/store/store.h - the SQLite evidence store.
 *
 * Owns the database file: opening it (WAL, foreign keys, a busy timeout), the schema and
 * its numbered migrations (PRAGMA user_version), transactions, and every query. It is the
 * only code that includes sqlite3.h; callers see plain structs and an opaque handle.
 *
 * Transactions: a command that writes calls vx_store_begin() once, then any number of
 * writing functions, then vx_store_commit(); on any error it calls vx_store_rollback(), so
 * the store holds either the old or the new state, never a mix. The writing functions never
 * commit on their own.
 *
 * Ownership: structs filled by the store own their strings; release them with the matching
 * _release function. Lists are arrays the caller frees with the matching _list_free.
 *
 * Does not own: parsing inputs (src/import), matching, rules or rendering.
 */
#ifndef VX_STORE_STORE_H
#define VX_STORE_STORE_H

#include <stddef.h>

struct vx_err;
struct vx_sbom;
struct vx_store;

/* The schema version this build writes. Opening a newer store is refused. */
#define VX_STORE_SCHEMA_VERSION 9

enum vx_store_mode {
	VX_STORE_EXISTING = 0, /* the file must exist and be a vexil store */
	VX_STORE_CREATE = 1,   /* create the file when missing */
};

/* Open (and migrate) the store at path. */
int vx_store_open(const char *path, enum vx_store_mode mode, struct vx_store **out,
		  struct vx_err *err);
/* Close the handle; rolls back an open transaction. NULL is fine. */
void vx_store_close(struct vx_store *st);
/* Schema version of the open store. */
int vx_store_schema_version(struct vx_store *st);

int vx_store_begin(struct vx_store *st, struct vx_err *err);
int vx_store_commit(struct vx_store *st, struct vx_err *err);
void vx_store_rollback(struct vx_store *st);

/* --- manufacturer profile ------------------------------------------------------------- */

struct vx_profile {
	char *name;	      /* legal manufacturer name */
	char *csaf_namespace; /* CSAF publisher namespace (a URL) */
	char *cvd_contact;    /* where researchers report: mailto: or URL */
	char *isao_name;      /* the ISAO the manufacturer participates in, or NULL */
	int isao_member;      /* 1 when an active ISAO member (condition C4) */
	char *isao_evidence;  /* membership evidence: agreement id, date */
	char *rules_dir;      /* the rule set 'vexil evaluate' uses by default, or NULL for the
				 installed lua/ */
	char *updated_at;     /* set by the store */
};

void vx_profile_release(struct vx_profile *p);
/* VX_ENOTFOUND when no profile has been set yet. */
int vx_store_profile_get(struct vx_store *st, struct vx_profile *out, struct vx_err *err);
/* Create or update the single profile row: NULL fields (isao_member < 0) keep their previous
 * value; creating it needs a name (VX_EINVAL otherwise). */
int vx_store_profile_set(struct vx_store *st, const struct vx_profile *p, struct vx_err *err);

/* --- products and versions ------------------------------------------------------------ */

struct vx_product {
	long long id;
	char *name;	 /* unique, what users type after --product */
	char *model;
	char *pathway;	 /* "PMA", "510(k)" or "De Novo" */
	int cyber_device; /* FD&C Act section 524B "cyber device" */
	char *created_at;
};

struct vx_product_version {
	long long id;
	long long product_id;
	char *version;
	int fielded;	      /* 1 when units are in the field */
	char *release_date;   /* YYYY-MM-DD or NULL */
	char *end_of_support; /* YYYY-MM-DD or NULL */
	char *udi_di;	      /* GUDID device identifier */
	/* Read-only summary of the current SBOM (0 / NULL when none). */
	long long sbom_id;
	char *sbom_file;
	long long ncomponents;
};

void vx_product_release(struct vx_product *p);
void vx_product_list_free(struct vx_product *list, size_t n);
void vx_version_release(struct vx_product_version *v);
void vx_version_list_free(struct vx_product_version *list, size_t n);

/* Normalise a pathway as users may type it ("510k", "pma", "denovo") to the stored
 * spelling; NULL when unknown. */
const char *vx_store_pathway(const char *s);

/* Add a product; VX_EEXIST when the name is taken. *id may be NULL. */
int vx_store_product_add(struct vx_store *st, const struct vx_product *p, long long *id,
			 struct vx_err *err);
/* Update model/pathway/cyber flag of an existing product (NULL / -1 keep). */
int vx_store_product_update(struct vx_store *st, const struct vx_product *p, struct vx_err *err);
/* By name; VX_ENOTFOUND with "unknown product 'x'". */
int vx_store_product_get(struct vx_store *st, const char *name, struct vx_product *out,
			 struct vx_err *err);
int vx_store_product_list(struct vx_store *st, struct vx_product **out, size_t *n,
			  struct vx_err *err);

/* Add the version, or update it when it exists (fields that are NULL, or fielded < 0, keep
 * their value). *created (may be NULL) says which happened. */
int vx_store_version_put(struct vx_store *st, long long product_id,
			 const struct vx_product_version *v, int *created, struct vx_err *err);
int vx_store_version_get(struct vx_store *st, const char *product, const char *version,
			 struct vx_product_version *out, struct vx_err *err);
int vx_store_version_list(struct vx_store *st, long long product_id,
			  struct vx_product_version **out, size_t *n, struct vx_err *err);

/* --- SBOM documents and inventory ------------------------------------------------------ */

struct vx_sbom_doc {
	long long id;
	long long version_id;
	char *product;	     /* product name (joined for listings) */
	char *version;	     /* product version */
	char *format;	     /* "CycloneDX JSON", "CycloneDX XML", "SPDX JSON" */
	char *spec_version;
	char *serial;
	char *doc_version;
	char *sha256;
	char *file_name;     /* the file name the user imported */
	char *support_file;  /* the support-level sidecar CSV, or NULL */
	char *support_sha256;
	char *authors;
	char *sbom_timestamp;
	char *imported_at;
	char *superseded_at; /* NULL for the version's current SBOM */
	long long ncomponents; /* inventory size (device excluded) */
};

void vx_sbom_doc_release(struct vx_sbom_doc *d);
void vx_sbom_doc_list_free(struct vx_sbom_doc *list, size_t n);

/* Store a parsed SBOM as the current SBOM of a product version, in the caller's
 * transaction. The identity of an import is the SBOM file's sha256 plus the sidecar's
 * (support_sha256, NULL without a sidecar). When the version's current SBOM has the same
 * identity nothing is written and *duplicate is set to 1. Otherwise the previous current SBOM is marked superseded (its
 * components are kept as history) and the new document, its components, hashes and
 * dependency edges are inserted. *doc_id (may be NULL) receives the document id. */
int vx_store_sbom_put(struct vx_store *st, long long version_id, const struct vx_sbom *sbom,
		      const char *file_name, const char *sha256, const char *support_file,
		      const char *support_sha256, int *duplicate, long long *doc_id,
		      struct vx_err *err);

/* SBOM documents, newest first; product / version filters may be NULL; include_history
 * also lists superseded documents. */
int vx_store_sbom_list(struct vx_store *st, const char *product, const char *version,
		       int include_history, struct vx_sbom_doc **out, size_t *n,
		       struct vx_err *err);

/* Load the current SBOM of a version back into the import model (components with hashes,
 * parent links and dependency edges; the device included with is_device set) together with
 * its document row. VX_ENOTFOUND when the version has no SBOM. */
int vx_store_inventory(struct vx_store *st, long long version_id, struct vx_sbom *out,
		       struct vx_sbom_doc *doc, struct vx_err *err);

/* Keep the imported files byte for byte with document doc_id, in the caller's transaction
 * (support may be NULL). */
int vx_store_sbom_content_put(struct vx_store *st, long long doc_id, const void *sbom,
			      size_t sbom_len, const void *support, size_t support_len,
			      struct vx_err *err);
/* The kept files of document doc_id (malloc'd, NUL-terminated; NULL when the document was
 * imported before the store kept files, or had no sidecar). */
int vx_store_sbom_content(struct vx_store *st, long long doc_id, char **sbom, size_t *sbom_len,
			  char **support, size_t *support_len, struct vx_err *err);

/* --- audit trail (audit.c) ------------------------------------------------------------ */

/* Who the entries written through this handle name as the actor (copied). Set by the
 * command line from --as, VEXIL_USER or the login name; "unknown" until set. */
void vx_store_set_actor(struct vx_store *st, const char *actor);

/* Append an entry in the caller's transaction: action ("sbom.import"), entity ("version
 * NIP-200 2.1"), before and after as JSON text (NULL when there is none), reason (may be
 * NULL). Every writing function of the store calls this itself; commands call it only for
 * changes the store cannot describe. */
int vx_store_audit(struct vx_store *st, const char *action, const char *entity,
		   const char *before, const char *after, const char *reason, struct vx_err *err);

struct vx_audit_entry {
	long long id;
	char *at, *actor, *action, *entity, *before, *after, *reason, *prev_hash, *hash;
};
void vx_audit_list_free(struct vx_audit_entry *list, size_t n);
/* Entries in order; entity_prefix may be NULL (every entry). */
int vx_store_audit_log(struct vx_store *st, const char *entity_prefix,
		       struct vx_audit_entry **out, size_t *n, struct vx_err *err);

struct vx_audit_report {
	size_t entries;	 /* entries checked */
	char head[65];	 /* hash of the last entry: record it outside the store (a signed
			    dossier prints it) to detect a truncated tail */
	size_t nproblems;
	char **problems; /* "entry 12 was altered: its hash does not match its content", ... */
};
void vx_audit_report_release(struct vx_audit_report *r);
/* Recompute the chain. Problems are listed, not returned as an error: the call fails only
 * when the store cannot be read. */
int vx_store_audit_verify(struct vx_store *st, struct vx_audit_report *r, struct vx_err *err);

#endif
