/* src/import/feed.h - reading vulnerability feeds into plain structs, one record at a time.
 *
 * Owns: format detection from content and the readers for the NVD CVE API 2.0 (the paged
 * response with vulnerabilities[].cve, and bare cve objects as in per-CVE mirrors; plain or
 * gzip), the CISA Known Exploited Vulnerabilities catalog, and OSV records (one record, or a
 * JSON array of them). NVD feeds stream through yajl: memory stays bounded by the size of
 * one record, whatever the size of the file. Each record is handed to a callback as a
 * struct vx_vuln; the callback decides what to keep (the store, a test).
 *
 * Does not own: matching (src/match), the store, or deciding which record is newer.
 *
 * Ownership: the struct vx_vuln given to the callback, and everything in it, belongs to the
 * reader and is freed after the callback returns; a callback that keeps data copies it.
 * Strings are UTF-8 without NUL bytes; absent values are NULL.
 */
#ifndef VX_IMPORT_FEED_H
#define VX_IMPORT_FEED_H

#include <stddef.h>

struct vx_err;

/* Ceilings for hostile input: one record's JSON text, any string value, nesting. A record
 * above the ceiling is refused with its position; the feed file itself may be any size. */
#define VX_FEED_MAX_RECORD ((size_t)16 << 20)
#define VX_FEED_MAX_STRING ((size_t)1 << 20)
#define VX_FEED_MAX_DEPTH 64

enum vx_feed_format {
	VX_FEED_UNKNOWN = 0,
	VX_FEED_NVD,  /* NVD CVE API 2.0, paged response or bare cve objects */
	VX_FEED_KEV,  /* CISA KEV catalog */
	VX_FEED_OSV,  /* OSV schema 1.x record(s) */
};

struct vx_cvss {
	char *version;	/* "2.0", "3.0", "3.1", "4.0" */
	char *vector;	/* as published, e.g. "CVSS:3.1/AV:N/AC:L/..." */
	double score;	/* base score; -1 when the source gave only a vector (OSV) */
	char *severity; /* "CRITICAL", "HIGH", ... as published, or NULL */
	char *source;	/* "nvd@nist.gov", a CNA address, "osv" */
	int primary;	/* 1 for NVD type "Primary" */
};

/* One NVD cpeMatch entry. Version bounds are as published (NULL when absent). */
struct vx_cpe_match {
	char *criteria;	   /* CPE 2.3 formatted string */
	int vulnerable;	   /* only vulnerable entries name the vulnerable product */
	char *match_id;	   /* matchCriteriaId */
	char *start_incl;  /* versionStartIncluding */
	char *start_excl;  /* versionStartExcluding */
	char *end_incl;	   /* versionEndIncluding */
	char *end_excl;	   /* versionEndExcluding */
};

struct vx_conf_node {
	int op_and; /* operator AND (1) or OR (0, the default) */
	int negate;
	struct vx_cpe_match *matches;
	size_t nmatches;
};

/* One element of NVD configurations[]: nodes combined by op_and (a single node when
 * there is no operator). */
struct vx_configuration {
	int op_and;
	int negate;
	int tip; /* 1 when it describes a researcher tip's affected product (not from NVD) */
	struct vx_conf_node *nodes;
	size_t nnodes;
};

enum vx_osv_event_kind { VX_OSV_INTRODUCED, VX_OSV_FIXED, VX_OSV_LAST_AFFECTED, VX_OSV_LIMIT };

struct vx_osv_event {
	enum vx_osv_event_kind kind;
	char *version; /* "0" for introduced-from-the-start */
};

struct vx_osv_range {
	char *type; /* "SEMVER", "ECOSYSTEM", "GIT" */
	char *repo; /* GIT only */
	struct vx_osv_event *events;
	size_t nevents;
};

struct vx_osv_affected {
	char *ecosystem; /* "npm", "Maven", "PyPI", "Go", "NuGet", "Debian:12", ... */
	char *name;
	char *purl;	 /* package.purl when given */
	struct vx_osv_range *ranges;
	size_t nranges;
	char **versions; /* explicit affected versions */
	size_t nversions;
	char *vers;	 /* researcher tips: affected versions as a vers: range (not OSV) */
};

/* CISA KEV fields of a CVE. */
struct vx_kev {
	char *vendor;
	char *product;
	char *name;	       /* vulnerabilityName */
	char *date_added;      /* YYYY-MM-DD */
	char *due_date;	       /* YYYY-MM-DD */
	char *required_action;
	char *ransomware;      /* "Known" / "Unknown" */
	char *notes;
};

struct vx_vuln {
	enum vx_feed_format source; /* which reader produced it */
	char *id;		    /* "CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q" */
	char **aliases;		    /* other ids (OSV aliases; CVE ids first) */
	size_t naliases;
	char *published;	    /* as published (NVD times have no zone: UTC) */
	char *modified;		    /* lastModified / modified: the record's version */
	char *status;		    /* NVD vulnStatus ("Analyzed", "Rejected", ...); OSV
				       "withdrawn" when withdrawn */
	char *description;	    /* English description / OSV details (else summary) */
	char *summary;		    /* OSV summary */
	char **cwes;		    /* "CWE-79", each once; NVD-CWE-Other / noinfo are kept as
				       given */
	size_t ncwes;
	struct vx_cvss *cvss;	    /* every metric, in the order published */
	size_t ncvss;
	char **refs;		    /* reference URLs, each once */
	size_t nrefs;
	struct vx_configuration *confs; /* NVD configurations, whole */
	size_t nconfs;
	struct vx_osv_affected *affected; /* OSV affected[] */
	size_t naffected;
	struct vx_kev *kev;	    /* KEV fields: from the KEV catalog, or NVD's cisa* mirror */
};

/* Called once per record; a negative return stops the read and is returned by
 * vx_feed_read (with err as the callback set it). `where` names the record's place as a
 * JSON path ("vulnerabilities[1234]", "[3]" in an OSV array), or "" when the whole file is
 * the record (a bare NVD cve object, a single OSV record), for the callback's own messages. */
typedef int (*vx_feed_cb)(void *ctx, const struct vx_vuln *v, const char *where,
			  struct vx_err *err);

/* Filled by the readers, also when they fail (records then counts the records handed out
 * before the failure); the caller frees catalog_version either way. */
struct vx_feed_info {
	enum vx_feed_format format;
	size_t records;	     /* records handed to the callback */
	char *catalog_version; /* KEV catalogVersion, NVD timestamp; owned, free() */
	char sha256[65];       /* vx_feed_read_file: SHA-256 of the file's bytes, computed as
				  they stream past (so a feed is read once); "" otherwise */
};

const char *vx_feed_format_name(enum vx_feed_format f); /* "NVD CVE API 2.0", ... */

/* Read a feed file (gzip detected by its magic bytes) and call cb per record. On error,
 * err names the place ("vulnerabilities[12].cve.published: ..." or "line L, column C:
 * ..."); the caller adds the file name. info may be NULL. */
int vx_feed_read_file(const char *path, vx_feed_cb cb, void *ctx, struct vx_feed_info *info,
		      struct vx_err *err);

/* The same over a buffer already in memory (tests, fuzzing); gzip is detected here too. */
int vx_feed_read_buffer(const char *data, size_t len, vx_feed_cb cb, void *ctx,
			struct vx_feed_info *info, struct vx_err *err);

/* Deep-free a record built by hand (the readers free their own); leaves *v zeroed. */
void vx_vuln_release(struct vx_vuln *v);

#endif
