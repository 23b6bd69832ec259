/* src/util/file.c - bounded reads, atomic writes, SHA-256 (see file.h). */
#include "util/file.h"
#include "util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

const char *vx_size_text(unsigned long long bytes)
{
	static char out[32];
	if (bytes >= (1ULL << 30))
		snprintf(out, sizeof(out), "%.1f GiB", (double)bytes / (1ULL << 30));
	else if (bytes >= (1ULL << 20))
		snprintf(out, sizeof(out), "%.1f MiB", (double)bytes / (1ULL << 20));
	else if (bytes >= 1024)
		snprintf(out, sizeof(out), "%.1f KiB", (double)bytes / 1024);
	else
		snprintf(out, sizeof(out), "%llu bytes", bytes);
	return out;
}

int vx_file_read(const char *path, size_t max_bytes, char **out, size_t *len, struct vx_err *err)
{
	struct stat st;
	char *data = NULL;
	size_t cap, n = 0;
	int fd, rc = VX_EIO;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vx_err_set(err, VX_EIO, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0) {
		vx_err_set(err, VX_EIO, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		vx_err_set(err, VX_EIO, "is a directory");
		goto out;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_bytes) {
		char lim[32];
		snprintf(lim, sizeof(lim), "%s", vx_size_text(max_bytes));
		rc = vx_err_set(err, VX_ELIMIT, "file is %s; the limit for this input is %s",
				vx_size_text((unsigned long long)st.st_size), lim);
		goto out;
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	data = vx_malloc(cap);
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			/* Room for one byte past the ceiling is enough to detect excess. */
			cap = cap > max_bytes / 2 ? max_bytes + 2 : cap * 2;
			data = vx_realloc(data, cap);
		}
		r = read(fd, data + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			vx_err_set(err, VX_EIO, "read failed: %s", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max_bytes) {
			rc = vx_err_set(err, VX_ELIMIT, "input exceeds the limit of %s for this input",
					vx_size_text(max_bytes));
			goto out;
		}
	}
	data[n] = '\0';
	*out = data;
	*len = n;
	data = NULL;
	rc = 0;
out:
	free(data);
	close(fd);
	return rc;
}

const char *vx_path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int vx_file_write_atomic(const char *path, const void *data, size_t len, struct vx_err *err)
{
	char *tmp = vx_asprintf("%s.tmp.XXXXXX", path);
	const char *p = data;
	int fd, rc = VX_EIO;
	mode_t um;

	fd = mkstemp(tmp);
	if (fd < 0) {
		vx_err_set(err, VX_EIO, "cannot create a temporary file next to '%s': %s", path,
			   strerror(errno));
		free(tmp);
		return VX_EIO;
	}
	um = umask(0);
	umask(um);
	if (fchmod(fd, 0644 & ~um) < 0)
		goto fail_errno;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail_errno;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) < 0)
		goto fail_errno;
	if (close(fd) < 0) {
		fd = -1;
		goto fail_errno;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail_errno;
	free(tmp);
	return 0;

fail_errno:
	vx_err_set(err, VX_EIO, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return rc;
}

void vx_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		vx_oom(); /* only fails when OpenSSL cannot allocate */
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

struct vx_sha256 {
	EVP_MD_CTX *ctx;
};

struct vx_sha256 *vx_sha256_new(void)
{
	struct vx_sha256 *h = vx_malloc(sizeof(*h));
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || !EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		vx_oom();
	return h;
}

void vx_sha256_update(struct vx_sha256 *h, const void *data, size_t len)
{
	if (len)
		EVP_DigestUpdate(h->ctx, data, len);
}

void vx_sha256_final(struct vx_sha256 *h, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_DigestFinal_ex(h->ctx, md, &mdlen);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	vx_sha256_abandon(h);
}

void vx_sha256_abandon(struct vx_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

int vx_sha256_file(const char *path, char out[65], unsigned long long *size, struct vx_err *err)
{
	FILE *f = fopen(path, "rb");
	struct vx_sha256 *h;
	char buf[1 << 16];
	size_t n;
	unsigned long long total = 0;
	if (!f)
		return vx_err_set(err, VX_EIO, "cannot open: %s", strerror(errno));
	h = vx_sha256_new();
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		vx_sha256_update(h, buf, n);
		total += n;
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		vx_sha256_abandon(h);
		return vx_err_set(err, VX_EIO, "cannot read: %s", strerror(e));
	}
	fclose(f);
	vx_sha256_final(h, out);
	if (size)
		*size = total;
	return 0;
}
