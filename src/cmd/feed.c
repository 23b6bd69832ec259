/* src/cmd/feed.c - vexil feed import: NVD, KEV and OSV files into the store. */
#include "cmd/cmd.h"
#include "cmd/progress.h"
#include "import/feed.h"
#include "match/match.h"
#include "store/store.h"
#include "store/vuln.h"
#include "util/err.h"
#include "util/file.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char vx_usage_feed[] =
	"usage: vexil feed import FILE|DIR... [--json]\n"
	"\n"
	"Import vulnerability records. The format is detected from the content:\n"
	"  - NVD CVE API 2.0: a paged response (vulnerabilities[].cve) or a bare cve object\n"
	"    (one per file, as in per-CVE mirrors), plain or gzip; streamed, so the whole NVD\n"
	"    imports in bounded memory;\n"
	"  - the CISA Known Exploited Vulnerabilities catalog;\n"
	"  - OSV records (one per file, or a JSON array).\n"
	"A directory is read recursively (*.json and *.json.gz, in name order). Each file is one\n"
	"transaction: a file with any error imports nothing, and the message names the file and\n"
	"the record. A record already stored with the same or a later last-modified time is\n"
	"skipped, a newer one replaces it; importing the same file twice changes nothing.\n"
	"Run 'vexil match' afterwards to find which device versions are affected.\n";

struct import_ctx {
	struct vx_store *st;
	long long import_id;
	struct vx_feed_counts counts;
	struct vx_progress progress;
};

static int on_record(void *p, const struct vx_vuln *v, const char *where, struct vx_err *err)
{
	struct import_ctx *ctx = p;
	struct vx_vuln_keys keys = {0};
	enum vx_put_result res;
	int rc, current;

	/* An unchanged record needs no lookup keys: skip computing them. */
	if ((rc = vx_store_vuln_is_current(ctx->st, v, &current, err)) < 0)
		return vx_err_prefix(err, "%s", where);
	if (!current)
		vx_match_vuln_keys(v, &keys);
	rc = vx_store_vuln_put(ctx->st, ctx->import_id, v, &keys, &res, err);
	vx_match_keys_release(&keys);
	if (rc < 0)
		return vx_err_prefix(err, "%s", where);
	ctx->counts.records++;
	vx_progress_set(&ctx->progress, ctx->counts.records);
	if (res == VX_PUT_ADDED)
		ctx->counts.added++;
	else if (res == VX_PUT_UPDATED)
		ctx->counts.updated++;
	else
		ctx->counts.unchanged++;
	return 0;
}

static int import_file(struct vx_ctx *c, const char *path, void *json_out)
{
	struct import_ctx ctx = {c->store, 0, {0}, {0}};
	struct vx_feed_info info = {0};
	struct vx_err err;
	const char *sha = info.sha256;
	int rc;

	vx_err_clear(&err);
	vx_progress_start(&ctx.progress, vx_path_base(path), "records", 0);
	if ((rc = vx_store_begin(c->store, &err)) < 0)
		goto fail;
	/* The format and the file's SHA-256 are known once the reader has streamed it (the
	 * file is read once); the row is completed at the end. */
	if ((rc = vx_store_feed_begin(c->store, vx_path_base(path), &ctx.import_id, &err)) < 0 ||
	    (rc = vx_feed_read_file(path, on_record, &ctx, &info, &err)) < 0 ||
	    (rc = vx_store_feed_finish(c->store, ctx.import_id, info.sha256,
				       vx_feed_format_name(info.format), info.catalog_version,
				       &ctx.counts, &err)) < 0) {
		vx_store_rollback(c->store);
		goto fail;
	}
	if ((rc = vx_store_commit(c->store, &err)) < 0)
		goto fail;
	vx_progress_end(&ctx.progress);
	if (json_out) {
		cJSON *o = cJSON_CreateObject();
		vx_cmd_json_str(o, "file", path);
		vx_cmd_json_str(o, "format", vx_feed_format_name(info.format));
		vx_cmd_json_str(o, "catalog_version", info.catalog_version);
		vx_cmd_json_str(o, "sha256", sha);
		cJSON_AddNumberToObject(o, "records", (double)ctx.counts.records);
		cJSON_AddNumberToObject(o, "added", (double)ctx.counts.added);
		cJSON_AddNumberToObject(o, "updated", (double)ctx.counts.updated);
		cJSON_AddNumberToObject(o, "unchanged", (double)ctx.counts.unchanged);
		cJSON_AddItemToArray(json_out, o);
	} else {
		printf("%s: %s%s%s%s, %zu records: %zu added, %zu updated, %zu unchanged\n", path,
		       vx_feed_format_name(info.format), info.catalog_version ? " (" : "",
		       info.catalog_version ? info.catalog_version : "",
		       info.catalog_version ? ")" : "", ctx.counts.records, ctx.counts.added,
		       ctx.counts.updated, ctx.counts.unchanged);
	}
	free(info.catalog_version);
	return VX_EXIT_OK;
fail:
	vx_progress_end(&ctx.progress);
	free(info.catalog_version);
	vx_err_prefix(&err, "%s", path);
	return vx_cmd_fail(c, &err);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool feed_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 5 && strcmp(n + l - 5, ".json") == 0) ||
	       (l > 8 && strcmp(n + l - 8, ".json.gz") == 0);
}

/* Files under dir (recursively) in name order, appended to *list. */
static void collect(const char *dir, char ***list, size_t *n, size_t *cap, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0, ncap = 0;

	if (!d || depth > 32) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = vx_grow(names, sizeof(char *), nn + 1, &ncap);
		names[nn++] = vx_asprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof(char *), name_cmp);
	for (size_t i = 0; i < nn; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(names[i], list, n, cap, depth + 1);
			free(names[i]);
		} else if (feed_name(vx_path_base(names[i]))) {
			*list = vx_grow(*list, sizeof(char *), *n + 1, cap);
			(*list)[(*n)++] = names[i];
		} else {
			free(names[i]);
		}
	}
	free(names);
}

int vx_cmd_feed(struct vx_ctx *ctx, int argc, char **argv)
{
	const char *pos[256];
	char **files = NULL;
	size_t nfiles = 0, cap = 0;
	int npos, rc, status = VX_EXIT_OK;
	bool help;
	cJSON *arr = NULL;

	if (argc < 1 || strcmp(argv[0], "import") != 0)
		return vx_cmd_usage_error(ctx, "expected 'import'");
	ctx->name = "feed import";
	rc = vx_cmd_parse(ctx, argc - 1, argv + 1, NULL, pos, 256, &npos, &help);
	if (rc || help)
		return rc;
	if (npos == 0)
		return vx_cmd_usage_error(ctx, "expected one or more files or directories");
	for (int i = 0; i < npos; i++) {
		struct stat st;
		if (stat(pos[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t before = nfiles;
			collect(pos[i], &files, &nfiles, &cap, 0);
			if (nfiles == before)
				fprintf(stderr, "vexil: feed import: %s: no *.json or *.json.gz files\n",
					pos[i]);
		} else {
			files = vx_grow(files, sizeof(char *), nfiles + 1, &cap);
			files[nfiles++] = vx_strdup(pos[i]);
		}
	}
	if (ctx->json)
		arr = cJSON_CreateArray();
	/* Every file is tried: one bad file does not hold back the good ones, and the exit
	 * status says that something failed. */
	for (size_t i = 0; i < nfiles; i++) {
		if (import_file(ctx, files[i], arr) != VX_EXIT_OK)
			status = VX_EXIT_FAIL;
		free(files[i]);
	}
	free(files);
	if (arr)
		vx_cmd_print_json(arr);
	return status;
}
