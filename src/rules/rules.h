/* src/rules/rules.h - the rule set: loading it, and deciding one finding with it.
 *
 * A rule set is every *.lua file of one directory (lua/ as shipped and installed under
 * share/vexil/lua, or the user's own copy given with --rules), loaded in name order into
 * one sandbox (sandbox.h). It must define decide(record) returning a decision table; the
 * record and the table are described in docs/rules.md. This module builds the record from
 * a struct vx_rule_input, runs decide(), checks the result (known risks, actions and
 * reportability values, real dates, a rationale) and fills a struct vx_decision with the
 * rule set's SHA-256 and the hash of what was decided from.
 *
 * Every decision runs in a fresh sandbox loaded with the same sources, so nothing a rule
 * leaves in globals reaches the next finding: decisions do not depend on evaluation order.
 *
 * A failure of the rules for one finding (a Lua error, a budget exceeded, a malformed
 * result) is not an error of vx_rules_decide: the decision comes back with ok = 0 and the
 * message ("lua/30-fda2016.lua:40: attempt to index a nil value"), so it is recorded and
 * visible, never silently replaced by a default. Does not touch the store.
 */
#ifndef VX_RULES_RULES_H
#define VX_RULES_RULES_H

struct vx_err;
struct vx_rules;
struct vx_rule_input;
struct vx_decision;

/* Load every *.lua file of dir in name order. Messages name the file relative to dir's
 * name ("lua/30-fda2016.lua:12: ..."). */
int vx_rules_load_dir(const char *dir, struct vx_rules **out, struct vx_err *err);
void vx_rules_free(struct vx_rules *r);
/* SHA-256 of the loaded rule set (names and sources, in load order). */
void vx_rules_digest(const struct vx_rules *r, char out[65]);
/* Number of files loaded. */
int vx_rules_files(const struct vx_rules *r);

/* Decide one finding as of the date as_of (YYYY-MM-DD). d is filled (fresh strings;
 * release with vx_decision_release); returns negative only when d cannot be produced at
 * all (out of memory aside, never in practice). */
int vx_rules_decide(struct vx_rules *r, const struct vx_rule_input *in, const char *as_of,
		    struct vx_decision *d, struct vx_err *err);

#endif
