/* bench/yajl_floor.c - the floor for feed import: a bare yajl streaming parse of a file.
 *
 * Reads FILE in 64 KiB chunks, as vexil's NVD reader does, and hands them to yajl with
 * trivial callbacks that only count events, so the time is the tokenizer's plus one
 * indirect call per event. Nothing is built and nothing is kept. Prints the counts (so the
 * work cannot be optimised away) and exits 1 on a parse error. Built by bench/run.sh:
 *
 *   cc -O2 -o yajl_floor yajl_floor.c -lyajl
 */
#include <stdio.h>
#include <stdlib.h>
#include <yajl/yajl_parse.h>

struct counts {
	unsigned long long maps;    /* objects opened */
	unsigned long long arrays;  /* arrays opened */
	unsigned long long keys;    /* member names */
	unsigned long long scalars; /* strings, numbers, booleans, nulls */
	unsigned long long bytes;   /* string bytes seen */
};

static int on_null(void *p)
{
	((struct counts *)p)->scalars++;
	return 1;
}

static int on_bool(void *p, int b)
{
	(void)b;
	((struct counts *)p)->scalars++;
	return 1;
}

static int on_number(void *p, const char *s, size_t n)
{
	(void)s;
	(void)n;
	((struct counts *)p)->scalars++;
	return 1;
}

static int on_string(void *p, const unsigned char *s, size_t n)
{
	(void)s;
	((struct counts *)p)->scalars++;
	((struct counts *)p)->bytes += n;
	return 1;
}

static int on_key(void *p, const unsigned char *s, size_t n)
{
	(void)s;
	(void)n;
	((struct counts *)p)->keys++;
	return 1;
}

static int on_map(void *p)
{
	((struct counts *)p)->maps++;
	return 1;
}

static int on_array(void *p)
{
	((struct counts *)p)->arrays++;
	return 1;
}

static int on_end(void *p)
{
	(void)p;
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_bool,
	.yajl_number = on_number, /* numbers as text, as vexil's reader takes them */
	.yajl_string = on_string,
	.yajl_start_map = on_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_array,
	.yajl_end_array = on_end,
};

int main(int argc, char **argv)
{
	static unsigned char buf[64 * 1024];
	struct counts c = {0};
	yajl_handle h;
	yajl_status st = yajl_status_ok;
	FILE *f;
	size_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: yajl_floor FILE\n");
		return 2;
	}
	if (!(f = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 1;
	}
	h = yajl_alloc(&callbacks, NULL, &c);
	while (st == yajl_status_ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		st = yajl_parse(h, buf, n);
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	if (st != yajl_status_ok) {
		unsigned char *msg = yajl_get_error(h, 0, NULL, 0);
		fprintf(stderr, "yajl_floor: %s: %s\n", argv[1], (char *)msg);
		yajl_free_error(h, msg);
	}
	yajl_free(h);
	fclose(f);
	printf("%llu objects, %llu arrays, %llu keys, %llu scalars, %llu string bytes\n", c.maps,
	       c.arrays, c.keys, c.scalars, c.bytes);
	return st == yajl_status_ok ? 0 : 1;
}
