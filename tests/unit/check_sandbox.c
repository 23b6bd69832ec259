/* tests/unit/check_sandbox.c - the Lua rule sandbox: escapes, budgets, values in and out.
 *
 * Every escape attempt must fail quickly (under 3 s, also under valgrind, hence the small
 * budgets), with a message naming the cause, and leave the sandbox usable. Set
 * VX_TEST_TIMINGS=1 to print how long each attempt took.
 */
#include "testutil.h"
#include "rules/sandbox.h"
#include "util/err.h"
#include "util/file.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIB (1024u * 1024u)

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct vx_sandbox *sandbox(size_t mem, unsigned long instructions, double seconds)
{
	struct vx_sandbox_limits lim = {mem, instructions, seconds};
	struct vx_sandbox *sb = NULL;
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_sandbox_new(&lim, &sb, &err) == 0, "%s", vx_err_text(&err));
	return sb;
}

/* {severity = 4, exploitability = 3, device = {name = "pump", pma = true},
 *  list = {"a", "b", "c"}} */
static struct vx_value *record(void)
{
	struct vx_value *r = vx_value_table_new(), *d, *l;
	vx_value_set_num(r, "severity", 4);
	vx_value_set_num(r, "exploitability", 3);
	d = vx_value_set_table(r, "device");
	vx_value_set_str(d, "name", "pump");
	vx_value_set_bool(d, "pma", true);
	l = vx_value_set_table(r, "list");
	vx_value_push_str(l, "a");
	vx_value_push_str(l, "b");
	vx_value_push_str(l, "c");
	return r;
}

static void load_ok(struct vx_sandbox *sb, const char *name, const char *src)
{
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_sandbox_load(sb, name, src, strlen(src), &err) == 0, "%s",
	              vx_err_text(&err));
}

static struct vx_value *call_ok(struct vx_sandbox *sb, const char *fn, const struct vx_value *arg)
{
	struct vx_value *res = NULL;
	struct vx_err err;
	vx_err_clear(&err);
	ck_assert_msg(vx_sandbox_call(sb, fn, arg, &res, &err) == 0, "%s", vx_err_text(&err));
	ck_assert_ptr_nonnull(res);
	return res;
}

/* ---- Escapes -------------------------------------------------------------------------- */

struct escape {
	const char *name;
	const char *body;   /* body of decide(r); or a whole chunk when load is true */
	const char *expect; /* substring of the error text */
	int code;
	size_t mem;                 /* 0: 4 MiB */
	unsigned long instructions; /* 0: 2M */
	double seconds;             /* 0: 30 s (the instruction budget decides) */
	bool load;                  /* the chunk itself misbehaves while loading */
};

static const struct escape escapes[] = {
    {.name = "os.execute",
     .body = "os.execute('touch /tmp/vexil-pwned')",
     .expect = "global 'os'",
     .code = VX_EINVAL},
    {.name = "io.open",
     .body = "io.open('/etc/passwd')",
     .expect = "global 'io'",
     .code = VX_EINVAL},
    {.name = "require", .body = "require('os')", .expect = "global 'require'", .code = VX_EINVAL},
    {.name = "dofile",
     .body = "dofile('/etc/passwd')",
     .expect = "global 'dofile'",
     .code = VX_EINVAL},
    {.name = "loadfile",
     .body = "loadfile('/etc/passwd')",
     .expect = "global 'loadfile'",
     .code = VX_EINVAL},
    {.name = "load", .body = "load('return 1')", .expect = "global 'load'", .code = VX_EINVAL},
    {.name = "package",
     .body = "package.loadlib('libc.so.6', 'system')",
     .expect = "global 'package'",
     .code = VX_EINVAL},
    {.name = "print", .body = "print('x')", .expect = "global 'print'", .code = VX_EINVAL},
    {.name = "_G", .body = "_G.os.execute('id')", .expect = "global '_G'", .code = VX_EINVAL},
    {.name = "_ENV.os",
     .body = "_ENV.os.execute('id')",
     .expect = "global 'os'",
     .code = VX_EINVAL},
    {.name = "string.dump",
     .body = "string.dump(decide)",
     .expect = "field 'dump'",
     .code = VX_EINVAL},
    {.name = "method dump",
     .body = "local s = ('x'):dump()",
     .expect = "method 'dump'",
     .code = VX_EINVAL},
    {.name = "string.pack",
     .body = "string.pack('i4', 1)",
     .expect = "field 'pack'",
     .code = VX_EINVAL},
    {.name = "getmetatable",
     .body = "getmetatable('').__index = {}",
     .expect = "global 'getmetatable'",
     .code = VX_EINVAL},
    {.name = "string newindex",
     .body = "local s = '' s.__index = {}",
     .expect = "attempt to index a string value",
     .code = VX_EINVAL},
    {.name = "setmetatable",
     .body = "setmetatable(r, nil)",
     .expect = "global 'setmetatable'",
     .code = VX_EINVAL},
    {.name = "rawset",
     .body = "rawset(r, 'severity', 1)",
     .expect = "global 'rawset'",
     .code = VX_EINVAL},
    {.name = "rawget",
     .body = "rawget(r, 'severity')",
     .expect = "global 'rawget'",
     .code = VX_EINVAL},
    {.name = "modify input",
     .body = "r.severity = 1",
     .expect = "lua/x.lua:3: attempt to modify read-only field 'severity'",
     .code = VX_EINVAL},
    {.name = "add to input",
     .body = "r.extra = 1",
     .expect = "read-only field 'extra'",
     .code = VX_EINVAL},
    {.name = "modify nested",
     .body = "r.device.name = 'x'",
     .expect = "read-only field 'name'",
     .code = VX_EINVAL},
    {.name = "table.insert input",
     .body = "table.insert(r.list, 'd')",
     .expect = "lua/x.lua:3: attempt to modify read-only field '[4]'",
     .code = VX_EINVAL},
    {.name = "table.sort input",
     .body = "table.sort(r.list, function(a, b) return a > b end)",
     .expect = "read-only field",
     .code = VX_EINVAL},
    {.name = "pairs state",
     .body = "local f, s = pairs(r) s.severity = 1",
     .expect = "read-only field 'severity'",
     .code = VX_EINVAL},
    {.name = "collectgarbage",
     .body = "collectgarbage('stop')",
     .expect = "global 'collectgarbage'",
     .code = VX_EINVAL},
    {.name = "debug.sethook",
     .body = "debug.sethook()",
     .expect = "global 'debug'",
     .code = VX_EINVAL},
    {.name = "coroutine",
     .body = "local co = coroutine.wrap(function() while true do end end) co()",
     .expect = "global 'coroutine'",
     .code = VX_EINVAL},
    {.name = "math.random",
     .body = "local x = math.random()",
     .expect = "field 'random'",
     .code = VX_EINVAL},
    {.name = "table.move",
     .body = "table.move({}, 1, 1e15, 1)",
     .expect = "field 'move'",
     .code = VX_EINVAL},
    {.name = "pattern find",
     .body = "string.find(string.rep('a', 100000), '.-.-.-.-.-.-b')",
     .expect = "patterns are not available",
     .code = VX_EINVAL},
    {.name = "pattern method",
     .body = "('aaa'):find('.-b')",
     .expect = "patterns are not available",
     .code = VX_EINVAL},
    {.name = "match",
     .body = "string.match('aaa', '.-b')",
     .expect = "field 'match'",
     .code = VX_EINVAL},
    {.name = "method match",
     .body = "('aaa'):match('.-b')",
     .expect = "method 'match'",
     .code = VX_EINVAL},
    {.name = "gmatch",
     .body = "string.gmatch('aaa', '.-b')",
     .expect = "field 'gmatch'",
     .code = VX_EINVAL},
    {.name = "gsub",
     .body = "string.gsub('aaa', '.-b', '')",
     .expect = "field 'gsub'",
     .code = VX_EINVAL},
    {.name = "string.rep bomb",
     .body = "local s = string.rep('x', 1e9)",
     .expect = "memory limit (4 MiB)",
     .code = VX_ELIMIT},
    {.name = "concat bomb",
     .body = "local s = 'x' while true do s = s .. s end",
     .expect = "memory limit (4 MiB)",
     .code = VX_ELIMIT},
    {.name = "table bomb",
     .body = "local t = {} for i = 1, 1e9 do t[i] = i end",
     .expect = "memory limit (4 MiB)",
     .code = VX_ELIMIT},
    {.name = "string table bomb",
     .body = "local t = {} local i = 0 while true do i = i + 1 "
             "t[i] = tostring(i) .. 'xxxxxxxxxxxxxxxx' end",
     .expect = "memory limit (4 MiB)",
     .code = VX_ELIMIT},
    {.name = "pcall memory bomb",
     .body = "while true do pcall(string.rep, 'x', 1e9) end",
     .expect = "rule set exceeded its",
     .code = VX_ELIMIT,
     .seconds = 1.0},
    /* Instructions that each spend long in C: the wall clock is also checked on big and on
     * refused allocations, not only every 1000 instructions. */
    {.name = "upper loop",
     .body = "local s = string.rep('x', 2e6) while true do local u = s:upper() end",
     .expect = "time budget (0.5 s)",
     .code = VX_ELIMIT,
     .mem = 16 * MIB,
     .instructions = 4000000000ul,
     .seconds = 0.5},
    {.name = "refused allocation loop",
     .body = "local t = {} for i = 1, 2e5 do t[i] = i end "
             "while true do pcall(string.rep, 'x', 1e9) end",
     .expect = "time budget (0.5 s)",
     .code = VX_ELIMIT,
     .mem = 16 * MIB,
     .instructions = 4000000000ul,
     .seconds = 0.5},
    {.name = "endless loop",
     .body = "while true do end",
     .expect = "lua/x.lua:3: rule set exceeded its instruction budget",
     .code = VX_ELIMIT},
    {.name = "loop around pcall",
     .body = "while true do pcall(function() while true do end end) end",
     .expect = "instruction budget",
     .code = VX_ELIMIT},
    {.name = "pcall loop counting",
     .body = "local n = 0 while true do "
             "local ok = pcall(function() while true do end end) n = n + 1 end",
     .expect = "instruction budget",
     .code = VX_ELIMIT},
    {.name = "loop in xpcall handler",
     .body = "xpcall(function() error('boom') end, function(m) while true do end end)",
     .expect = "instruction budget",
     .code = VX_ELIMIT},
    {.name = "xpcall swallowing",
     .body = "while true do xpcall(function() while true do end end, function(m) return m end) end",
     .expect = "instruction budget",
     .code = VX_ELIMIT},
    {.name = "error handler retry",
     .body = "local function h(m) return pcall(function() while true do end end) end "
             "while true do xpcall(function() while true do end end, h) end",
     .expect = "instruction budget",
     .code = VX_ELIMIT},
    {.name = "time budget",
     .body = "while true do end",
     .expect = "rule set exceeded its time budget (0.3 s)",
     .code = VX_ELIMIT,
     .mem = 0,
     .instructions = 4000000000ul,
     .seconds = 0.3},
    {.name = "time budget in pcall",
     .body = "while true do pcall(function() while true do end end) end",
     .expect = "time budget (0.3 s)",
     .code = VX_ELIMIT,
     .mem = 0,
     .instructions = 4000000000ul,
     .seconds = 0.3},
    {.name = "recursion (memory)",
     .body = "local function f(n) return 1 + f(n + 1) end f(1)",
     .expect = "memory limit (4 MiB)",
     .code = VX_ELIMIT},
    {.name = "recursion (stack)",
     .body = "local function f(n) local a, b, c, d, e, g, h, k = 1, 2, 3, 4, 5, 6, 7, 8 "
             "return 1 + f(n + 1) end f(1)",
     .expect = "stack overflow",
     .code = VX_EINVAL,
     .mem = 64 * MIB,
     .instructions = 50000000ul},
    {.name = "C recursion",
     .body = "local function f() local ok, e = pcall(f) "
             "if not ok then error(e, 0) end end f()",
     .expect = "stack overflow",
     .code = VX_EINVAL},
    {.name = "loop at load",
     .body = "while true do end",
     .expect = "lua/x.lua:1: rule set exceeded its instruction budget",
     .code = VX_ELIMIT,
     .mem = 0,
     .instructions = 0,
     .seconds = 0,
     .load = true},
    {.name = "bomb at load",
     .body = "big = string.rep('x', 3 * 1024 * 1024) .. string.rep('y', 3 * 1024 * 1024)",
     .expect = "memory limit (4 MiB)",
     .code = VX_ELIMIT,
     .mem = 0,
     .instructions = 0,
     .seconds = 0,
     .load = true},
    {.name = "escape at load",
     .body = "os.exit(1)",
     .expect = "lua/x.lua:1: attempt to index a nil value (global 'os')",
     .code = VX_EINVAL,
     .mem = 0,
     .instructions = 0,
     .seconds = 0,
     .load = true},
    /* Results. */
    {.name = "function in result",
     .body = "return {helper = function() end}",
     .expect = "result.helper: 'decide' returned a function",
     .code = VX_EINVAL},
    {.name = "nested function",
     .body = "return {actions = {'a', decide}}",
     .expect = "result.actions[2]: 'decide' "
               "returned a function",
     .code = VX_EINVAL},
    {.name = "string result",
     .body = "return 'uncontrolled'",
     .expect = "'decide' returned a string, not a table",
     .code = VX_EINVAL},
    {.name = "no result",
     .body = "return",
     .expect = "'decide' returned nil, not a table",
     .code = VX_EINVAL},
    {.name = "cycle in result",
     .body = "local t = {} t.self = t return t",
     .expect = "nested deeper than 64",
     .code = VX_ELIMIT},
    {.name = "holes in result",
     .body = "return {list = {1, nil, 3}}",
     .expect = "result.list: 'decide' returned an "
               "array with holes",
     .code = VX_EINVAL},
    {.name = "boolean key",
     .body = "return {[true] = 1}",
     .expect = "key of type boolean",
     .code = VX_EINVAL},
    {.name = "float key",
     .body = "return {[1.5] = 1}",
     .expect = "key number 1.5",
     .code = VX_EINVAL},
    {.name = "not finite",
     .body = "return {x = 0/0}",
     .expect = "result.x: 'decide' returned a number that is not finite",
     .code = VX_EINVAL},
};

START_TEST(escape_fails_cleanly)
{
	const struct escape *e = &escapes[_i];
	struct vx_sandbox *sb =
	    sandbox(e->mem ? e->mem : 4 * MIB, e->instructions ? e->instructions : 2000000ul,
	            e->seconds > 0 ? e->seconds : 30.0);
	struct vx_value *rec = record(), *res = NULL;
	struct vx_err err;
	char *src;
	double t0, dt;
	int rc;

	/* The body sits on line 3 so messages can be checked for the position. */
	src = e->load ? vx_strdup(e->body)
	              : vx_asprintf("function ok() return {ok = true} end\nfunction decide(r)\n"
	                            "do %s end\nreturn {}\nend\n",
	                            e->body);
	vx_err_clear(&err);
	t0 = now();
	rc = vx_sandbox_load(sb, "lua/x.lua", src, strlen(src), &err);
	if (!e->load) {
		ck_assert_msg(rc == 0, "%s: %s", e->name, vx_err_text(&err));
		rc = vx_sandbox_call(sb, "decide", rec, &res, &err);
	}
	dt = now() - t0;
	if (getenv("VX_TEST_TIMINGS"))
		fprintf(stderr, "escape %-22s %8.3f s  %s\n", e->name, dt, vx_err_text(&err));
	ck_assert_msg(rc == e->code, "%s: rc %d, want %d: %s", e->name, rc, e->code,
	              vx_err_text(&err));
	ck_assert_ptr_null(res);
	ck_assert_msg(strstr(vx_err_text(&err), e->expect), "%s: '%s' lacks '%s'", e->name,
	              vx_err_text(&err), e->expect);
	ck_assert_msg(dt < 3.0, "%s took %.2f s", e->name, dt);

	/* Still usable: a budget, a memory error or a refused result left nothing behind. */
	if (!e->load) {
		res = call_ok(sb, "ok", NULL);
		ck_assert(vx_value_bool(vx_value_get(res, "ok"), false));
		vx_value_free(res);
	}
	load_ok(sb, "lua/y.lua", "function later() return {n = 1 + 1} end");
	res = call_ok(sb, "later", NULL);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "n"), 0), 2);
	vx_value_free(res);

	free(src);
	vx_value_free(rec);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(binary_chunk_refused)
{
	/* The Lua 5.4 signature and version byte; the mode check comes before anything else. */
	static const char bytecode[] = "\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08xV\x00\x00";
	struct vx_sandbox *sb = sandbox(0, 0, 0);
	struct vx_err err;
	char d0[65], d1[65];

	vx_sandbox_digest(sb, d0);
	vx_err_clear(&err);
	ck_assert_int_eq(vx_sandbox_load(sb, "lua/x.luac", bytecode, sizeof(bytecode) - 1, &err),
	                 VX_EINVAL);
	ck_assert_str_eq(vx_err_text(&err),
	                 "lua/x.luac: attempt to load a binary chunk (mode is 't')");
	/* A failed load is not part of the rule set. */
	vx_sandbox_digest(sb, d1);
	ck_assert_str_eq(d0, d1);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(input_is_read_only_but_readable)
{
	struct vx_sandbox *sb = sandbox(0, 0, 0);
	struct vx_value *rec = record(), *res;

	vx_value_set_num(rec, "score", 7.5);
	load_ok(sb, "lua/x.lua",
	        "function decide(r)\n"
	        "  local keys, items = {}, {}\n"
	        "  for k, v in pairs(r) do keys[#keys + 1] = tostring(k) end\n"
	        "  for i, v in ipairs(r.list) do items[i] = v end\n"
	        "  local k1, v1 = next(r.list)\n"
	        "  local kn = next(r.list, 3)\n"
	        "  return { keys = table.concat(keys, ','), items = table.concat(items),\n"
	        "           len = #r.list, sev = tostring(r.severity), score = r.score,\n"
	        "           first = k1 .. v1, after_last = kn == nil, raw = rawlen(r.list),\n"
	        "           unpack = select('#', table.unpack(r.list)),\n"
	        "           missing = r.nope == nil, name = r.device.name:upper(),\n"
	        "           pma = r.device.pma, same = r, back = r.list }\n"
	        "end\n");
	res = call_ok(sb, "decide", rec);
	ck_assert_str_eq(vx_value_get_str(res, "keys"),
	                 "device,exploitability,list,score,severity");
	ck_assert_str_eq(vx_value_get_str(res, "items"), "abc");
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "len"), 0), 3);
	ck_assert_str_eq(vx_value_get_str(res, "sev"), "4"); /* integral numbers are integers */
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "score"), 0), 7.5);
	ck_assert_str_eq(vx_value_get_str(res, "first"), "1a");
	ck_assert(vx_value_bool(vx_value_get(res, "after_last"), false));
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "raw"), -1), 0);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "unpack"), 0), 3);
	ck_assert(vx_value_bool(vx_value_get(res, "missing"), false));
	ck_assert_str_eq(vx_value_get_str(res, "name"), "PUMP");
	ck_assert(vx_value_bool(vx_value_get(res, "pma"), false));
	/* A record handed back comes out as the values it holds. */
	ck_assert_str_eq(
	    vx_value_get_str(vx_value_get(vx_value_get(res, "same"), "device"), "name"), "pump");
	ck_assert_uint_eq(vx_value_len(vx_value_get(res, "back")), 3);
	ck_assert_str_eq(vx_value_str(vx_value_at(vx_value_get(res, "back"), 2)), "c");
	vx_value_free(res);
	vx_value_free(rec);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(rule_files_decide)
{
	struct vx_sandbox *sb = sandbox(0, 0, 0);
	struct vx_value *f = vx_value_table_new(), *t, *c, *res;
	const struct vx_value *comps, *report;
	char *matrix = vx_test_data("rules/matrix.lua"), *decide = vx_test_data("rules/decide.lua");
	struct vx_err err;

	vx_err_clear(&err);
	ck_assert_msg(vx_sandbox_load_file(sb, matrix, "lua/matrix.lua", &err) == 0, "%s",
	              vx_err_text(&err));
	ck_assert_msg(vx_sandbox_load_file(sb, decide, "lua/decide.lua", &err) == 0, "%s",
	              vx_err_text(&err));
	vx_value_set_num(f, "severity", 4);
	vx_value_set_num(f, "exploitability", 3);
	t = vx_value_set_table(f, "impact");
	vx_value_set_bool(t, "safety", true);
	vx_value_set_bool(t, "phi_only", false);
	vx_value_set_bool(vx_value_set_table(f, "isao"), "member", false);
	vx_value_set_str(vx_value_set_table(f, "device"), "pathway", "PMA");
	t = vx_value_set_table(f, "components");
	c = vx_value_push_table(t);
	vx_value_set_str(c, "name", "openssl");
	vx_value_set_str(c, "version", "1.0.2k");
	c = vx_value_push_table(t);
	vx_value_set_str(c, "name", "zlib");
	vx_value_set_str(c, "version", "1.2.11");

	res = call_ok(sb, "decide", f);
	ck_assert_str_eq(vx_value_get_str(res, "risk"), "uncontrolled");
	ck_assert_str_eq(vx_value_get_str(res, "rationale"), "E3 x S4 -> uncontrolled");
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "severity"), 0), 4);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "count"), 0), 2);
	ck_assert_str_eq(vx_value_get_str(res, "impact_keys"), "phi_only,safety");
	ck_assert(vx_value_bool(vx_value_get(res, "pma"), false));
	comps = vx_value_get(res, "components");
	ck_assert_uint_eq(vx_value_len(comps), 2);
	ck_assert_str_eq(vx_value_str(vx_value_at(comps, 0)), "openssl@1.0.2k");
	ck_assert_str_eq(vx_value_str(vx_value_at(comps, 1)), "zlib@1.2.11");
	report = vx_value_get(res, "report");
	ck_assert_int_eq(report->type, VX_V_TABLE);
	ck_assert(vx_value_bool(vx_value_get(report, "required"), false));
	ck_assert_double_eq(vx_value_num(vx_value_get(report, "days"), 0), 10);
	/* Fields come out sorted. */
	ck_assert_str_eq(res->fields[0].key, "components");
	vx_value_free(res);

	/* PHI-only impact is controlled whatever the matrix says. */
	t = (struct vx_value *)vx_value_get(f, "impact");
	vx_value_set_bool(t, "safety", false);
	vx_value_set_bool(t, "phi_only", true);
	res = call_ok(sb, "decide", f);
	ck_assert_str_eq(vx_value_get_str(res, "risk"), "controlled");
	vx_value_free(res);

	vx_err_clear(&err);
	ck_assert_int_eq(vx_sandbox_load_file(sb, "/nonexistent/x.lua", "lua/x.lua", &err), VX_EIO);
	ck_assert_msg(strncmp(vx_err_text(&err), "lua/x.lua: cannot open", 22) == 0, "%s",
	              vx_err_text(&err));

	free(matrix);
	free(decide);
	vx_value_free(f);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(sandboxes_do_not_share_globals)
{
	struct vx_sandbox *a = sandbox(0, 0, 0), *b = sandbox(0, 0, 0);
	struct vx_value *res;

	load_ok(a, "lua/a.lua",
	        "shared = 'from a'\nstring.upper = nil\n"
	        "function get() return {v = shared} end");
	load_ok(b, "lua/b.lua",
	        "function get() return {v = shared, up = ('x'):upper(),\n"
	        "  up2 = string.upper('y')} end");
	res = call_ok(a, "get", NULL);
	ck_assert_str_eq(vx_value_get_str(res, "v"), "from a");
	vx_value_free(res);
	res = call_ok(b, "get", NULL);
	ck_assert_ptr_null(vx_value_get(res, "v"));
	ck_assert_str_eq(vx_value_get_str(res, "up"), "X");
	ck_assert_str_eq(vx_value_get_str(res, "up2"), "Y");
	vx_value_free(res);
	/* Globals persist across chunks and calls of one rule set. */
	load_ok(a, "lua/a2.lua", "function get2() shared = shared .. '!' return {v = shared} end");
	vx_value_free(call_ok(a, "get2", NULL));
	res = call_ok(a, "get2", NULL);
	ck_assert_str_eq(vx_value_get_str(res, "v"), "from a!!");
	vx_value_free(res);
	vx_sandbox_free(a);
	vx_sandbox_free(b);
}
END_TEST

START_TEST(digest_covers_names_and_sources)
{
	static const char src[] = "function decide(r) return {risk = 'controlled'} end\n";
	struct vx_sandbox *a = sandbox(0, 0, 0), *b = sandbox(0, 0, 0), *c = sandbox(0, 0, 0);
	char da[65], db[65], dc[65], want[65], *joined, *changed = vx_strdup(src);
	size_t n = strlen("lua/x.lua") + 1 + strlen(src);

	load_ok(a, "lua/x.lua", src);
	load_ok(b, "lua/x.lua", src);
	strstr(changed, "controlled")[7] = 'X'; /* 'controlled' -> 'controlXed' */
	load_ok(c, "lua/x.lua", changed);
	vx_sandbox_digest(a, da);
	vx_sandbox_digest(b, db);
	vx_sandbox_digest(c, dc);
	ck_assert_str_eq(da, db);
	ck_assert_str_ne(da, dc);
	joined = vx_malloc(n);
	memcpy(joined, "lua/x.lua", 10);
	memcpy(joined + 10, src, strlen(src));
	vx_sha256_hex(joined, n, want);
	ck_assert_str_eq(da, want);
	/* Load order and names count. */
	load_ok(a, "lua/y.lua", "y = 1");
	load_ok(b, "lua/z.lua", "y = 1");
	vx_sandbox_digest(a, da);
	vx_sandbox_digest(b, db);
	ck_assert_str_ne(da, db);
	free(joined);
	free(changed);
	vx_sandbox_free(a);
	vx_sandbox_free(b);
	vx_sandbox_free(c);
}
END_TEST

START_TEST(error_positions)
{
	struct vx_sandbox *sb = sandbox(0, 0, 0);
	struct vx_value *res = NULL;
	struct vx_err err;
	static const char bad_syntax[] = "x = 1\ny = 2\nz = = 3\n";
	static const char runtime[] = "function decide(r)\n  local d = r.device\n"
	                              "  return {n = d.nope.name}\nend\n";

	vx_err_clear(&err);
	ck_assert_int_eq(vx_sandbox_load(sb, "lua/x.lua", bad_syntax, strlen(bad_syntax), &err),
	                 VX_EINVAL);
	ck_assert_msg(strncmp(vx_err_text(&err), "lua/x.lua:3:", 12) == 0, "%s", vx_err_text(&err));
	load_ok(sb, "lua/x.lua", runtime);
	res = record();
	{
		struct vx_value *out = NULL;
		ck_assert_int_eq(vx_sandbox_call(sb, "decide", res, &out, &err), VX_EINVAL);
		ck_assert_ptr_null(out);
	}
	ck_assert_str_eq(vx_err_text(&err),
	                 "lua/x.lua:3: attempt to index a nil value (field 'nope')");
	ck_assert_ptr_nonnull(strstr(vx_sandbox_traceback(sb), "stack traceback:"));
	ck_assert_ptr_nonnull(strstr(vx_sandbox_traceback(sb), "lua/x.lua:3: in function"));
	vx_value_free(res);

	/* error() with a level and with a table. */
	load_ok(sb, "lua/e.lua",
	        "function e1() error('bad input', 2) end\n"
	        "function e2() e1() end\n"
	        "function e3() error({code = 1}) end\n");
	ck_assert_int_eq(vx_sandbox_call(sb, "e2", NULL, &res, &err), VX_EINVAL);
	ck_assert_str_eq(vx_err_text(&err), "lua/e.lua:2: bad input");
	ck_assert_int_eq(vx_sandbox_call(sb, "e3", NULL, &res, &err), VX_EINVAL);
	ck_assert_str_eq(vx_err_text(&err), "(error object is a table value)");
	ck_assert_int_eq(vx_sandbox_call(sb, "nope", NULL, &res, &err), VX_ENOTFOUND);
	ck_assert_str_eq(vx_err_text(&err), "the rule set defines no function 'nope'");
	ck_assert_int_eq(vx_sandbox_call(sb, "string", NULL, &res, &err), VX_ENOTFOUND);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(budgets_are_per_call_and_memory_returns)
{
	struct vx_sandbox *sb = sandbox(4 * MIB, 1000000ul, 30.0);
	struct vx_value *res = NULL;
	struct vx_err err;
	size_t base;
	int i;

	load_ok(sb, "lua/x.lua",
	        "function work() local n = 0 for i = 1, 100000 do n = n + i end\n"
	        "  return {n = n} end\n"
	        "function bomb() local t = {} for i = 1, 1e9 do t[i] = i end end\n");
	vx_sandbox_call(sb, "work", NULL, &res, &err);
	vx_value_free(res);
	base = vx_sandbox_memory(sb);
	/* ~400k instructions each: the budget starts afresh for every call. */
	for (i = 0; i < 5; i++) {
		res = call_ok(sb, "work", NULL);
		ck_assert_double_eq(vx_value_num(vx_value_get(res, "n"), 0), 5000050000.0);
		vx_value_free(res);
	}
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(vx_sandbox_call(sb, "bomb", NULL, &res, &err), VX_ELIMIT);
		ck_assert_str_eq(vx_err_text(&err), "rule set exceeded its memory limit (4 MiB)");
		ck_assert_msg(vx_sandbox_memory(sb) < base + 64 * 1024,
		              "memory %zu after, %zu before", vx_sandbox_memory(sb), base);
	}
	res = call_ok(sb, "work", NULL);
	vx_value_free(res);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(string_functions_left)
{
	struct vx_sandbox *sb = sandbox(0, 0, 0);
	struct vx_value *res;
	double t0 = now();

	load_ok(
	    sb, "lua/x.lua",
	    "function f()\n"
	    "  local a, b = string.find('CVE-2024-1234', '-', 1, true)\n"
	    "  local c = ('a.b.c'):find('.', 3, true)\n"
	    "  local d = string.find('hello', 'll')\n"
	    "  local e = string.find('hello', 'l', -2)\n"
	    "  local g = string.find('hello', 'x')\n"
	    "  local h = string.find('hello', '', 10)\n"
	    "  local empty = string.rep('', 1e15) .. string.rep('', 1e15, '')\n"
	    "  return {a = a, b = b, c = c, d = d, e = e, g = g == nil, h = h == nil,\n"
	    "    empty = empty, rep = ('ab'):rep(3, '-'), sub = ('abcdef'):sub(2, -2),\n"
	    "    fmt = string.format('%05.1f|%q', 3.14159, 'x\"y'), len = utf8.len('caf\\u{e9}'),\n"
	    "    floor = math.floor(2.7), max = math.maxinteger > 0 }\n"
	    "end\n");
	res = call_ok(sb, "f", NULL);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "a"), 0), 4);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "b"), 0), 4);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "c"), 0), 4);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "d"), 0), 3);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "e"), 0), 4);
	ck_assert(vx_value_bool(vx_value_get(res, "g"), false));
	ck_assert(vx_value_bool(vx_value_get(res, "h"), false));
	ck_assert_str_eq(vx_value_get_str(res, "empty"), "");
	ck_assert_str_eq(vx_value_get_str(res, "rep"), "ab-ab-ab");
	ck_assert_str_eq(vx_value_get_str(res, "sub"), "bcde");
	ck_assert_str_eq(vx_value_get_str(res, "fmt"), "003.1|\"x\\\"y\"");
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "len"), 0), 4);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "floor"), 0), 2);
	ck_assert(vx_value_bool(vx_value_get(res, "max"), false));
	ck_assert_msg(now() - t0 < 3.0, "took %.2f s", now() - t0);
	vx_value_free(res);
	vx_sandbox_free(sb);
}
END_TEST

START_TEST(defaults_and_version)
{
	struct vx_sandbox *sb = NULL;
	struct vx_err err;
	struct vx_sandbox_limits tiny = {16 * 1024, 0, 0};

	vx_err_clear(&err);
	ck_assert_int_eq(vx_sandbox_new(NULL, &sb, &err), 0);
	ck_assert_ptr_nonnull(sb);
	ck_assert_uint_gt(vx_sandbox_memory(sb), 0);
	ck_assert_uint_lt(vx_sandbox_memory(sb), 256 * 1024);
	vx_sandbox_free(sb);
	vx_sandbox_free(NULL);
	ck_assert_int_eq(vx_sandbox_new(&tiny, &sb, &err), VX_ELIMIT);
	ck_assert_ptr_null(sb);
	ck_assert_ptr_nonnull(strstr(vx_err_text(&err), "memory limit"));
	ck_assert_int_eq(strncmp(vx_sandbox_version(), "Lua 5.4.", 8), 0);
}
END_TEST

START_TEST(value_tree)
{
	struct vx_value *t = vx_value_table_new(), *sub;

	vx_value_set_str(t, "b", "two");
	vx_value_set_num(t, "c", 3);
	vx_value_set_bool(t, "a", true);
	vx_value_set_str(t, "b", "deux"); /* replaces */
	ck_assert_uint_eq(t->n_fields, 3);
	ck_assert_str_eq(t->fields[0].key, "a");
	ck_assert_str_eq(t->fields[2].key, "c");
	ck_assert_str_eq(vx_value_get_str(t, "b"), "deux");
	vx_value_set_str(t, "b", NULL); /* removes */
	ck_assert_ptr_null(vx_value_get(t, "b"));
	ck_assert_uint_eq(t->n_fields, 2);
	sub = vx_value_set_table(t, "list");
	vx_value_push_num(sub, 1);
	vx_value_push(sub, vx_value_strn_new("a\0b", 3));
	vx_value_push_table(sub);
	ck_assert_uint_eq(vx_value_len(sub), 3);
	ck_assert_uint_eq(vx_value_at(sub, 1)->len, 3);
	ck_assert_ptr_null(vx_value_at(sub, 3));
	ck_assert_int_eq(vx_value_at(sub, 2)->type, VX_V_TABLE);
	ck_assert_ptr_null(vx_value_str(vx_value_get(t, "c")));
	ck_assert_double_eq(vx_value_num(vx_value_get(t, "a"), -1), -1);
	ck_assert_ptr_null(vx_value_get(NULL, "a"));
	ck_assert_ptr_null(vx_value_get(vx_value_get(t, "c"), "a"));
	ck_assert_uint_eq(vx_value_len(NULL), 0);
	vx_value_free(t);
	vx_value_free(NULL);
}
END_TEST

START_TEST(value_strings_round_trip)
{
	struct vx_sandbox *sb = sandbox(0, 0, 0);
	struct vx_value *in = vx_value_table_new(), *res;
	const struct vx_value *s;

	vx_value_set(in, "bin", vx_value_strn_new("a\0b", 3));
	vx_value_set_num(in, "neg", -2.5);
	vx_value_set_num(in, "big", 9007199254740993.0);
	vx_value_push_str(vx_value_set_table(in, "empty_list"), "x");
	load_ok(sb, "lua/x.lua",
	        "function f(r) return {bin = r.bin, n = #r.bin, neg = r.neg,\n"
	        "  big = r.big, t = {}, e = r.empty_list} end");
	res = call_ok(sb, "f", in);
	s = vx_value_get(res, "bin");
	ck_assert_uint_eq(s->len, 3);
	ck_assert_int_eq(memcmp(s->str, "a\0b", 3), 0);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "n"), 0), 3);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "neg"), 0), -2.5);
	ck_assert_double_eq(vx_value_num(vx_value_get(res, "big"), 0), 9007199254740993.0);
	ck_assert_int_eq(vx_value_get(res, "t")->type, VX_V_TABLE);
	ck_assert_uint_eq(vx_value_len(vx_value_get(res, "t")), 0);
	vx_value_free(res);
	vx_value_free(in);
	vx_sandbox_free(sb);
}
END_TEST

Suite *vx_suite_sandbox(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc;

	tc = tcase_create("escapes");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, escape_fails_cleanly, 0,
	                    (int)(sizeof(escapes) / sizeof(escapes[0])));
	tcase_add_test(tc, binary_chunk_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, input_is_read_only_but_readable);
	tcase_add_test(tc, rule_files_decide);
	tcase_add_test(tc, sandboxes_do_not_share_globals);
	tcase_add_test(tc, digest_covers_names_and_sources);
	tcase_add_test(tc, error_positions);
	tcase_add_test(tc, budgets_are_per_call_and_memory_returns);
	tcase_add_test(tc, string_functions_left);
	tcase_add_test(tc, defaults_and_version);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, value_tree);
	tcase_add_test(tc, value_strings_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
