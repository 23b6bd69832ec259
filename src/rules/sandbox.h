/* src/rules/sandbox.h - run user-editable Lua rules where they can decide and do nothing else.
 *
 * This unit provides
 *
 *   - struct vx_sandbox: one Lua 5.4 state per rule set, with a memory cap, an instruction
 *     budget and a wall-clock budget, an environment of allow-listed functions only, and
 *     text-only loading (vx_sandbox_new / _load / _load_file / _free);
 *   - vx_sandbox_call(): call a global function the rule set defined with one read-only
 *     record and take back the table it returns;
 *   - struct vx_value: the small value tree (nil, boolean, number, string, table) in which
 *     records go in and results come out, so no caller ever sees a Lua type;
 *   - vx_sandbox_digest(): the SHA-256 identifying the rule set, stored with each decision.
 *
 * It does not know what a rule decides (severity, reportability: see the rules that use it),
 * which files make up a rule set or where they live, or how a result is checked against the
 * values a decision may take: callers do that with the vx_value accessors.
 *
 * ==== What a rule can use ==================================================================
 *
 * Globals: assert error ipairs next pairs pcall select tonumber tostring type xpcall
 * rawequal rawlen, and the tables
 *
 *   string  byte char find (plain text, below) format len lower rep reverse sub upper
 *   table   concat insert pack remove sort unpack
 *   math    abs acos asin atan ceil cos deg exp floor fmod huge log max maxinteger min
 *           mininteger modf pi rad sin sqrt tan tointeger type ult
 *   utf8    char charpattern codepoint codes len offset
 *
 * Methods on strings ("x"):upper() reach the same string functions (a separate copy, so a
 * rule that replaces string.upper changes only calls spelled string.upper). Nothing else
 * exists: no io, os, package, require, debug, coroutine, load, loadfile, dofile, print,
 * warn, collectgarbage, getmetatable, setmetatable, rawget, rawset, _G.
 *
 * Decisions behind the list, each one a way out or a way to hang the host:
 *
 *   - Pattern matching is gone: string.match, gmatch and gsub do not exist, and string.find
 *     only finds plain text. Lua's matcher backtracks inside C, where the instruction hook
 *     never fires, so neither budget can stop it. Measured with Lua 5.4.4 on the build
 *     machine: string.find(string.rep("a", n), ".-.-.-b") took 0.5 s at n = 200, 8.2 s at
 *     n = 400 and 390 s at n = 1000; ".-.-b" over 100000 bytes did not finish in a minute.
 *     string.find(s, text [, init [, plain]]) behaves as in Lua when plain is true or when
 *     text holds none of the magic characters ^$*+?.([%- (then a pattern and plain text find
 *     the same); otherwise it raises "string.find: patterns are not available in rules;
 *     pass plain = true" rather than silently treating a pattern as text.
 *   - string.rep("", n) and string.rep with empty string and separator return "" at once:
 *     Lua's own loop would run n times in C producing nothing. Any other string.rep is
 *     bounded by the memory cap (a 1 GB request fails at once).
 *   - table.move is left out: table.move({}, 1, 1e15, 1) loops in C without allocating.
 *   - math.random and math.randomseed are left out: a decision must be reproducible from
 *     the rule set and its inputs.
 *   - string.dump, string.pack/unpack/packsize are left out; with load absent and chunks
 *     loaded as text only ("t"), no bytecode can be made or run.
 *   - The string metatable is locked (__metatable) and getmetatable is absent, so
 *     ("").__index tricks cannot change the string methods.
 *   - Coroutines are absent: the instruction hook belongs to the main thread only.
 *   - xpcall calls its message handler after the failed call has unwound rather than at
 *     the point of the error: Lua runs a handler with hooks disabled when the error came
 *     from the budget hook, so `xpcall(f, function() while true do end end)` would hang.
 *     With no debug library a handler cannot tell the difference. next is replaced by one
 *     that also walks read-only records (below).
 *
 * Records given to a rule are read-only: every table in them is an empty proxy whose
 * metatable serves the fields, so `rec.severity = 5` (or table.insert, table.sort on a
 * part of it) raises "attempt to modify read-only field 'severity'". Reading works as for
 * any table: rec.device.name, #rec.list, ipairs, pairs and next (pairs and next visit the
 * array part in order, then the string keys in byte order). rawlen of such a table is 0.
 *
 * ==== Budgets ==============================================================================
 *
 * Memory is capped for the whole state (all loaded chunks, globals and every call): an
 * allocation that would grow the state past memory_bytes fails, the rule sees Lua's "not
 * enough memory" and the host gets "rule set exceeded its memory limit (16 MiB)". The
 * instruction and time budgets apply afresh to every vx_sandbox_load and vx_sandbox_call.
 * A count hook runs every 1000 VM instructions and checks both; the wall clock is also
 * checked on every allocation of 64 KiB or more and on every refused allocation, because
 * one instruction can spend long in C (s:upper() on a 10 MB string; a refused allocation
 * makes Lua run a full collection first). Without that, a 2 s budget was measured to stop
 * such loops only after 24 s and 129 s. Once either budget is exceeded the hook fires on
 * every later instruction, so a rule cannot catch the error with pcall or xpcall and carry
 * on; the host gets "lua/x.lua:12: rule set exceeded its instruction budget (50000000
 * instructions)" or "... its time budget (2 s)", naming the line that was running when the
 * budget ran out. One call of a C library function is never interrupted; the list above
 * keeps every such function bounded by the size of its arguments and results, which the
 * memory cap bounds in turn (the slowest found: table.sort of a million numbers, ~0.5 s).
 *
 * Deep recursion ends in Lua's "stack overflow" (or the memory limit), an ordinary error.
 *
 * ==== Errors and state after an error =====================================================
 *
 * Lua errors come back as VX_EINVAL with Lua's message, which names the chunk and line
 * ("lua/reportability.lua:40: attempt to index a nil value (field 'device')"); syntax
 * errors likewise. Exceeded budgets come back as VX_ELIMIT. The stack traceback of the last
 * error is kept apart (vx_sandbox_traceback) so messages stay one line. After a failed
 * vx_sandbox_call the sandbox is reset (hook cleared, stack emptied, garbage collected after
 * a memory error) and the next call runs normally, with the globals as the failed call left
 * them. A failed vx_sandbox_load leaves whatever part of the chunk ran before the error;
 * callers should discard such a rule set.
 *
 * Ownership: vx_sandbox_free releases everything the sandbox made. Values given to
 * vx_sandbox_call stay the caller's; results are fresh trees the caller frees with
 * vx_value_free. Nothing here prints.
 */
#ifndef VX_RULES_SANDBOX_H
#define VX_RULES_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct vx_err;

/* ---- Values ------------------------------------------------------------------------------ */

enum vx_value_type {
	VX_V_NIL,
	VX_V_BOOL,
	VX_V_NUM,
	VX_V_STR,
	VX_V_TABLE,
};

struct vx_value_field {
	char *key;              /* owned; NUL-terminated, never NULL */
	struct vx_value *value; /* owned; never NULL */
};

/* A node of a value tree. Read the fields directly or through the accessors; change a
 * tree only through the builders, which keep fields sorted and own every child. */
struct vx_value {
	enum vx_value_type type;
	bool b;     /* VX_V_BOOL */
	double num; /* VX_V_NUM; Lua integers come back as doubles (exact up to 2^53) */
	char *str;  /* VX_V_STR: owned, NUL-terminated; may hold NUL bytes, see len */
	size_t len; /* VX_V_STR: bytes in str */
	/* VX_V_TABLE: the array part (Lua indices 1..n_items) and the string keys. */
	struct vx_value **items; /* owned, n_items entries; items[0] is Lua index 1 */
	size_t n_items, cap_items;
	struct vx_value_field *fields; /* owned, n_fields entries, sorted by key (strcmp) */
	size_t n_fields, cap_fields;
};

/* Fresh nodes, freed with vx_value_free unless handed to a table. vx_value_str_new copies
 * s (NULL counts as ""); vx_value_strn_new copies n bytes. */
struct vx_value *vx_value_table_new(void);
struct vx_value *vx_value_nil_new(void);
struct vx_value *vx_value_bool_new(bool b);
struct vx_value *vx_value_num_new(double num);
struct vx_value *vx_value_str_new(const char *s);
struct vx_value *vx_value_strn_new(const char *s, size_t n);

/* Free v and everything it owns. NULL is fine. */
void vx_value_free(struct vx_value *v);

/* Builders. t must be a table. vx_value_set hands v (a fresh node that no table owns yet)
 * to t under key, freeing any previous value there; v NULL removes the key. The _str/_num/
 * _bool forms make the node themselves (vx_value_set_str with s NULL removes the key).
 * vx_value_set_table and vx_value_push_table make an empty table inside t and return it
 * for filling (owned by t). vx_value_push appends v to the array part. */
void vx_value_set(struct vx_value *t, const char *key, struct vx_value *v);
void vx_value_set_str(struct vx_value *t, const char *key, const char *s);
void vx_value_set_num(struct vx_value *t, const char *key, double num);
void vx_value_set_bool(struct vx_value *t, const char *key, bool b);
struct vx_value *vx_value_set_table(struct vx_value *t, const char *key);
void vx_value_push(struct vx_value *t, struct vx_value *v);
void vx_value_push_str(struct vx_value *t, const char *s);
void vx_value_push_num(struct vx_value *t, double num);
void vx_value_push_bool(struct vx_value *t, bool b);
struct vx_value *vx_value_push_table(struct vx_value *t);

/* Accessors; all accept NULL and wrong types. vx_value_get: the value under key, or NULL
 * when t is not a table or has no such key. vx_value_at: array item i (0-based) or NULL.
 * vx_value_len: number of array items (0 unless a table). vx_value_str: the string or
 * NULL unless a string. vx_value_num / vx_value_bool: the value, or dflt when v is not a
 * number / boolean. vx_value_get_str: vx_value_str(vx_value_get(t, key)). */
const struct vx_value *vx_value_get(const struct vx_value *t, const char *key);
const struct vx_value *vx_value_at(const struct vx_value *t, size_t i);
size_t vx_value_len(const struct vx_value *t);
const char *vx_value_str(const struct vx_value *v);
double vx_value_num(const struct vx_value *v, double dflt);
bool vx_value_bool(const struct vx_value *v, bool dflt);
const char *vx_value_get_str(const struct vx_value *t, const char *key);

/* ---- Sandbox ----------------------------------------------------------------------------- */

#define VX_SANDBOX_DEFAULT_MEMORY (16u * 1024 * 1024)
#define VX_SANDBOX_DEFAULT_INSTRUCTIONS 50000000ul
#define VX_SANDBOX_DEFAULT_SECONDS 2.0
/* Largest rule file vx_sandbox_load_file reads. */
#define VX_SANDBOX_MAX_SOURCE (4u * 1024 * 1024)
/* Limits on a returned table: nesting depth and number of values in all. */
#define VX_SANDBOX_MAX_DEPTH 64
#define VX_SANDBOX_MAX_VALUES 100000

struct vx_sandbox; /* opaque: one lua_State per rule set */

struct vx_sandbox_limits {
	size_t memory_bytes;        /* cap on the whole state; 0 = VX_SANDBOX_DEFAULT_MEMORY */
	unsigned long instructions; /* VM instructions per load or call; 0 = default (50M) */
	double seconds;             /* wall-clock time per load or call; <= 0 = default (2 s) */
};

/* A new sandbox holding no rules. lim NULL (or zero fields) means the defaults. Fails with
 * VX_ELIMIT when memory_bytes is too small to set up the environment. */
int vx_sandbox_new(const struct vx_sandbox_limits *lim, struct vx_sandbox **out,
                   struct vx_err *err);

void vx_sandbox_free(struct vx_sandbox *sb); /* NULL is fine */

/* Compile src (text only: a binary chunk is refused with "attempt to load a binary chunk")
 * as chunkname, e.g. "lua/reportability.lua", and run it in the sandbox environment under
 * the budgets. Globals it defines stay for later chunks and calls. On success the chunk
 * (name and source) becomes part of the digest. */
int vx_sandbox_load(struct vx_sandbox *sb, const char *chunkname, const char *src, size_t len,
                    struct vx_err *err);

/* vx_sandbox_load on the contents of path (at most VX_SANDBOX_MAX_SOURCE bytes), named
 * display_name (path when NULL) in messages and in the digest, so that the digest does not
 * depend on where the rule set is installed. File errors are VX_EIO / VX_ELIMIT prefixed
 * with the display name. */
int vx_sandbox_load_file(struct vx_sandbox *sb, const char *path, const char *display_name,
                         struct vx_err *err);

/* Call the global function `function` with arg (converted to a read-only Lua value; NULL
 * calls it with no argument) under the budgets, and convert the table it returns into
 * *result (fresh; the caller frees it). The result must be a table whose keys are strings
 * or the integers 1..n, and whose values are strings, numbers (finite), booleans or such
 * tables, at most VX_SANDBOX_MAX_DEPTH deep and VX_SANDBOX_MAX_VALUES values in all;
 * anything else is refused with VX_EINVAL naming the place, e.g. "result.actions[2]:
 * 'decide' returned a function; ...". VX_ENOTFOUND when the rule set defines no such
 * function. *result is NULL on failure. */
int vx_sandbox_call(struct vx_sandbox *sb, const char *function, const struct vx_value *arg,
                    struct vx_value **result, struct vx_err *err);

/* The stack traceback of the last Lua error raised by a load or call ("stack traceback:\n
 * \t..."), or "" when there was none (success, syntax and memory errors); owned by sb,
 * valid until the next load or call. */
const char *vx_sandbox_traceback(const struct vx_sandbox *sb);

/* SHA-256 (64 hex digits + NUL) of the concatenation of "chunkname\0source" of every chunk
 * loaded successfully, in load order; the SHA-256 of nothing when none was. */
void vx_sandbox_digest(const struct vx_sandbox *sb, char out[65]);

/* Bytes the Lua state holds now (what the memory cap is compared with). */
size_t vx_sandbox_memory(const struct vx_sandbox *sb);

/* "Lua 5.4.4": the Lua release the sandbox was built with. */
const char *vx_sandbox_version(void);

#endif
