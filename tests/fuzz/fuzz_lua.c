/* tests/fuzz/fuzz_lua.c - loading a rule or template chunk in the sandbox and calling it:
 * whatever the text, the sandbox must refuse or run it within its budgets (small here so the
 * fuzzer keeps its pace). */
#include "fuzz_common.h"
#include "rules/sandbox.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vx_sandbox_limits lim = {4u << 20, 200000, 0.5};
	struct vx_sandbox *sb = NULL;
	struct vx_value *arg, *res = NULL;
	struct vx_err err;
	vx_err_clear(&err);
	if (vx_sandbox_new(&lim, &sb, &err) < 0)
		return 0;
	arg = vx_value_table_new();
	vx_value_set_str(arg, "name", "x");
	vx_value_set_num(vx_value_set_table(arg, "n"), "v", 1);
	if (vx_sandbox_load(sb, "fuzz.lua", (const char *)data, size, &err) == 0) {
		vx_sandbox_call(sb, "decide", arg, &res, &err);
		vx_value_free(res);
		res = NULL;
		vx_sandbox_call(sb, "notice", arg, &res, &err);
		vx_value_free(res);
	}
	vx_value_free(arg);
	vx_sandbox_free(sb);
	return 0;
}
