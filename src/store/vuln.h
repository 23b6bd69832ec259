/* src/store/vuln.h - the store's vulnerability half: feed imports, vulnerability records,
 * researcher tips, the lookup indexes matching uses, findings and their first triage record.
 *
 * Part of the store module (store.h explains handles, transactions and ownership; the same
 * rules apply). Kept in its own header because it is the part the matching stage and the
 * feed, tip, match and findings commands use.
 *
 * Identity. A vulnerability is known by one id: its CVE id when it has one (an OSV record
 * whose aliases name a CVE attaches to that CVE), else its own id (GHSA-..., VX-2026-0001).
 * Each source record (an NVD cve, an OSV record) is stored separately under that
 * vulnerability with its own last-modified time, so a newer NVD record replaces only the NVD
 * part. KEV entries are kept by CVE id whether or not the CVE is otherwise known.
 *
 * Findings. A finding is (product version, vulnerability, component identity), where the
 * component identity is the purl without version (else group/name) plus the version: a
 * re-imported SBOM with the same component keeps its findings. Findings are never deleted;
 * one that stops matching is closed with the reason. Opening a finding also opens its first
 * triage record: VEX status under_investigation, with t0.
 */
#ifndef VX_STORE_VULN_H
#define VX_STORE_VULN_H

#include <stddef.h>

struct vx_err;
struct vx_store;
struct vx_vuln;
struct vx_configuration;

/* --- feed imports ------------------------------------------------------------------- */

struct vx_feed_counts {
	size_t records;	  /* records read */
	size_t added;	  /* new source records */
	size_t updated;	  /* newer versions of known records */
	size_t unchanged; /* same or older last-modified: skipped */
};

/* Record that a feed file is being imported (in the caller's transaction), then, once it
 * has been read, its SHA-256, format, catalog version and counts. */
int vx_store_feed_begin(struct vx_store *st, const char *file_name, long long *import_id,
			struct vx_err *err);
int vx_store_feed_finish(struct vx_store *st, long long import_id, const char *sha256,
			 const char *format, const char *catalog_version,
			 const struct vx_feed_counts *c, struct vx_err *err);

/* Lookup keys matching needs, computed by the matching stage (src/match/keys.h) so that
 * the store does not parse identifiers: per NVD cpeMatch entry (in configuration, node,
 * entry order) the "vendor:product" of its criteria; per OSV affected entry its package key
 * (canonical purl "type/namespace/name"). NULL entries are not indexed. */
struct vx_vuln_keys {
	char **cpe_keys; /* one per cpeMatch across all configurations */
	size_t ncpe;
	char **pkg_keys; /* one per affected entry */
	size_t npkg;
};

enum vx_put_result { VX_PUT_ADDED, VX_PUT_UPDATED, VX_PUT_UNCHANGED };

/* 1 when the store already holds this NVD or OSV record with the same or a later
 * last-modified time (vx_store_vuln_put would skip it), so that callers can skip the work
 * of computing its keys; 0 otherwise (always 0 for KEV entries). */
int vx_store_vuln_is_current(struct vx_store *st, const struct vx_vuln *v, int *current,
			     struct vx_err *err);

/* Store one feed record under import_id: an NVD or OSV record (with its keys), or a KEV
 * entry (keys unused). Same or older last-modified than the stored one: unchanged. */
int vx_store_vuln_put(struct vx_store *st, long long import_id, const struct vx_vuln *v,
		      const struct vx_vuln_keys *keys, enum vx_put_result *result,
		      struct vx_err *err);

/* --- researcher tips -------------------------------------------------------------------- */

struct vx_tip {
	char *id;	     /* own id, e.g. "VX-2026-0001"; generated when NULL */
	char *title;
	char *description;
	char *reporter;	     /* who reported it, for acknowledgment */
	char *received;	     /* YYYY-MM-DD: t0 for the FDA clocks */
	char *embargo;	     /* YYYY-MM-DD or NULL */
	char *cve;	     /* a CVE id when one has been assigned, or NULL */
	char *purl;	     /* affected package (without version), or NULL */
	char *cpe;	     /* affected product CPE (version *), or NULL */
	char *vers;	     /* affected versions as a vers: range */
	char *cvss_vector;   /* reporter's or own CVSS v3.1 vector, or NULL */
};

/* Record a tip as a vulnerability of its own; its affected product is indexed like a feed
 * record (keys as for vx_store_vuln_put, with the tip expressed as a vx_vuln by the
 * caller). *id_out (may be NULL) receives the id (fresh string). */
int vx_store_tip_add(struct vx_store *st, const struct vx_tip *tip, const struct vx_vuln *as_vuln,
		     const struct vx_vuln_keys *keys, char **id_out, struct vx_err *err);
/* The next free VX-<year>-NNNN id for the year of `received`. Fresh string. */
int vx_store_tip_next_id(struct vx_store *st, const char *received, char **out,
			 struct vx_err *err);

/* --- candidates for matching ------------------------------------------------------------ */

/* Vulnerabilities that may affect a component with one of the given keys: every
 * vulnerability with an NVD cpeMatch whose criteria has one of cpe_keys ("vendor:product")
 * or an OSV / tip entry with one of pkg_keys. Returned whole, as struct vx_vuln (id = the
 * vulnerability id; confs = its NVD configurations; affected = its OSV and tip entries;
 * kev when listed), in id order, each at most once. Free with vx_vuln_list_free. */
int vx_store_candidates(struct vx_store *st, const char *const *cpe_keys, size_t ncpe,
			const char *const *pkg_keys, size_t npkg, struct vx_vuln **out, size_t *n,
			struct vx_err *err);
void vx_vuln_list_free(struct vx_vuln *list, size_t n);

/* --- findings ----------------------------------------------------------------------------- */

struct vx_evidence {
	const char *source;   /* "nvd", "osv", "tip" */
	const char *field;    /* component field that matched: "cpe", "purl" */
	const char *value;    /* its value */
	const char *criterion; /* the criterion or package that matched it */
	const char *range;    /* the version range that contained the version, as text */
	const char *note;     /* e.g. "no SBOM component matches platform: needs review" */
};

struct vx_match_counts {
	size_t opened;	/* new findings (each with a triage record) */
	size_t still;	/* findings that matched again */
	size_t reopened; /* closed findings that match again */
	size_t closed;	/* open findings that no longer match */
};

/* Start a matching run over one product version; then call vx_store_finding_observe for
 * every (vulnerability, component) match, then vx_store_match_end, all in one transaction.
 * Findings of the version not observed in the run are closed with `close_reason`. */
int vx_store_match_begin(struct vx_store *st, long long version_id, long long *run_id,
			 struct vx_err *err);
int vx_store_finding_observe(struct vx_store *st, long long run_id, const char *vuln_id,
			     const char *component_key, const char *bom_ref, int needs_review,
			     const struct vx_evidence *ev, size_t nev, struct vx_match_counts *c,
			     struct vx_err *err);
int vx_store_match_end(struct vx_store *st, long long run_id, const char *close_reason,
		       struct vx_match_counts *c, struct vx_err *err);

struct vx_finding {
	long long id;
	char *product, *version;
	char *vuln_id;
	char *title;
	char *component, *component_version, *component_purl, *component_cpe;
	char *state;	     /* "open" / "closed" */
	char *close_reason;
	char *vex_status;    /* latest triage status */
	char *t0;	     /* YYYY-MM-DD */
	char *opened_at, *closed_at;
	int needs_review;
	double cvss_score;   /* best CVSS v3.x base score, -1 when none */
	char *cvss_vector;
	int kev;	     /* listed in CISA KEV */
	char *kev_due;	     /* KEV due date */
	char *evidence;	     /* human-readable evidence, one item per line */
	char *component_ref; /* the component's bom-ref in its SBOM */
	char *sbom_serial, *sbom_version; /* that SBOM's serial number and version (BOM-Link) */
};

struct vx_finding_filter {
	const char *product, *version, *status, *vuln;
	int kev_only;
	int include_closed;
};

int vx_store_findings(struct vx_store *st, const struct vx_finding_filter *f,
		      struct vx_finding **out, size_t *n, struct vx_err *err);
void vx_finding_list_free(struct vx_finding *list, size_t n);

/* --- triage -------------------------------------------------------------------------------- */

/* A triage record: the assessment of one finding at one time. Every field is part of the
 * snapshot; when recording, NULL strings and negative numbers mean "as in the previous
 * record". */
struct vx_triage {
	long long id, finding_id;
	char *status;	      /* under_investigation, affected, not_affected, fixed */
	char *justification;  /* CSAF flag label, required for not_affected */
	char *impact;	      /* impact statement */
	char *action;	      /* action statement */
	char *hazard;	      /* hazardous situation */
	char *severity;	      /* ISO 14971: negligible minor serious critical catastrophic */
	int safety_impact;    /* 1 safety/essential performance touched, 0 confidentiality only,
				 -1 not assessed */
	char *cvss_vector;    /* the manufacturer's own (rescored) CVSS vector */
	int public_exploit;   /* -1 unknown */
	double epss;	      /* -1 unknown */
	char *controls;	      /* compensating controls in place */
	int adverse_events;   /* known serious adverse events or deaths; -1 unknown */
	char *customers_notified; /* YYYY-MM-DD */
	char *fix_distributed;	  /* YYYY-MM-DD: validated fix distributed */
	char *isao_notified;	  /* YYYY-MM-DD: customer communications given to the ISAO */
	char *fix_deployed;	  /* YYYY-MM-DD: the fix was installed across the fielded units
				     (FDA plan metric: time from patch to field deployment) */
	char *assessor;
	char *reason;
	char *recorded_at;
	long long carried_from; /* triage id this was carried from (--apply-to), 0 */
};

void vx_triage_release(struct vx_triage *t);
void vx_triage_list_free(struct vx_triage *list, size_t n);

/* Validate and record a new triage record for a finding: the previous record's values
 * fill what t leaves unset; not_affected needs a justification; the statuses, severities
 * and dates are checked. Appends an audit entry. *id_out may be NULL. */
int vx_store_triage_set(struct vx_store *st, long long finding_id, const struct vx_triage *t,
			long long *id_out, struct vx_err *err);
/* The triage history of a finding, oldest first. */
int vx_store_triage_history(struct vx_store *st, long long finding_id, struct vx_triage **out,
			    size_t *n, struct vx_err *err);
/* The newest triage record of a finding (*out owned by the caller: vx_triage_release). */
int vx_store_triage_latest(struct vx_store *st, long long finding_id, struct vx_triage *out,
			   struct vx_err *err);
/* Open findings of other versions with the same vulnerability and component identity as
 * finding_id (candidates for --apply-to); *ids is a fresh array. */
int vx_store_finding_twins(struct vx_store *st, long long finding_id, long long **ids,
			   size_t *n, struct vx_err *err);
/* Findings of a product version and vulnerability (open ones), to resolve
 * --product/--version/--vuln; fresh array. */
int vx_store_finding_ids(struct vx_store *st, const char *product, const char *version,
			 const char *vuln, long long **ids, size_t *n, struct vx_err *err);

/* --- rule inputs and decisions ------------------------------------------------------------- */

/* Everything the rules see about one open finding (plain copies; see docs/rules.md). */
struct vx_rule_input {
	long long finding_id, triage_id;
	char *t0;		 /* YYYY-MM-DD */
	int needs_review;
	char *vuln_id, *title;
	char *cvss_vector;	 /* best CVSS v3 vector of the vulnerability, or NULL */
	double cvss_score;	 /* -1 when none */
	int kev;		 /* listed in CISA KEV */
	char *kev_added, *kev_due, *kev_ransomware;
	char *component, *component_version, *purl, *cpe;
	char *product, *version, *pathway;
	int cyber_device, fielded;
	struct vx_triage triage; /* the newest triage record */
	char *manufacturer, *isao;
	int isao_member;
};

void vx_rule_input_list_free(struct vx_rule_input *list, size_t n);
/* Inputs for every open finding (of product/version when given). */
int vx_store_rule_inputs(struct vx_store *st, const char *product, const char *version,
			 struct vx_rule_input **out, size_t *n, struct vx_err *err);

struct vx_decision {
	long long id, finding_id, triage_id;
	char *evaluated_at, *as_of, *ruleset_sha256, *inputs_sha256;
	int ok;		     /* 0: the rules failed for this finding; error says why */
	char *error;
	char *rule, *severity, *exploitability, *risk, *action, *patch;
	int advisory;
	char *part806, *part806_due;
	int part803;
	char *part803_due;
	int annual_report;
	char *conditions;    /* JSON array of {id, state, due, detail} */
	char *rationale;
};

void vx_decision_release(struct vx_decision *d);
void vx_decision_list_free(struct vx_decision *list, size_t n);
/* Store d unless the finding's newest decision has the same inputs_sha256 (*stored says
 * which); appends an audit entry when stored. */
int vx_store_decision_put(struct vx_store *st, const struct vx_decision *d, int *stored,
			  struct vx_err *err);
/* The newest decision of every open finding (of product when given), with the finding
 * ids, ordered by finding id; findings never evaluated are absent. */
int vx_store_decisions(struct vx_store *st, const char *product, struct vx_decision **out,
		       size_t *n, struct vx_err *err);
/* The newest decision of a finding (the newest successful one with ok_only); *found = 0
 * when there is none. *out owned by the caller (vx_decision_release). */
int vx_store_decision_latest(struct vx_store *st, long long finding_id, int ok_only,
			     struct vx_decision *out, int *found, struct vx_err *err);
/* The decision of finding_id in a list from vx_store_decisions (binary search: the list is
 * ordered by finding id), or NULL. */
const struct vx_decision *vx_decision_of(const struct vx_decision *ds, size_t n,
					 long long finding_id);
/* The decision history of one finding, oldest first. */
int vx_store_decision_history(struct vx_store *st, long long finding_id,
			      struct vx_decision **out, size_t *n, struct vx_err *err);

/* --- VEX statements (vexmatch.c) --------------------------------------------------------- */

/* How a VEX statement names a component: bom-ref (with the SBOM serial of a BOM-Link, when
 * it had one), else purl, else CPE; the first one given is used. */
struct vx_component_ref {
	const char *bom_ref, *sbom_serial, *purl, *cpe;
};

/* The open findings of vuln_id in a product version whose component in the version's
 * current SBOM is the one ref names (a purl compares without qualifiers and subpath, and
 * without version when ref's has none; a CPE compares ignoring case). When ref names the
 * device itself (CycloneDX metadata.component), every open finding of vuln_id in the
 * version. None named or no match: *n = 0, not an error. *ids is a fresh array. */
int vx_store_findings_by_component(struct vx_store *st, const char *product,
				   const char *version, const char *vuln_id,
				   const struct vx_component_ref *ref, long long **ids, size_t *n,
				   struct vx_err *err);

/* --- vulnerability facts and advisories (advisory.c) -------------------------------------- */

/* What is published about one vulnerability, merged across its records (NVD first, then
 * OSV, then a tip), for advisories and notices. */
struct vx_vuln_facts {
	char *vuln_id, *title, *description, *published;
	char *cwes;	     /* "CWE-79,CWE-89" as recorded, or NULL */
	char **refs;	     /* reference URLs */
	size_t nrefs;
	char *cvss_version, *cvss_vector, *cvss_severity; /* the best CVSS v3 metric */
	double cvss_score;   /* -1 when none */
	int kev;	     /* listed in CISA KEV */
	char *kev_added, *kev_due, *kev_action;
	int is_tip;
	char *reporter, *received; /* the tip's */
};

void vx_vuln_facts_release(struct vx_vuln_facts *f);
/* VX_ENOTFOUND with "unknown vulnerability 'x'". */
int vx_store_vuln_facts(struct vx_store *st, const char *vuln_id, struct vx_vuln_facts *out,
			struct vx_err *err);

struct vx_advisory_revision {
	int number;
	char *date, *status, *summary, *content_sha256;
};

/* An advisory as issued: identified by (product, vulnerabilities, profile, scope). */
struct vx_advisory {
	long long id;
	char *tracking_id, *vulns, *profile, *scope, *created_at;
	struct vx_advisory_revision *revs; /* oldest first */
	size_t nrevs;
};

void vx_advisory_release(struct vx_advisory *a);
/* *found = 0 (and *out empty) when it was never issued. vulns: sorted, space-separated. */
int vx_store_advisory_get(struct vx_store *st, long long product_id, const char *vulns,
			  const char *profile, const char *scope, struct vx_advisory *out,
			  int *found, struct vx_err *err);

/* Every advisory issued for a product (*out fresh: release each, free the array). */
int vx_store_advisory_list(struct vx_store *st, long long product_id, struct vx_advisory **out,
			   size_t *n, struct vx_err *err);

struct vx_advisory_issue {
	long long product_id;
	const char *vulns;	    /* sorted, space-separated */
	const char *profile;	    /* "security_advisory" or "vex" */
	const char *scope;	    /* product version for a VEX, else NULL */
	const char *tracking_id;    /* for the first issue, or NULL to generate one */
	const char *id_prefix;	    /* generated ids: PREFIX-YYYY-NNNN */
	const char *status;	    /* draft, interim, final */
	const char *summary;	    /* the revision's summary */
	const char *content_sha256; /* of what the document says, tracking excluded */
	const char *date;	    /* YYYY-MM-DDTHH:MM:SSZ */
};

/* Issue an advisory in the caller's transaction: created on first issue; a revision is added
 * when the content hash or the status differ from the newest revision (*added = 1), else
 * nothing changes. A final advisory cannot go back to draft; a tracking id cannot change.
 * Audited. *out holds the advisory afterwards. */
int vx_store_advisory_issue(struct vx_store *st, const struct vx_advisory_issue *in,
			    struct vx_advisory *out, int *added, struct vx_err *err);

/* --- CAPA records (capa.c) ------------------------------------------------------------------ */

struct vx_capa_action {
	int seq;
	char *kind;	   /* correction, corrective, preventive */
	char *description, *owner;
	char *due, *done_at; /* YYYY-MM-DD or NULL */
};

struct vx_capa_approval {
	int seq;
	char *name, *role, *meaning, *at;
};

/* The ISO 13485 8.5.2 record of one vulnerability in one device. As input to
 * vx_store_capa_put, NULL fields keep their value and "" clears one. */
struct vx_capa {
	long long id;
	char *number;	   /* CAPA-YYYY-NNN */
	char *product, *vuln_id, *opened_at;
	char *problem, *source, *investigation, *root_cause, *timeline_rationale;
	char *verification, *verified_by, *verified_at; /* the action harms neither safety
							    nor compliance */
	char *effectiveness_criteria, *effectiveness_result, *effectiveness_checked_at;
	char *status;	   /* open, closed */
	char *closed_at;
	struct vx_capa_action *actions;
	size_t nactions;
	struct vx_capa_approval *approvals;
	size_t napprovals;
};

void vx_capa_release(struct vx_capa *c);
void vx_capa_list_free(struct vx_capa *list, size_t n);
/* The record as JSON (fresh): what the audit trail stores and `capa render` writes. */
char *vx_capa_json(const struct vx_capa *c);
/* VX_ENOTFOUND when there is none. */
int vx_store_capa_get(struct vx_store *st, const char *product, const char *vuln,
		      struct vx_capa *out, struct vx_err *err);
/* Every CAPA record (of product when given), by number. */
int vx_store_capa_list(struct vx_store *st, const char *product, struct vx_capa **out,
		       size_t *n, struct vx_err *err);
/* Open (numbered CAPA-YYYY-NNN) or update the record, in the caller's transaction; closing
 * needs the problem, root cause, at least one action, every action done, the verification,
 * the effectiveness result and an approval. Audited with before and after. */
int vx_store_capa_put(struct vx_store *st, const char *product, const char *vuln,
		      const struct vx_capa *in, int *created, struct vx_err *err);
int vx_store_capa_action_add(struct vx_store *st, const char *product, const char *vuln,
			     const struct vx_capa_action *a, int *seq, struct vx_err *err);
int vx_store_capa_action_done(struct vx_store *st, const char *product, const char *vuln,
			      int seq, const char *date, struct vx_err *err);
/* An approval stamped with the current time. */
int vx_store_capa_approve(struct vx_store *st, const char *product, const char *vuln,
			  const struct vx_capa_approval *a, struct vx_err *err);

/* --- continuous monitoring (monitor.c) ------------------------------------------------------ */

/* Whether the feed file name with this content was taken in already. */
int vx_store_monitor_seen(struct vx_store *st, const char *name, const char *sha256, int *seen,
			  struct vx_err *err);
/* Record that it was taken in (ok = imported; 0 = refused, retried when its content changes). */
int vx_store_monitor_took(struct vx_store *st, const char *name, const char *sha256,
			  long long size, int ok, struct vx_err *err);

struct vx_alert {
	long long id; /* stable: receivers can use it to drop a repeated delivery */
	char *key, *kind, *due, *text, *raised_at;
	long long finding_id;
};

void vx_alert_list_free(struct vx_alert *list, size_t n);
/* Record the event `key` unless it was raised before (*raised says which). */
int vx_store_alert_raise(struct vx_store *st, const char *key, const char *kind,
			 long long finding_id, const char *due, const char *text, int *raised,
			 struct vx_err *err);
/* Alerts raised and not yet delivered, oldest first. */
int vx_store_alerts_pending(struct vx_store *st, struct vx_alert **out, size_t *n,
			    struct vx_err *err);
int vx_store_alert_delivered(struct vx_store *st, long long id, struct vx_err *err);

#endif
