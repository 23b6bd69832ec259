/* src/import/vex.h - reading triage assessments from a file: a CSV, a CycloneDX VEX or a
 * CSAF 2.0 VEX, into one plain list of statements.
 *
 * Owns: format detection from content, the three readers, the mapping of CycloneDX and
 * CSAF vocabularies onto vexil's (CSAF status and flag labels; no crosswalk is normative, so
 * the one below is vexil's), and the structural checks that make a document malformed
 * (wrong types, unknown states, product ids the document does not define). Every refusal
 * names its place: "line 7", "vulnerabilities[2].analysis.state".
 *
 * Does not own: which finding a statement is about (the triage import command resolves
 * product, version and component against the store), the validation of what is recorded
 * (the store checks statuses, justifications, severities and dates, exactly as for
 * 'triage set'), or printing. It knows nothing of the store: the assessment is plain
 * fields here and converted by the command.
 *
 * Everything in a struct vx_vex is owned by it and freed by vx_vex_release(). Absent values
 * are NULL (strings) or -1 (numbers), never "".
 *
 * Mappings.
 *   CycloneDX analysis.state: not_affected, false_positive -> not_affected; exploitable ->
 *   affected; resolved, resolved_with_pedigree -> fixed; in_triage -> under_investigation.
 *   justification: code_not_present -> vulnerable_code_not_present; code_not_reachable ->
 *   vulnerable_code_not_in_execute_path; requires_configuration, requires_environment,
 *   requires_dependency -> vulnerable_code_cannot_be_controlled_by_adversary; protected_* ->
 *   inline_mitigations_already_exist. detail -> impact; response[] (and recommendation) ->
 *   action. One statement per affects[] entry (one without a component when affects is
 *   empty); a vulnerability without analysis states nothing and is passed over. The
 *   original state and justification are kept in the reason.
 *   CSAF product_status: known_affected, first_affected, last_affected -> affected;
 *   known_not_affected -> not_affected (justification: the product's flag label);
 *   fixed, first_fixed -> fixed; under_investigation -> under_investigation; recommended is
 *   not a status. threats[] of category impact -> impact; remediations[] -> action
 *   ("category: details", joined by "; "). Group ids are resolved. One statement per
 *   (vulnerability, product id in a status list).
 */
#ifndef VX_IMPORT_VEX_H
#define VX_IMPORT_VEX_H

#include <stddef.h>

struct vx_err;

/* Input ceilings: a VEX file above VX_VEX_MAX_BYTES is refused before it is read; JSON
 * nesting beyond VX_VEX_MAX_DEPTH is refused before it is parsed. */
#define VX_VEX_MAX_BYTES ((size_t)64 << 20)
#define VX_VEX_MAX_DEPTH 100

enum vx_vex_format {
	VX_VEX_UNKNOWN = 0,
	VX_VEX_CSV,
	VX_VEX_CYCLONEDX,
	VX_VEX_CSAF,
};

/* One assessment, in the vocabulary of 'vexil triage set' (values are not validated here
 * beyond yes/no and number syntax: the store validates what it records). */
struct vx_vex_assessment {
	char *status;        /* under_investigation, affected, not_affected, fixed */
	char *justification; /* CSAF flag label */
	char *impact, *action, *hazard, *severity, *cvss_vector, *controls;
	int safety_impact;                                          /* 1 yes, 0 no, -1 not given */
	int public_exploit;                                         /* 1 yes, 0 no, -1 not given */
	double epss;                                                /* 0..1, -1 not given */
	int adverse_events;                                         /* 1 yes, 0 no, -1 not given */
	char *customers_notified, *fix_distributed, *isao_notified; /* as given */
	char *fix_deployed;						/* as given (CSV) */
	char *reason; /* CSV reason column, or what the document said originally */
};

/* One statement: which finding (as far as the file says) and the assessment. */
struct vx_vex_statement {
	char *where;          /* place in the file for messages: "line 7",
	                         "vulnerabilities[2].affects[0]",
	                         "vulnerabilities[0].product_status.known_affected[1]" */
	long long finding_id; /* CSV finding column; 0 when not given */
	char *vuln_id;        /* CVE or other vulnerability id; NULL only with finding_id */
	char *product;        /* device product name, when the file says (CSV; CSAF branches) */
	char *version;        /* device version, when the file says */
	char *component;      /* CSV: component name */
	char *component_ref;  /* bom-ref (the fragment of a BOM-Link, percent-decoded) */
	char *sbom_serial;    /* BOM-Link's SBOM serial as "urn:uuid:...", else NULL */
	char *component_purl; /* CSAF product_identification_helper.purl */
	char *component_cpe;  /* CSAF product_identification_helper.cpe */
	char *product_id;     /* CSAF product id, or CycloneDX affects ref as written */
	struct vx_vex_assessment a;
};

struct vx_vex {
	enum vx_vex_format format;
	char *spec_version; /* CycloneDX specVersion, CSAF csaf_version; NULL for CSV */
	char *doc_id;       /* CycloneDX serialNumber, CSAF tracking.id */
	struct vx_vex_statement *statements;
	size_t nstatements, cap;
};

/* Detect the format of data[0..len) and read it into *out (initialised here; release with
 * vx_vex_release even on failure). JSON with "bomFormat": "CycloneDX" is a CycloneDX VEX,
 * JSON with a "document" object a CSAF document, other text a CSV with a header row.
 * OpenVEX and XML are refused as unsupported. */
int vx_vex_parse(const char *data, size_t len, struct vx_vex *out, struct vx_err *err);
void vx_vex_release(struct vx_vex *v);

/* "CSV", "CycloneDX VEX", "CSAF VEX". */
const char *vx_vex_format_name(enum vx_vex_format f);

/* Split a CycloneDX BOM-Link "urn:cdx:<uuid>/<version>#<ref>": *serial = "urn:uuid:<uuid>",
 * *bom_ref = the percent-decoded fragment, NULL when the link names the whole BOM (fresh
 * strings). Anything else is a plain bom-ref: *serial = NULL, *bom_ref = a copy. */
void vx_vex_bom_link(const char *ref, char **serial, char **bom_ref);

#endif
