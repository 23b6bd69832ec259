/* src/util/file.h - reading input with a ceiling, writing output atomically, hashing.
 *
 * vx_file_read() is how every reader of untrusted files gets its bytes: it refuses a file
 * over the caller's ceiling before reading it (and stops reading a pipe at the ceiling), so
 * a multi-GB input costs no memory. vx_file_write_atomic() writes to a temporary file in the
 * target's directory, fsyncs and renames, so an interrupted write never leaves a half-written
 * file under the target name. SHA-256 (OpenSSL) lives here because both the store (SBOM
 * identity, audit chain) and the signer need it.
 */
#ifndef VX_UTIL_FILE_H
#define VX_UTIL_FILE_H

#include <stddef.h>

struct vx_err;

/* Read a whole file into a fresh NUL-terminated buffer (*out, freed by the caller) and its
 * length (*len). Refuses files larger than max_bytes with VX_ELIMIT, and directories,
 * unreadable or missing files with VX_EIO; the message names the limit or the OS error.
 * The file name is not put into err: callers prefix it. */
int vx_file_read(const char *path, size_t max_bytes, char **out, size_t *len, struct vx_err *err);

/* Write data to path through path.tmp.XXXXXX + fsync + rename. Mode 0644 unless the
 * process umask is stricter. On failure the target is untouched and the temporary removed. */
int vx_file_write_atomic(const char *path, const void *data, size_t len, struct vx_err *err);

/* The last path component ("dir/a.json" -> "a.json"); points into path. */
const char *vx_path_base(const char *path);

/* SHA-256 of data as 64 lower-case hex digits plus NUL. */
void vx_sha256_hex(const void *data, size_t len, char out[65]);

/* Incremental SHA-256, for data that streams past once (a feed file as it is parsed). */
struct vx_sha256;
struct vx_sha256 *vx_sha256_new(void);
void vx_sha256_update(struct vx_sha256 *h, const void *data, size_t len);
/* Write the digest as hex and free h. */
void vx_sha256_final(struct vx_sha256 *h, char out[65]);
/* Free without a digest (an abandoned stream). NULL is fine. */
void vx_sha256_abandon(struct vx_sha256 *h);

/* SHA-256 of a file's content, read in 64 KiB pieces (any size, constant memory), and its
 * size (may be NULL). VX_EIO names the OS error; callers prefix the path. */
int vx_sha256_file(const char *path, char out[65], unsigned long long *size, struct vx_err *err);

/* Human-readable size: "1.5 MiB". Static buffer. */
const char *vx_size_text(unsigned long long bytes);

#endif
