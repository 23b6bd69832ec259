/* src/rules/sandbox.c - Lua 5.4 states that run rules under an allow-list and budgets.
 *
 * A sandbox owns one lua_State made with a counting allocator (the memory cap), the
 * environment table every chunk gets as _ENV, the record of what was loaded (for the
 * digest) and the traceback of the last error. Everything the Lua API could fail on with
 * "not enough memory" runs inside lua_pcall, so a rule that exhausts the cap never reaches
 * Lua's panic handler. The instruction and time budgets live in one count hook; see
 * budget_hook for why it is sticky. What a rule may call is decided in setup_env and
 * explained in sandbox.h.
 */
#include "rules/sandbox.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"

/* VM instructions between two visits of the hook (wall clock and instruction count). */
#define HOOK_STEP 1000
/* Allocations at least this big also check the wall clock. */
#define BIG_ALLOC (64 * 1024)

enum trip {
	TRIP_NONE,
	TRIP_INSTRUCTIONS,
	TRIP_TIME,
};

struct vx_sandbox {
	lua_State *L;                 /* owned; lua_close in vx_sandbox_free */
	struct vx_sandbox_limits lim; /* with the defaults filled in */
	size_t mem_used;              /* bytes sb_alloc has handed out and not taken back */
	bool mem_refused;             /* sb_alloc refused a request since the load/call began */
	int env_ref;                  /* registry reference of the environment table */
	/* The running load or call. */
	unsigned long instr_used; /* instructions counted by the hook so far */
	int hook_step;            /* the count the hook is armed with */
	struct timespec start;    /* CLOCK_MONOTONIC when it began */
	bool running;             /* a load or call is under way (the budgets apply) */
	enum trip tripped;        /* which budget ran out, if one did */
	char trip_where[256];     /* "lua/x.lua:12" where it ran out, or "" */
	struct vx_buf traceback;  /* of the last Lua error; owned */
	struct vx_buf loaded;     /* "name\0source" of each chunk loaded, for the digest; owned */
};

/* Keys (by address) under which a read-only proxy's metatable keeps its data. */
static char key_raw;  /* the table holding the fields (child tables as proxies) */
static char key_keys; /* array of the keys in iteration order */
static char key_pos;  /* key -> position in key_keys */
static char key_len;  /* number of array items, for # */

static struct vx_sandbox *sandbox_of(lua_State *L)
{
	return *(struct vx_sandbox **)lua_getextraspace(L);
}

/* ---- Memory --------------------------------------------------------------------------- */

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void budget_hook(lua_State *L, lua_Debug *ar);

/* The wall clock, checked outside the hook: between two visits of the hook a few thousand
 * instructions can each spend long in C (upper-casing a 10 MB string, a refused allocation
 * followed by a full collection). When time is up, arm the hook with a count of 1 so the
 * next instruction raises; lua_sethook is safe to call at any point (lua.c calls it from a
 * signal handler). */
static void check_time(struct vx_sandbox *sb)
{
	if (!sb->running || sb->tripped != TRIP_NONE ||
	    seconds_since(&sb->start) <= sb->lim.seconds)
		return;
	sb->tripped = TRIP_TIME;
	lua_sethook(sb->L, budget_hook, LUA_MASKCOUNT, 1);
}

/* The lua_Alloc: counts every byte and refuses growth past the cap. In 5.4 osize is a type
 * code when ptr is NULL, so a fresh block has old size 0. Shrinking never fails: if realloc
 * cannot shrink, the old block is still big enough. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct vx_sandbox *sb = ud;
	size_t old = ptr ? osize : 0;
	void *p;

	if (nsize == 0) {
		free(ptr);
		sb->mem_used -= old;
		return NULL;
	}
	/* mem_used never exceeds the cap, so the subtraction cannot wrap. */
	if (nsize > old && nsize - old > sb->lim.memory_bytes - sb->mem_used) {
		sb->mem_refused = true;
		/* A refusal costs Lua a full collection: a loop of them is slow per instruction. */
		check_time(sb);
		return NULL;
	}
	if (nsize - old >= BIG_ALLOC && nsize > old) /* big strings mean slow C functions */
		check_time(sb);
	p = realloc(ptr, nsize);
	if (!p) {
		if (nsize <= old)
			return ptr;
		sb->mem_refused = true;
		return NULL;
	}
	sb->mem_used = sb->mem_used - old + nsize;
	return p;
}

static const char *mib_text(size_t bytes, char buf[32])
{
	snprintf(buf, 32, "%g MiB", (double)bytes / (1024.0 * 1024.0));
	return buf;
}

/* ---- Budgets -------------------------------------------------------------------------- */

/* Runs every hook_step instructions. Once a budget is exceeded it re-arms itself with a
 * count of 1 before raising, so every later instruction raises again: a pcall or xpcall in
 * the rule may catch the first error, but the next instruction of the code that caught it
 * (or of an xpcall message handler) fails too, until the error reaches the host. Hooks do
 * not fire inside C functions, which is why sandbox.h keeps those bounded. */
static void budget_hook(lua_State *L, lua_Debug *ar)
{
	struct vx_sandbox *sb = sandbox_of(L);

	if (sb->tripped == TRIP_NONE) {
		sb->instr_used += (unsigned long)sb->hook_step;
		if (sb->instr_used >= sb->lim.instructions) {
			sb->tripped = TRIP_INSTRUCTIONS;
		} else if (seconds_since(&sb->start) > sb->lim.seconds) {
			sb->tripped = TRIP_TIME;
		} else {
			unsigned long left = sb->lim.instructions - sb->instr_used;
			if (left < (unsigned long)sb->hook_step) {
				sb->hook_step = (int)left;
				lua_sethook(L, budget_hook, LUA_MASKCOUNT, sb->hook_step);
			}
			return;
		}
	}
	if (!sb->trip_where[0]) { /* the first time: say where, and become sticky */
		if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
			snprintf(sb->trip_where, sizeof(sb->trip_where), "%s:%d", ar->short_src,
			         ar->currentline);
		else
			snprintf(sb->trip_where, sizeof(sb->trip_where), "?");
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
	}
	lua_pushstring(L, sb->tripped == TRIP_TIME ? "rule set exceeded its time budget"
	                                           : "rule set exceeded its instruction budget");
	lua_error(L);
}

static void budget_start(struct vx_sandbox *sb)
{
	sb->instr_used = 0;
	sb->running = true;
	sb->tripped = TRIP_NONE;
	sb->trip_where[0] = '\0';
	sb->mem_refused = false;
	vx_buf_reset(&sb->traceback);
	clock_gettime(CLOCK_MONOTONIC, &sb->start);
	sb->hook_step = sb->lim.instructions < HOOK_STEP ? (int)sb->lim.instructions : HOOK_STEP;
	lua_sethook(sb->L, budget_hook, LUA_MASKCOUNT, sb->hook_step);
}

/* Leave the state ready for the next load or call, whatever happened. */
static void budget_stop(struct vx_sandbox *sb, int status)
{
	sb->running = false;
	lua_sethook(sb->L, NULL, 0, 0);
	lua_settop(sb->L, 0);
	if (status == LUA_ERRMEM || sb->mem_refused)
		lua_gc(sb->L, LUA_GCCOLLECT);
}

/* Message handler for every pcall the host makes: keeps the traceback apart and returns
 * the message alone. Error objects that are not strings are described, not called. */
static int msgh(lua_State *L)
{
	struct vx_sandbox *sb = sandbox_of(L);

	if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
		lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
		lua_replace(L, 1);
	}
	lua_tostring(L, 1);
	lua_settop(L, 1);
	luaL_traceback(L, L, NULL, 1);
	vx_buf_reset(&sb->traceback);
	vx_buf_adds(&sb->traceback, lua_tostring(L, -1));
	lua_settop(L, 1);
	return 1;
}

/* Turn a failed load or call into err. The budgets come first: once one has run out,
 * whatever the rule did with the errors after that is noise. */
static int report(struct vx_sandbox *sb, int status, const char *chunkname, struct vx_err *err)
{
	const char *where =
	    sb->trip_where[0] && strcmp(sb->trip_where, "?") != 0 ? sb->trip_where : NULL;
	const char *msg;
	char mib[32];

	if (sb->tripped == TRIP_INSTRUCTIONS)
		return vx_err_at(err, VX_ELIMIT, where,
		                 "rule set exceeded its instruction budget (%lu instructions)",
		                 sb->lim.instructions);
	if (sb->tripped == TRIP_TIME)
		return vx_err_at(err, VX_ELIMIT, where, "rule set exceeded its time budget (%g s)",
		                 sb->lim.seconds);
	if (status == LUA_ERRMEM || (status == LUA_ERRERR && sb->mem_refused))
		return vx_err_set(err, VX_ELIMIT, "rule set exceeded its memory limit (%s)",
		                  mib_text(sb->lim.memory_bytes, mib));
	msg = lua_type(sb->L, -1) == LUA_TSTRING ? lua_tostring(sb->L, -1) : "unknown error";
	/* Syntax errors start with "name:line:"; the binary-chunk refusal does not. */
	if (status == LUA_ERRSYNTAX && strncmp(msg, chunkname, strlen(chunkname)) != 0)
		return vx_err_at(err, VX_EINVAL, chunkname, "%s", msg);
	return vx_err_set(err, VX_EINVAL, "%s", msg);
}

/* ---- Read-only records ---------------------------------------------------------------- */

static bool is_proxy(lua_State *L, int idx)
{
	int t;
	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		return false;
	t = lua_rawgetp(L, -1, &key_raw);
	lua_pop(L, 2);
	return t == LUA_TTABLE;
}

static int ro_newindex(lua_State *L)
{
	char name[80];
	if (lua_type(L, 2) == LUA_TSTRING)
		snprintf(name, sizeof(name), "%s", lua_tostring(L, 2));
	else if (lua_isinteger(L, 2))
		snprintf(name, sizeof(name), "[%lld]", (long long)lua_tointeger(L, 2));
	else
		snprintf(name, sizeof(name), "?");
	/* Name the rule's line even when table.insert or table.sort did the writing. */
	for (int level = 1; level < 8; level++) {
		lua_Debug ar;
		if (!lua_getstack(L, level, &ar))
			break;
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			lua_pushfstring(L, "%s:%d: attempt to modify read-only field '%s'",
			                ar.short_src, ar.currentline, name);
			return lua_error(L);
		}
	}
	return luaL_error(L, "attempt to modify read-only field '%s'", name);
}

static int ro_len(lua_State *L)
{
	if (!lua_getmetatable(L, 1))
		return 0;
	lua_rawgetp(L, -1, &key_len);
	return 1;
}

/* next() for a proxy: the keys in the order push_table recorded. */
static int ro_next(lua_State *L)
{
	lua_Integer i = 0;

	lua_settop(L, 2);
	if (!is_proxy(L, 1))
		return luaL_error(L, "bad argument #1 to 'next' (read-only record expected)");
	lua_getmetatable(L, 1);       /* 3 */
	lua_rawgetp(L, 3, &key_keys); /* 4 */
	lua_rawgetp(L, 3, &key_pos);  /* 5 */
	lua_rawgetp(L, 3, &key_raw);  /* 6 */
	if (!lua_isnil(L, 2)) {
		lua_pushvalue(L, 2);
		if (lua_rawget(L, 5) != LUA_TNUMBER)
			return luaL_error(L, "invalid key to 'next'");
		i = lua_tointeger(L, -1);
		lua_pop(L, 1);
	}
	if (lua_rawgeti(L, 4, i + 1) == LUA_TNIL)
		return 1;
	lua_pushvalue(L, -1);
	lua_rawget(L, 6);
	return 2;
}

static int ro_pairs(lua_State *L)
{
	lua_pushcfunction(L, ro_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* The `xpcall` rules get: the message handler runs after the failed call has unwound,
 * not at the point of the error. Lua 5.4 runs a handler with hooks disabled when the error
 * was raised from inside a hook (allowhook stays 0 until a pcall boundary restores it), so
 * a handler looping after a budget error could never be stopped. Rules cannot look at the
 * stack (no debug library), so a handler sees no difference. An error in the handler is
 * returned like the standard xpcall returns it: false and the error. */
static int sb_xpcall(lua_State *L)
{
	int n = lua_gettop(L);

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	for (int i = 3; i <= n; i++)
		lua_pushvalue(L, i);
	if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK)
		return lua_gettop(L) - n; /* true and the results */
	lua_pushvalue(L, 2);
	lua_insert(L, -2);
	lua_pcall(L, 1, 1, 0);
	lua_pushboolean(L, 0);
	lua_insert(L, -2);
	return 2;
}

/* The `next` rules get: the usual one, and ro_next on records. */
static int sb_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (is_proxy(L, 1))
		return ro_next(L);
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

static void push_number(lua_State *L, double d)
{
	/* Integral values go in as integers so tostring(30) is "30", not "30.0". */
	if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == floor(d))
		lua_pushinteger(L, (lua_Integer)d);
	else
		lua_pushnumber(L, d);
}

static void push_value(lua_State *L, const struct vx_value *v, int depth);

static int clamp_int(size_t n)
{
	return n > 1000000 ? 1000000 : (int)n;
}

/* A record table: an empty proxy whose metatable serves the fields from a raw table and
 * refuses writes. Child tables are proxies too, so the raw table never leaks. */
static void push_table(lua_State *L, const struct vx_value *v, int depth)
{
	int p, m, r, k, pos;
	lua_Integer at = 0;

	if (depth >= VX_SANDBOX_MAX_DEPTH)
		luaL_error(L, "input nested deeper than %d levels", VX_SANDBOX_MAX_DEPTH);
	lua_createtable(L, 0, 0);
	p = lua_gettop(L);
	lua_createtable(L, 0, 10);
	m = lua_gettop(L);
	lua_createtable(L, clamp_int(v->n_items), clamp_int(v->n_fields));
	r = lua_gettop(L);
	lua_createtable(L, clamp_int(v->n_items + v->n_fields), 0);
	k = lua_gettop(L);
	lua_createtable(L, 0, clamp_int(v->n_items + v->n_fields));
	pos = lua_gettop(L);
	for (size_t i = 0; i < v->n_items; i++) {
		if (!v->items[i] || v->items[i]->type == VX_V_NIL)
			continue;
		push_value(L, v->items[i], depth + 1);
		lua_rawseti(L, r, (lua_Integer)i + 1);
		lua_pushinteger(L, (lua_Integer)i + 1);
		lua_rawseti(L, k, ++at);
		lua_pushinteger(L, at);
		lua_rawseti(L, pos, (lua_Integer)i + 1);
	}
	for (size_t i = 0; i < v->n_fields; i++) {
		if (v->fields[i].value->type == VX_V_NIL)
			continue;
		lua_pushstring(L, v->fields[i].key);
		push_value(L, v->fields[i].value, depth + 1);
		lua_rawset(L, r);
		lua_pushstring(L, v->fields[i].key);
		lua_rawseti(L, k, ++at);
		lua_pushstring(L, v->fields[i].key);
		lua_pushinteger(L, at);
		lua_rawset(L, pos);
	}
	lua_rawsetp(L, m, &key_pos);
	lua_rawsetp(L, m, &key_keys);
	lua_pushvalue(L, r);
	lua_rawsetp(L, m, &key_raw);
	lua_setfield(L, m, "__index");
	lua_pushinteger(L, (lua_Integer)v->n_items);
	lua_rawsetp(L, m, &key_len);
	lua_pushcfunction(L, ro_newindex);
	lua_setfield(L, m, "__newindex");
	lua_pushcfunction(L, ro_len);
	lua_setfield(L, m, "__len");
	lua_pushcfunction(L, ro_pairs);
	lua_setfield(L, m, "__pairs");
	lua_pushboolean(L, 0);
	lua_setfield(L, m, "__metatable");
	lua_setmetatable(L, p);
	lua_settop(L, p);
}

static void push_value(lua_State *L, const struct vx_value *v, int depth)
{
	luaL_checkstack(L, 8, "input nested too deep");
	if (!v) {
		lua_pushnil(L);
		return;
	}
	switch (v->type) {
	case VX_V_NIL:
		lua_pushnil(L);
		break;
	case VX_V_BOOL:
		lua_pushboolean(L, v->b);
		break;
	case VX_V_NUM:
		push_number(L, v->num);
		break;
	case VX_V_STR:
		lua_pushlstring(L, v->str ? v->str : "", v->len);
		break;
	case VX_V_TABLE:
		push_table(L, v, depth);
		break;
	}
}

/* ---- Results -------------------------------------------------------------------------- */

struct conv {
	struct vx_err *err;
	const char *fname; /* the function called, for messages */
	size_t count;      /* values converted so far */
	char path[256];    /* "result.actions[2]" of the value being converted */
};

static int field_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vx_value_field *)a)->key,
	              ((const struct vx_value_field *)b)->key);
}

static struct vx_value *node_new(enum vx_value_type t)
{
	struct vx_value *v = vx_calloc(1, sizeof(*v));
	v->type = t;
	return v;
}

static int to_value(lua_State *L, int idx, struct conv *c, int depth, struct vx_value **slot);

/* Extend c->path (now `at` bytes long) by ".key" or "[i]". */
static void path_key(struct conv *c, size_t at, const char *key)
{
	if (at < sizeof(c->path))
		snprintf(c->path + at, sizeof(c->path) - at, ".%s", key);
}

static void path_index(struct conv *c, size_t at, long long i)
{
	if (at < sizeof(c->path))
		snprintf(c->path + at, sizeof(c->path) - at, "[%lld]", i);
}

/* A table, or the raw table behind a record the rule passed back. Every node is stored in
 * its slot as soon as it exists, so a Lua error in the middle (luaL_checkstack running out
 * of memory) leaves a tree the caller can still free. */
static int table_to_value(lua_State *L, int idx, struct conv *c, int depth, struct vx_value *t)
{
	size_t n_int = 0, n_str = 0, at = strlen(c->path);
	lua_Integer max_int = 0;
	int rc = 0;

	if (is_proxy(L, idx)) {
		lua_getmetatable(L, idx);
		lua_rawgetp(L, -1, &key_raw);
		lua_replace(L, -2);
		idx = lua_gettop(L);
	}
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) == LUA_TSTRING) {
			n_str++;
		} else if (lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1) {
			n_int++;
			if (lua_tointeger(L, -2) > max_int)
				max_int = lua_tointeger(L, -2);
		} else {
			char key[64];
			if (lua_type(L, -2) == LUA_TNUMBER)
				snprintf(key, sizeof(key), "%s %.17g",
				         lua_isinteger(L, -2) ? "integer" : "number",
				         lua_tonumber(L, -2));
			else
				snprintf(key, sizeof(key), "of type %s", luaL_typename(L, -2));
			lua_pop(L, 2);
			return vx_err_at(c->err, VX_EINVAL, c->path,
			                 "'%s' returned a table with key %s; keys must be strings "
			                 "or 1..n",
			                 c->fname, key);
		}
		lua_pop(L, 1);
	}
	if ((lua_Integer)n_int != max_int)
		return vx_err_at(c->err, VX_EINVAL, c->path,
		                 "'%s' returned an array with holes (%zu items up to index %lld); "
		                 "arrays must use keys 1..n",
		                 c->fname, n_int, (long long)max_int);
	if (n_int) {
		t->items = vx_calloc(n_int, sizeof(*t->items));
		t->n_items = t->cap_items = n_int;
	}
	if (n_str) {
		t->fields = vx_calloc(n_str, sizeof(*t->fields));
		t->cap_fields = n_str;
	}
	lua_pushnil(L);
	while (rc == 0 && lua_next(L, idx)) {
		struct vx_value **slot;
		if (lua_type(L, -2) == LUA_TSTRING) {
			size_t klen;
			const char *key = lua_tolstring(L, -2, &klen);
			if (strlen(key) != klen) {
				lua_pop(L, 2);
				return vx_err_at(c->err, VX_EINVAL, c->path,
				                 "'%s' returned a key holding a NUL byte",
				                 c->fname);
			}
			if (t->n_fields == t->cap_fields) { /* the table changed under us */
				lua_pop(L, 2);
				break;
			}
			t->fields[t->n_fields].key = vx_strdup(key);
			slot = &t->fields[t->n_fields++].value;
			path_key(c, at, key);
		} else {
			lua_Integer i = lua_tointeger(L, -2);
			if (i < 1 || (size_t)i > t->n_items) {
				lua_pop(L, 2);
				break;
			}
			slot = &t->items[i - 1];
			path_index(c, at, (long long)i);
		}
		rc = to_value(L, lua_gettop(L), c, depth + 1, slot);
		c->path[at < sizeof(c->path) ? at : sizeof(c->path) - 1] = '\0';
		lua_pop(L, rc == 0 ? 1 : 2);
	}
	if (rc == 0 && t->n_fields > 1)
		qsort(t->fields, t->n_fields, sizeof(*t->fields), field_cmp);
	return rc;
}

static int to_value(lua_State *L, int idx, struct conv *c, int depth, struct vx_value **slot)
{
	int top = lua_gettop(L), rc = 0;

	luaL_checkstack(L, 8, "result nested too deep");
	if (++c->count > VX_SANDBOX_MAX_VALUES)
		return vx_err_at(c->err, VX_ELIMIT, c->path, "'%s' returned more than %d values",
		                 c->fname, VX_SANDBOX_MAX_VALUES);
	switch (lua_type(L, idx)) {
	case LUA_TBOOLEAN:
		*slot = node_new(VX_V_BOOL);
		(*slot)->b = lua_toboolean(L, idx);
		break;
	case LUA_TNUMBER: {
		double d = lua_isinteger(L, idx) ? (double)lua_tointeger(L, idx)
		                                 : (double)lua_tonumber(L, idx);
		if (!isfinite(d))
			return vx_err_at(c->err, VX_EINVAL, c->path,
			                 "'%s' returned a number that is not finite (%g)", c->fname,
			                 d);
		*slot = node_new(VX_V_NUM);
		(*slot)->num = d;
		break;
	}
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		*slot = vx_value_strn_new(s, len);
		break;
	}
	case LUA_TTABLE:
		if (depth >= VX_SANDBOX_MAX_DEPTH)
			return vx_err_at(c->err, VX_ELIMIT, c->path,
			                 "'%s' returned tables nested deeper than %d levels",
			                 c->fname, VX_SANDBOX_MAX_DEPTH);
		*slot = node_new(VX_V_TABLE);
		rc = table_to_value(L, idx, c, depth, *slot);
		break;
	default:
		return vx_err_at(c->err, VX_EINVAL, c->path,
		                 "'%s' returned a %s; a result holds only strings, numbers, "
		                 "booleans and tables",
		                 c->fname, luaL_typename(L, idx));
	}
	lua_settop(L, top);
	return rc;
}

/* ---- Environment ---------------------------------------------------------------------- */

static const char *const base_names[] = {
    "assert",   "error",    "ipairs", "pairs",    "pcall",  "select",
    "tonumber", "tostring", "type",   "rawequal", "rawlen", NULL,
};
static const char *const string_names[] = {
    "byte", "char", "format", "len", "lower", "reverse", "sub", "upper", NULL,
};
static const char *const table_names[] = {
    "concat", "insert", "pack", "remove", "sort", "unpack", NULL,
};
static const char *const math_names[] = {
    "abs",  "acos", "asin", "atan", "ceil",       "cos",  "deg",        "exp",  "floor",
    "fmod", "huge", "log",  "max",  "maxinteger", "min",  "mininteger", "modf", "pi",
    "rad",  "sin",  "sqrt", "tan",  "tointeger",  "type", "ult",        NULL,
};
static const char *const utf8_names[] = {
    "char", "charpattern", "codepoint", "codes", "len", "offset", NULL,
};

/* Copy the named fields of the table at `from` into the table on top of the stack. */
static void copy_fields(lua_State *L, int from, const char *const *names)
{
	for (; *names; names++) {
		lua_getfield(L, from, *names);
		lua_setfield(L, -2, *names);
	}
}

static bool has_magic(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] && strchr("^$*+?.([%-", p[i]))
			return true;
	return false;
}

/* string.find(s, text [, init [, plain]]): plain text only, see sandbox.h. */
static int str_find(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	lua_Integer init = luaL_optinteger(L, 3, 1);
	const char *hit;
	size_t from;

	if (!lua_toboolean(L, 4) && has_magic(p, lp))
		return luaL_error(L, "string.find: patterns are not available in rules; pass "
		                     "plain = true (string.find(s, text, 1, true))");
	if (init > 0)
		from = (size_t)init - 1;
	else if (init == 0 || (size_t) - (init + 1) >= ls)
		from = 0;
	else
		from = ls - (size_t)-init;
	if (from > ls) {
		lua_pushnil(L);
		return 1;
	}
	hit = lp == 0 ? s + from : memmem(s + from, ls - from, p, lp);
	if (!hit) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
	lua_pushinteger(L, (lua_Integer)(hit - s + (ptrdiff_t)lp));
	return 2;
}

/* string.rep, except that an empty result is made without Lua's n-step loop. */
static int str_rep(lua_State *L)
{
	size_t l, lsep = 0;
	lua_Integer n;

	luaL_checklstring(L, 1, &l);
	n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &lsep);
	if (n <= 0 || (l == 0 && lsep == 0)) {
		lua_pushliteral(L, "");
		return 1;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* A fresh table of the allowed string functions; strlib is the library's index. */
static void push_string_table(lua_State *L, int strlib)
{
	lua_createtable(L, 0, 12);
	copy_fields(L, strlib, string_names);
	lua_pushcfunction(L, str_find);
	lua_setfield(L, -2, "find");
	lua_getfield(L, strlib, "rep");
	lua_pushcclosure(L, str_rep, 1);
	lua_setfield(L, -2, "rep");
}

/* Protected: open the libraries the environment copies from and build the environment.
 * The state's own global table keeps the full base library but is reachable by no rule. */
static int setup_env(lua_State *L)
{
	struct vx_sandbox *sb = sandbox_of(L);
	int base, str, tab, math, utf8, env;

	luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
	base = lua_gettop(L);
	luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
	str = lua_gettop(L);
	luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
	tab = lua_gettop(L);
	luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
	math = lua_gettop(L);
	luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
	utf8 = lua_gettop(L);

	lua_createtable(L, 0, 24);
	env = lua_gettop(L);
	copy_fields(L, base, base_names);
	lua_pushcfunction(L, sb_next);
	lua_setfield(L, env, "next");
	lua_pushcfunction(L, sb_xpcall);
	lua_setfield(L, env, "xpcall");
	push_string_table(L, str);
	lua_setfield(L, env, "string");
	lua_createtable(L, 0, 8);
	copy_fields(L, tab, table_names);
	lua_setfield(L, env, "table");
	lua_createtable(L, 0, 28);
	copy_fields(L, math, math_names);
	lua_setfield(L, env, "math");
	lua_createtable(L, 0, 8);
	copy_fields(L, utf8, utf8_names);
	lua_setfield(L, env, "utf8");

	/* String methods: a second copy nobody can reach, behind a locked metatable. */
	lua_pushliteral(L, "");
	if (!lua_getmetatable(L, -1))
		return luaL_error(L, "strings have no metatable");
	push_string_table(L, str);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);

	lua_pushvalue(L, env);
	sb->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* ---- Sandbox -------------------------------------------------------------------------- */

int vx_sandbox_new(const struct vx_sandbox_limits *lim, struct vx_sandbox **out, struct vx_err *err)
{
	struct vx_sandbox *sb;
	int status;

	*out = NULL;
	sb = vx_calloc(1, sizeof(*sb));
	sb->env_ref = LUA_NOREF;
	vx_buf_init(&sb->traceback);
	vx_buf_init(&sb->loaded);
	if (lim)
		sb->lim = *lim;
	if (sb->lim.memory_bytes == 0)
		sb->lim.memory_bytes = VX_SANDBOX_DEFAULT_MEMORY;
	if (sb->lim.instructions == 0)
		sb->lim.instructions = VX_SANDBOX_DEFAULT_INSTRUCTIONS;
	if (!(sb->lim.seconds > 0))
		sb->lim.seconds = VX_SANDBOX_DEFAULT_SECONDS;

	sb->L = lua_newstate(sb_alloc, sb);
	if (!sb->L) {
		char mib[32];
		int rc = vx_err_set(err, VX_ELIMIT,
		                    "rule set exceeded its memory limit (%s) while starting",
		                    mib_text(sb->lim.memory_bytes, mib));
		vx_sandbox_free(sb);
		return rc;
	}
	*(struct vx_sandbox **)lua_getextraspace(sb->L) = sb;
	lua_pushcfunction(sb->L, setup_env);
	status = lua_pcall(sb->L, 0, 0, 0);
	if (status != LUA_OK) {
		char mib[32];
		int rc = status == LUA_ERRMEM
		             ? vx_err_set(err, VX_ELIMIT,
		                          "rule set exceeded its memory limit (%s) while starting",
		                          mib_text(sb->lim.memory_bytes, mib))
		             : vx_err_set(err, VX_EINVAL, "cannot set up the rule sandbox: %s",
		                          lua_tostring(sb->L, -1));
		vx_sandbox_free(sb);
		return rc;
	}
	lua_settop(sb->L, 0);
	*out = sb;
	return 0;
}

void vx_sandbox_free(struct vx_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->L)
		lua_close(sb->L);
	vx_buf_release(&sb->traceback);
	vx_buf_release(&sb->loaded);
	free(sb);
}

int vx_sandbox_load(struct vx_sandbox *sb, const char *chunkname, const char *src, size_t len,
                    struct vx_err *err)
{
	lua_State *L = sb->L;
	char *name = vx_asprintf("@%s", chunkname);
	int status, rc = 0;

	budget_start(sb);
	lua_pushcfunction(L, msgh);
	/* lua_load runs protected: a memory error while parsing comes back as a status. */
	status = luaL_loadbufferx(L, src, len, name, "t");
	if (status == LUA_OK) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, sb->env_ref);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
		status = lua_pcall(L, 0, 0, 1);
	}
	if (status != LUA_OK || sb->tripped != TRIP_NONE)
		rc = report(sb, status, chunkname, err);
	budget_stop(sb, status);
	free(name);
	if (rc == 0) {
		vx_buf_add(&sb->loaded, chunkname, strlen(chunkname) + 1);
		vx_buf_add(&sb->loaded, src, len);
	}
	return rc;
}

int vx_sandbox_load_file(struct vx_sandbox *sb, const char *path, const char *display_name,
                         struct vx_err *err)
{
	const char *name = display_name ? display_name : path;
	char *src;
	size_t len;
	int rc;

	rc = vx_file_read(path, VX_SANDBOX_MAX_SOURCE, &src, &len, err);
	if (rc != 0)
		return vx_err_prefix(err, "%s", name);
	rc = vx_sandbox_load(sb, name, src, len, err);
	free(src);
	return rc;
}

struct call_ctx {
	struct vx_sandbox *sb;
	const char *function;
	const struct vx_value *arg;
	struct vx_value *result; /* built by call_body; freed by the host on failure */
	bool missing;            /* no such function */
	struct conv conv;
	int conv_rc; /* result conversion failed (conv.err filled in) */
};

/* Protected: make the record, call the function, convert what it returns. */
static int call_body(lua_State *L)
{
	struct call_ctx *ctx = lua_touserdata(L, 1);
	int nargs = 0;

	lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->sb->env_ref);
	lua_pushstring(L, ctx->function);
	if (lua_rawget(L, -2) != LUA_TFUNCTION) {
		ctx->missing = true;
		return 0;
	}
	if (ctx->arg) {
		push_value(L, ctx->arg, 0);
		nargs = 1;
	}
	lua_call(L, nargs, 1);
	if (!lua_istable(L, -1)) {
		ctx->conv_rc =
		    lua_isnil(L, -1)
		        ? vx_err_set(ctx->conv.err, VX_EINVAL, "'%s' returned nil, not a table",
		                     ctx->function)
		        : vx_err_set(ctx->conv.err, VX_EINVAL, "'%s' returned a %s, not a table",
		                     ctx->function, luaL_typename(L, -1));
		return 0;
	}
	snprintf(ctx->conv.path, sizeof(ctx->conv.path), "result");
	ctx->conv_rc = to_value(L, lua_gettop(L), &ctx->conv, 0, &ctx->result);
	return 0;
}

int vx_sandbox_call(struct vx_sandbox *sb, const char *function, const struct vx_value *arg,
                    struct vx_value **result, struct vx_err *err)
{
	lua_State *L = sb->L;
	struct call_ctx ctx;
	int status, rc = 0;

	*result = NULL;
	memset(&ctx, 0, sizeof(ctx));
	ctx.sb = sb;
	ctx.function = function;
	ctx.arg = arg;
	ctx.conv.err = err;
	ctx.conv.fname = function;

	budget_start(sb);
	lua_pushcfunction(L, msgh);
	lua_pushcfunction(L, call_body);
	lua_pushlightuserdata(L, &ctx);
	status = lua_pcall(L, 1, 0, 1);
	if (status != LUA_OK || sb->tripped != TRIP_NONE)
		rc = report(sb, status, NULL, err);
	else if (ctx.missing)
		rc = vx_err_set(err, VX_ENOTFOUND, "the rule set defines no function '%s'",
		                function);
	else if (ctx.conv_rc != 0)
		rc = ctx.conv_rc;
	budget_stop(sb, status);
	if (rc != 0) {
		vx_value_free(ctx.result);
		return rc;
	}
	*result = ctx.result;
	return 0;
}

const char *vx_sandbox_traceback(const struct vx_sandbox *sb)
{
	return vx_buf_str(&sb->traceback);
}

void vx_sandbox_digest(const struct vx_sandbox *sb, char out[65])
{
	vx_sha256_hex(sb->loaded.data ? sb->loaded.data : "", sb->loaded.len, out);
}

size_t vx_sandbox_memory(const struct vx_sandbox *sb)
{
	return sb->mem_used;
}

const char *vx_sandbox_version(void)
{
	return LUA_RELEASE;
}

/* ---- Values --------------------------------------------------------------------------- */

struct vx_value *vx_value_table_new(void)
{
	return node_new(VX_V_TABLE);
}

struct vx_value *vx_value_nil_new(void)
{
	return node_new(VX_V_NIL);
}

struct vx_value *vx_value_bool_new(bool b)
{
	struct vx_value *v = node_new(VX_V_BOOL);
	v->b = b;
	return v;
}

struct vx_value *vx_value_num_new(double num)
{
	struct vx_value *v = node_new(VX_V_NUM);
	v->num = num;
	return v;
}

struct vx_value *vx_value_str_new(const char *s)
{
	return vx_value_strn_new(s ? s : "", s ? strlen(s) : 0);
}

struct vx_value *vx_value_strn_new(const char *s, size_t n)
{
	struct vx_value *v = node_new(VX_V_STR);
	v->str = vx_malloc(n + 1);
	if (n)
		memcpy(v->str, s, n);
	v->str[n] = '\0';
	v->len = n;
	return v;
}

void vx_value_free(struct vx_value *v)
{
	if (!v)
		return;
	free(v->str);
	for (size_t i = 0; i < v->n_items; i++)
		vx_value_free(v->items[i]);
	free(v->items);
	for (size_t i = 0; i < v->n_fields; i++) {
		free(v->fields[i].key);
		vx_value_free(v->fields[i].value);
	}
	free(v->fields);
	free(v);
}

/* Position of key in t->fields, or where it would go (*found false). */
static size_t field_find(const struct vx_value *t, const char *key, bool *found)
{
	size_t lo = 0, hi = t->n_fields;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->fields[mid].key, key);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

void vx_value_set(struct vx_value *t, const char *key, struct vx_value *v)
{
	bool found;
	size_t i;

	if (!t || t->type != VX_V_TABLE || !key) {
		vx_value_free(v);
		return;
	}
	i = field_find(t, key, &found);
	if (found) {
		vx_value_free(t->fields[i].value);
		if (v) {
			t->fields[i].value = v;
			return;
		}
		free(t->fields[i].key);
		memmove(&t->fields[i], &t->fields[i + 1],
		        (t->n_fields - i - 1) * sizeof(*t->fields));
		t->n_fields--;
		return;
	}
	if (!v)
		return;
	t->fields = vx_grow(t->fields, sizeof(*t->fields), t->n_fields + 1, &t->cap_fields);
	memmove(&t->fields[i + 1], &t->fields[i], (t->n_fields - i) * sizeof(*t->fields));
	t->fields[i].key = vx_strdup(key);
	t->fields[i].value = v;
	t->n_fields++;
}

void vx_value_set_str(struct vx_value *t, const char *key, const char *s)
{
	vx_value_set(t, key, s ? vx_value_str_new(s) : NULL);
}

void vx_value_set_num(struct vx_value *t, const char *key, double num)
{
	vx_value_set(t, key, vx_value_num_new(num));
}

void vx_value_set_bool(struct vx_value *t, const char *key, bool b)
{
	vx_value_set(t, key, vx_value_bool_new(b));
}

struct vx_value *vx_value_set_table(struct vx_value *t, const char *key)
{
	struct vx_value *v = vx_value_table_new();
	vx_value_set(t, key, v);
	return v;
}

void vx_value_push(struct vx_value *t, struct vx_value *v)
{
	if (!t || t->type != VX_V_TABLE || !v) {
		vx_value_free(v);
		return;
	}
	t->items = vx_grow(t->items, sizeof(*t->items), t->n_items + 1, &t->cap_items);
	t->items[t->n_items++] = v;
}

void vx_value_push_str(struct vx_value *t, const char *s)
{
	vx_value_push(t, vx_value_str_new(s));
}

void vx_value_push_num(struct vx_value *t, double num)
{
	vx_value_push(t, vx_value_num_new(num));
}

void vx_value_push_bool(struct vx_value *t, bool b)
{
	vx_value_push(t, vx_value_bool_new(b));
}

struct vx_value *vx_value_push_table(struct vx_value *t)
{
	struct vx_value *v = vx_value_table_new();
	vx_value_push(t, v);
	return v;
}

const struct vx_value *vx_value_get(const struct vx_value *t, const char *key)
{
	bool found;
	size_t i;
	if (!t || t->type != VX_V_TABLE || !key)
		return NULL;
	i = field_find(t, key, &found);
	return found ? t->fields[i].value : NULL;
}

const struct vx_value *vx_value_at(const struct vx_value *t, size_t i)
{
	if (!t || t->type != VX_V_TABLE || i >= t->n_items)
		return NULL;
	return t->items[i];
}

size_t vx_value_len(const struct vx_value *t)
{
	return t && t->type == VX_V_TABLE ? t->n_items : 0;
}

const char *vx_value_str(const struct vx_value *v)
{
	return v && v->type == VX_V_STR ? v->str : NULL;
}

double vx_value_num(const struct vx_value *v, double dflt)
{
	return v && v->type == VX_V_NUM ? v->num : dflt;
}

bool vx_value_bool(const struct vx_value *v, bool dflt)
{
	return v && v->type == VX_V_BOOL ? v->b : dflt;
}

const char *vx_value_get_str(const struct vx_value *t, const char *key)
{
	return vx_value_str(vx_value_get(t, key));
}
