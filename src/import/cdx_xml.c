/* src/import/cdx_xml.c - the CycloneDX XML reader (specification 1.2 to 1.6).
 *
 * Translates a CycloneDX XML document into struct vx_sbom: BOM identity, the metadata that
 * says who made the SBOM, the device (metadata/component) and the component tree, and the
 * dependency graph. What makes a document acceptable whatever its format (names present,
 * known types, hash lengths, unique bom-refs, dependency targets) is left to
 * vx_sbom_check_structure() in sbom.c, which vx_sbom_parse() runs after this reader; here
 * we refuse only what the XML form itself gets wrong: DOCTYPEs, bad XML, the wrong root or
 * namespace, nesting beyond VX_SBOM_MAX_DEPTH, a component without its required type, a
 * dependency without a ref, a hash without alg or value, a licence entry that says nothing
 * or mixes an expression with other entries, a nameless property, a timestamp that is not
 * RFC 3339, and a second copy of a single-valued element we read (name, id, ...).
 *
 * Safety (domain/engineering.md section 4): libxml2 runs with NONET and never with NOENT,
 * DTDLOAD, DTDVALID, XINCLUDE or HUGE. A SAX hook stops the parser the moment it meets a
 * DOCTYPE, before any entity declaration is read, so XXE and entity expansion cannot
 * happen; the finished tree is checked again for an internal or external subset. Errors
 * are collected by a structured handler installed for the duration of the parse, so
 * libxml2 never writes to standard error. Element nesting is bounded by libxml2's own
 * limit (256, reported as ours) and by an iterative walk against VX_SBOM_MAX_DEPTH before
 * the (recursive) reading starts, so recursion depth is bounded too.
 *
 * Error places: XML syntax errors carry no place and start the message with "line L,
 * column C: " as libxml2 reports them. Content errors set `where` to "line L: <path>",
 * where L is the line of the offending element and <path> is the JSON-style path the
 * shared checks use: "metadata.timestamp", "components[3].components[0].hashes[1]",
 * "metadata.component.licenses[0]", "dependencies[2].dependsOn[0]". Indexes count the
 * elements of that kind among their siblings, from 0.
 *
 * Mapping notes (kept the same as the JSON reader where the forms overlap): vx_sbom.authors
 * is "author: X" per metadata author (name, else e-mail), "manufacturer: X" (manufacture
 * and 1.6 manufacturer), "supplier: X", "tool: name version" (1.2-1.4 tools and 1.5+ tool
 * components), "; "-joined in that order. A component's author is its <author>, else its
 * 1.6 <authors> names, else its <publisher> (whether or not it has a supplier); a 1.6
 * <manufacturer> stands in for a missing supplier (not on the device). Service bom-refs
 * are recorded (dependencies may name services). A top-level <dependency> without
 * children is recorded as "depends on nothing" (to = NULL); nested <dependency> elements
 * are read at any depth as "parent depends on child". Elements outside the document's
 * CycloneDX namespace (extensions) are ignored, as are pedigree, evidence, swid,
 * externalReferences and license texts.
 */
#include "import/sbom.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/time.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CDX_NS_PREFIX "http://cyclonedx.org/schema/bom/"

/* What the libxml2 callbacks report back; reached through ctxt->_private and the
 * structured error context. */
struct xml_state {
	bool doctype; /* a DOCTYPE was met; the parser was stopped there */
	int doctype_line;
	bool have_error; /* the first error libxml2 raised, copied at once */
	int err_code;
	int err_line, err_col;
	char err_msg[300];
};

/* Reading state. */
struct reader {
	struct vx_sbom *out;
	struct vx_err *err;
	const xmlChar *ns; /* the root's namespace URI; owned by the document */
	/* The parts of vx_sbom.authors, joined at the end in the order the JSON reader uses
	 * (authors, manufacturer, supplier, tools), so both forms of a BOM read the same. */
	struct vx_buf people, makers, suppliers, tools;
};

/* --- libxml2 callbacks ---------------------------------------------------------------- */

static void collect_error(void *data, xmlErrorPtr e)
{
	struct xml_state *st = data;
	size_t n;

	if (!st || !e || st->have_error || e->level < XML_ERR_ERROR)
		return;
	st->have_error = true;
	st->err_code = e->code;
	st->err_line = e->line;
	st->err_col = e->int2; /* the column, for parser errors */
	snprintf(st->err_msg, sizeof(st->err_msg), "%s", e->message ? e->message : "");
	n = strlen(st->err_msg);
	while (n > 0 && (st->err_msg[n - 1] == '\n' || st->err_msg[n - 1] == ' ' ||
	                 st->err_msg[n - 1] == '\r'))
		st->err_msg[--n] = '\0';
	if (st->err_msg[0] >= 'A' && st->err_msg[0] <= 'Z' &&
	    !(st->err_msg[1] >= 'A' && st->err_msg[1] <= 'Z'))
		st->err_msg[0] = (char)(st->err_msg[0] - 'A' + 'a');
}

/* SAX internalSubset: called for every <!DOCTYPE ...>, before its internal subset is
 * parsed. Stopping here means no entity declaration is ever seen. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_state *st = ctxt->_private;

	(void)name, (void)external_id, (void)system_id;
	st->doctype = true;
	st->doctype_line = ctxt->input ? ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

/* --- small helpers -------------------------------------------------------------------- */

static int fail(struct reader *r, xmlNodePtr n, int code, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(struct reader *r, xmlNodePtr n, int code, const char *path, const char *fmt, ...)
{
	char msg[sizeof(r->err->msg)], where[sizeof(r->err->where)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(where, sizeof(where), "line %ld: %s", n ? xmlGetLineNo(n) : 0L, path);
	return vx_err_at(r->err, code, where, "%s", msg);
}

/* True for an element called `name` in the document's CycloneDX namespace. */
static bool is_el(const struct reader *r, xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, r->ns) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy s[0..n) without surrounding whitespace into a malloc'd string; NULL when nothing
 * is left. */
static char *trimmed(const char *s, size_t n)
{
	while (n > 0 && is_space(*s))
		s++, n--;
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return n ? vx_strndup(s, n) : NULL;
}

/* The trimmed text content of an element (text and CDATA of all descendants), or NULL. */
static char *text_of(xmlNodePtr n)
{
	xmlChar *x = xmlNodeGetContent(n);
	char *s = x ? trimmed((const char *)x, strlen((const char *)x)) : NULL;
	xmlFree(x);
	return s;
}

/* An unqualified attribute, trimmed (NULL when absent or blank). */
static char *attr_trimmed(xmlNodePtr n, const char *name)
{
	xmlChar *x = xmlGetNoNsProp(n, BAD_CAST name);
	char *s = x ? trimmed((const char *)x, strlen((const char *)x)) : NULL;
	xmlFree(x);
	return s;
}

/* An unqualified attribute as written: NULL when absent, "" when empty. Used for refs,
 * which the shared checks must see exactly (an empty bom-ref is refused there). */
static char *attr_raw(xmlNodePtr n, const char *name)
{
	xmlChar *x = xmlGetNoNsProp(n, BAD_CAST name);
	char *s = x ? vx_strdup((const char *)x) : NULL;
	xmlFree(x);
	return s;
}

/* Read the text of a single-valued element into *field; a second copy is an error.
 * `seen` tracks presence separately because an empty element leaves *field NULL. */
static int text_once(struct reader *r, xmlNodePtr n, const char *path, char **field, bool *seen)
{
	if (*seen)
		return fail(r, n, VX_EINVAL, path, "more than one <%s> element",
		            (const char *)n->name);
	*seen = true;
	*field = text_of(n);
	return 0;
}

/* The <name> child of an organizational entity (supplier, manufacturer, provider). */
static char *entity_name(const struct reader *r, xmlNodePtr n)
{
	for (xmlNodePtr k = n->children; k; k = k->next)
		if (is_el(r, k, "name"))
			return text_of(k);
	return NULL;
}

/* Append "prefix text" to a "; "-separated list; nothing when text is NULL. */
static void list_add(struct vx_buf *list, const char *prefix, const char *text, const char *suffix)
{
	if (!text)
		return;
	if (list->len)
		vx_buf_adds(list, "; ");
	vx_buf_printf(list, "%s%s%s%s", prefix, text, suffix ? " " : "", suffix ? suffix : "");
}

/* --- depth ---------------------------------------------------------------------------- */

/* Refuse element nesting beyond VX_SBOM_MAX_DEPTH (the root is level 1). Iterative, so
 * the check itself cannot overflow the stack. */
static int check_depth(struct reader *r, xmlNodePtr root)
{
	xmlNodePtr n = root;
	int depth = 1;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			if (depth > VX_SBOM_MAX_DEPTH)
				return vx_err_set(r->err, VX_ELIMIT,
				                  "line %ld: elements nested more than %d levels "
				                  "deep",
				                  xmlGetLineNo(n), VX_SBOM_MAX_DEPTH);
			if (n->children) {
				n = n->children;
				depth++;
				continue;
			}
		}
		while (n != root && !n->next) {
			n = n->parent;
			depth--;
		}
		if (n == root)
			break;
		n = n->next;
	}
	return 0;
}

/* --- components ----------------------------------------------------------------------- */

static int read_components(struct reader *r, xmlNodePtr list, const char *path, long parent);

static int read_hashes(struct reader *r, xmlNodePtr list, const char *path, size_t idx)
{
	size_t i = 0;

	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *alg, *value, sub[512];
		if (!is_el(r, k, "hash"))
			continue;
		snprintf(sub, sizeof(sub), "%s.hashes[%zu]", path, i++);
		alg = attr_trimmed(k, "alg");
		if (!alg)
			return fail(r, k, VX_EINVAL, sub, "hash has no alg attribute");
		value = text_of(k);
		if (!value) {
			int rc = fail(r, k, VX_EINVAL, sub, "%s hash has no value",
			              vx_str_quote(alg, 40));
			free(alg);
			return rc;
		}
		vx_component_add_hash(&r->out->components[idx], alg, value);
		free(alg);
		free(value);
	}
	return 0;
}

/* <licenses>: a list of <license> (id or name) joined with " AND ", or exactly one
 * <expression>; CycloneDX allows one or the other, not both. */
static int read_licenses(struct reader *r, xmlNodePtr list, const char *path, size_t idx)
{
	struct vx_buf b;
	size_t i = 0, nexpr = 0, nlic = 0;
	char sub[512];
	int rc = 0;

	vx_buf_init(&b);
	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *text = NULL;
		if (is_el(r, k, "license")) {
			char *id = NULL, *name = NULL;
			bool seen_id = false, seen_name = false;
			snprintf(sub, sizeof(sub), "%s.licenses[%zu]", path, i++);
			for (xmlNodePtr f = k->children; f && rc == 0; f = f->next) {
				if (is_el(r, f, "id"))
					rc = text_once(r, f, sub, &id, &seen_id);
				else if (is_el(r, f, "name"))
					rc = text_once(r, f, sub, &name, &seen_name);
			}
			if (rc == 0 && !id && !name)
				rc = fail(r, k, VX_EINVAL, sub, "license has neither id nor name");
			text = id ? id : name;
			free(id ? name : id);
			nlic++;
		} else if (is_el(r, k, "expression")) {
			snprintf(sub, sizeof(sub), "%s.licenses[%zu]", path, i++);
			text = text_of(k);
			if (!text)
				rc = fail(r, k, VX_EINVAL, sub, "empty license expression");
			nexpr++;
		} else {
			continue;
		}
		if (rc == 0 && nexpr > 0 && nexpr + nlic > 1)
			rc = fail(r, k, VX_EINVAL, sub,
			          "an expression cannot be combined with other license entries "
			          "(CycloneDX allows one expression or a list of licenses)");
		if (rc == 0) {
			if (b.len)
				vx_buf_adds(&b, " AND ");
			vx_buf_adds(&b, text);
		}
		free(text);
		if (rc < 0)
			goto out;
	}
	if (b.len) {
		free(r->out->components[idx].licence);
		r->out->components[idx].licence = vx_buf_detach(&b);
	}
out:
	vx_buf_release(&b);
	return rc;
}

/* <properties>: the FDA support convention (vx_sbom_support_key) on components; for
 * metadata (idx < 0) only the shape is checked. As in the JSON reader, a later support
 * property overrides an earlier one. */
static int read_properties(struct reader *r, xmlNodePtr list, const char *path, long idx)
{
	size_t i = 0;
	char sub[512];

	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *name, **field = NULL;
		if (!is_el(r, k, "property"))
			continue;
		snprintf(sub, sizeof(sub), "%s.properties[%zu]", path, i++);
		name = attr_trimmed(k, "name");
		if (!name)
			return fail(r, k, VX_EINVAL, sub, "property has no name attribute");
		if (idx >= 0) {
			struct vx_component *c = &r->out->components[idx];
			switch (vx_sbom_support_key(name)) {
			case VX_SUPPORT_LEVEL:
				field = &c->support_level;
				break;
			case VX_SUPPORT_END:
				field = &c->end_of_support;
				break;
			default:
				break;
			}
		}
		if (field) {
			char *value = text_of(k);
			if (value) {
				free(*field);
				*field = value;
			}
		}
		free(name);
	}
	return 0;
}

/* Authors of a component (1.6 <authors><author><name>), ", "-joined; NULL when none. */
static char *component_authors(const struct reader *r, xmlNodePtr list)
{
	struct vx_buf b;

	vx_buf_init(&b);
	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *name;
		if (!is_el(r, k, "author"))
			continue;
		name = entity_name(r, k);
		if (name) {
			if (b.len)
				vx_buf_adds(&b, ", ");
			vx_buf_adds(&b, name);
			free(name);
		}
	}
	if (!b.len) {
		vx_buf_release(&b);
		return NULL;
	}
	return vx_buf_detach(&b);
}

/* Single-valued text fields read straight into the component. */
static const struct {
	const char *el;
	size_t off;
} text_fields[] = {
    {"group", offsetof(struct vx_component, group)},
    {"name", offsetof(struct vx_component, name)},
    {"version", offsetof(struct vx_component, version)},
    {"purl", offsetof(struct vx_component, purl)},
    {"cpe", offsetof(struct vx_component, cpe)},
    {"description", offsetof(struct vx_component, description)},
};
#define NTEXT_FIELDS (sizeof(text_fields) / sizeof(text_fields[0]))

/* Read one <component> (and, recursively, its <components>) at `path`. Components are
 * addressed by index because nested appends move the array. */
static int read_component(struct reader *r, xmlNodePtr n, const char *path, long parent,
                          bool is_device)
{
	struct vx_component *c = vx_sbom_add_component(r->out);
	size_t idx = r->out->ncomponents - 1;
	bool seen[NTEXT_FIELDS] = {false}, seen_supplier = false, seen_author = false,
	     seen_publisher = false;
	char *supplier = NULL, *maker = NULL, *author = NULL, *authors = NULL, *publisher = NULL;
	int rc = 0;

	c->parent = parent;
	c->is_device = is_device;
	c->bom_ref = attr_raw(n, "bom-ref");
	c->type = attr_trimmed(n, "type");
	if (!c->type)
		return fail(r, n, VX_EINVAL, path,
		            "component has no type attribute (required in CycloneDX)");

	for (xmlNodePtr k = n->children; k && rc == 0; k = k->next) {
		size_t f;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		for (f = 0; f < NTEXT_FIELDS; f++)
			if (is_el(r, k, text_fields[f].el))
				break;
		if (f < NTEXT_FIELDS) {
			char **field =
			    (char **)((char *)&r->out->components[idx] + text_fields[f].off);
			rc = text_once(r, k, path, field, &seen[f]);
		} else if (is_el(r, k, "supplier")) {
			if (seen_supplier)
				rc =
				    fail(r, k, VX_EINVAL, path, "more than one <supplier> element");
			seen_supplier = true;
			free(supplier);
			supplier = entity_name(r, k);
		} else if (is_el(r, k, "manufacturer") && !is_device) {
			free(maker);
			maker = entity_name(r, k);
		} else if (is_el(r, k, "author")) {
			rc = text_once(r, k, path, &author, &seen_author);
		} else if (is_el(r, k, "authors")) {
			free(authors);
			authors = component_authors(r, k);
		} else if (is_el(r, k, "publisher")) {
			rc = text_once(r, k, path, &publisher, &seen_publisher);
		} else if (is_el(r, k, "hashes")) {
			rc = read_hashes(r, k, path, idx);
		} else if (is_el(r, k, "licenses")) {
			rc = read_licenses(r, k, path, idx);
		} else if (is_el(r, k, "properties")) {
			rc = read_properties(r, k, path, (long)idx);
		} else if (is_el(r, k, "components")) {
			rc = read_components(r, k, path, (long)idx);
		}
	}
	if (rc == 0) {
		c = &r->out->components[idx];
		/* 1.6 component.manufacturer is the maker: a supplier in NTIA's sense */
		if (!supplier) {
			supplier = maker;
			maker = NULL;
		}
		c->supplier = supplier;
		supplier = NULL;
		{
			char **pick = author ? &author : authors ? &authors : &publisher;
			c->author = *pick;
			*pick = NULL;
		}
	}
	free(supplier);
	free(maker);
	free(author);
	free(authors);
	free(publisher);
	return rc;
}

/* The <component> children of a <components> list; `path` is the owner's path ("" at the
 * top level). */
static int read_components(struct reader *r, xmlNodePtr list, const char *path, long parent)
{
	size_t i = 0;

	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *sub;
		int rc;
		if (!is_el(r, k, "component"))
			continue;
		sub = vx_asprintf("%s%scomponents[%zu]", path, path[0] ? "." : "", i++);
		rc = read_component(r, k, sub, parent, false);
		free(sub);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* --- metadata ------------------------------------------------------------------------- */

/* One tool (a 1.2-1.4 <tool> or a 1.5+ tool <component>) as "tool: name version". */
static void add_tool(struct reader *r, xmlNodePtr t)
{
	char *name = NULL, *version = NULL;

	for (xmlNodePtr f = t->children; f; f = f->next) {
		if (is_el(r, f, "name") && !name)
			name = text_of(f);
		else if (is_el(r, f, "version") && !version)
			version = text_of(f);
	}
	list_add(&r->tools, "tool: ", name, version);
	free(name);
	free(version);
}

/* Tool services (1.5+) are left out, as in the JSON reader. */
static void read_tools(struct reader *r, xmlNodePtr tools)
{
	for (xmlNodePtr k = tools->children; k; k = k->next) {
		if (is_el(r, k, "tool"))
			add_tool(r, k);
		else if (is_el(r, k, "components"))
			for (xmlNodePtr t = k->children; t; t = t->next)
				if (is_el(r, t, "component"))
					add_tool(r, t);
	}
}

/* metadata authors: the name, or the e-mail address when there is no name. */
static void read_meta_authors(struct reader *r, xmlNodePtr list)
{
	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *name = NULL, *email = NULL;
		if (!is_el(r, k, "author"))
			continue;
		for (xmlNodePtr f = k->children; f; f = f->next) {
			if (is_el(r, f, "name") && !name)
				name = text_of(f);
			else if (is_el(r, f, "email") && !email)
				email = text_of(f);
		}
		list_add(&r->people, "author: ", name ? name : email, NULL);
		free(name);
		free(email);
	}
}

/* The device (metadata/component) is read here, before any other component, so it is
 * always components[0]. */
static int read_metadata(struct reader *r, xmlNodePtr meta)
{
	bool seen_ts = false, seen_device = false;
	int rc = 0;

	for (xmlNodePtr k = meta->children; k && rc == 0; k = k->next) {
		if (is_el(r, k, "timestamp")) {
			rc = text_once(r, k, "metadata.timestamp", &r->out->timestamp, &seen_ts);
			if (rc == 0 && !vx_time_parse_datetime(r->out->timestamp, NULL))
				rc = fail(
				    r, k, VX_EINVAL, "metadata.timestamp",
				    "'%s' is not an RFC 3339 date-time with a time zone",
				    vx_str_quote(r->out->timestamp ? r->out->timestamp : "", 60));
		} else if (is_el(r, k, "authors")) {
			read_meta_authors(r, k);
		} else if (is_el(r, k, "tools")) {
			read_tools(r, k);
		} else if (is_el(r, k, "manufacture") || is_el(r, k, "manufacturer")) {
			char *name = entity_name(r, k);
			list_add(&r->makers, "manufacturer: ", name, NULL);
			free(name);
		} else if (is_el(r, k, "supplier")) {
			char *name = entity_name(r, k);
			list_add(&r->suppliers, "supplier: ", name, NULL);
			free(name);
		} else if (is_el(r, k, "properties")) {
			rc = read_properties(r, k, "metadata", -1);
		} else if (is_el(r, k, "component")) {
			if (seen_device)
				return fail(r, k, VX_EINVAL, "metadata.component",
				            "more than one <component> in metadata");
			seen_device = true;
			rc = read_component(r, k, "metadata.component", -1, true);
			if (rc == 0 && r->out->components[0].name)
				r->out->name = vx_strdup(r->out->components[0].name);
		}
	}
	return rc;
}

/* --- services and dependencies -------------------------------------------------------- */

/* Services (SaaSBOM) are not inventory, but dependencies may name them: record their
 * bom-refs, nested services included. */
static void read_services(struct reader *r, xmlNodePtr list)
{
	for (xmlNodePtr k = list->children; k; k = k->next) {
		char *ref;
		if (!is_el(r, k, "service"))
			continue;
		ref = attr_raw(k, "bom-ref");
		if (ref)
			vx_sbom_add_service_ref(r->out, ref);
		free(ref);
		for (xmlNodePtr f = k->children; f; f = f->next)
			if (is_el(r, f, "services"))
				read_services(r, f);
	}
}

/* Edges from `from` to each child <dependency>, then from each child to its own children
 * (CycloneDX nests dependencyType recursively). `entry` is the index of the top-level
 * <dependency>; item indexes are given for its direct children only. */
static int read_depends_on(struct reader *r, xmlNodePtr dep, const char *from, const char *path,
                           long entry, bool top)
{
	size_t i = 0;

	for (xmlNodePtr k = dep->children; k; k = k->next) {
		char *to, *sub;
		int rc;
		if (!is_el(r, k, "dependency"))
			continue;
		sub = vx_asprintf("%s.dependsOn[%zu]", path, i);
		to = attr_raw(k, "ref");
		if (!to || !to[0]) {
			rc = fail(r, k, VX_EINVAL, sub, "dependency has no ref");
		} else {
			vx_sbom_add_dependency_at(r->out, from, to, entry, top ? (long)i : -1);
			rc = read_depends_on(r, k, to, sub, entry, false);
		}
		i++;
		free(to);
		free(sub);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_dependencies(struct reader *r, xmlNodePtr list, size_t *entry)
{
	for (xmlNodePtr k = list->children; k; k = k->next) {
		char path[64], *from;
		bool any = false;
		int rc;
		if (!is_el(r, k, "dependency"))
			continue;
		snprintf(path, sizeof(path), "dependencies[%zu]", *entry);
		from = attr_raw(k, "ref");
		if (!from || !from[0]) {
			rc = fail(r, k, VX_EINVAL, path, "dependency has no ref");
		} else {
			rc = read_depends_on(r, k, from, path, (long)*entry, true);
			for (xmlNodePtr f = k->children; f && !any; f = f->next)
				any = is_el(r, f, "dependency");
			if (rc == 0 && !any) /* declared, with no dependencies */
				vx_sbom_add_dependency_at(r->out, from, NULL, (long)*entry, -1);
		}
		(*entry)++;
		free(from);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* --- the document --------------------------------------------------------------------- */

static void authors_join(struct reader *r)
{
	struct vx_buf *parts[] = {&r->people, &r->makers, &r->suppliers, &r->tools};
	struct vx_buf all;

	vx_buf_init(&all);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!parts[i]->len)
			continue;
		if (all.len)
			vx_buf_adds(&all, "; ");
		vx_buf_adds(&all, vx_buf_str(parts[i]));
	}
	if (all.len)
		r->out->authors = vx_buf_detach(&all);
	vx_buf_release(&all);
}

/* "1.2".."1.6" for a supported namespace, else NULL. */
static const char *spec_version(const xmlChar *ns)
{
	static const char *const versions[] = {"1.2", "1.3", "1.4", "1.5", "1.6", NULL};
	size_t plen = strlen(CDX_NS_PREFIX);

	if (!ns || strncmp((const char *)ns, CDX_NS_PREFIX, plen) != 0)
		return NULL;
	for (int i = 0; versions[i]; i++)
		if (strcmp((const char *)ns + plen, versions[i]) == 0)
			return versions[i];
	return NULL;
}

static int read_bom(struct reader *r, xmlNodePtr root)
{
	const char *ver;
	xmlNodePtr meta = NULL;
	size_t ndeps = 0;
	int rc;

	if (!xmlStrEqual(root->name, BAD_CAST "bom"))
		return vx_err_set(r->err, VX_EUNSUPPORTED, "not a CycloneDX BOM: root element '%s'",
		                  vx_str_quote((const char *)root->name, 60));
	if (!root->ns || !root->ns->href)
		return vx_err_set(r->err, VX_EUNSUPPORTED,
		                  "CycloneDX XML root element 'bom' has no namespace (expected "
		                  "%s1.2 to 1.6)",
		                  CDX_NS_PREFIX);
	ver = spec_version(root->ns->href);
	if (!ver)
		return vx_err_set(r->err, VX_EUNSUPPORTED,
		                  "CycloneDX XML namespace '%s' is not supported (1.2-1.6)",
		                  vx_str_quote((const char *)root->ns->href, 100));
	r->ns = root->ns->href;
	r->out->format = VX_SBOM_CYCLONEDX_XML;
	r->out->spec_version = vx_strdup(ver);
	r->out->serial = attr_trimmed(root, "serialNumber");
	r->out->doc_version = attr_trimmed(root, "version");

	rc = check_depth(r, root);
	if (rc < 0)
		return rc;

	/* metadata first, whatever the order in the file: the device must be components[0] */
	for (xmlNodePtr k = root->children; k; k = k->next) {
		if (!is_el(r, k, "metadata"))
			continue;
		if (meta)
			return fail(r, k, VX_EINVAL, "metadata",
			            "more than one <metadata> element");
		meta = k;
	}
	if (meta && (rc = read_metadata(r, meta)) < 0)
		return rc;
	for (xmlNodePtr k = root->children; k; k = k->next) {
		if (is_el(r, k, "components"))
			rc = read_components(r, k, "", -1);
		else if (is_el(r, k, "services"))
			read_services(r, k);
		if (rc < 0)
			return rc;
	}
	for (xmlNodePtr k = root->children; k; k = k->next)
		if (is_el(r, k, "dependencies") && (rc = read_dependencies(r, k, &ndeps)) < 0)
			return rc;
	authors_join(r);
	return 0;
}

int vx_cdx_xml_parse(const char *data, size_t len, struct vx_sbom *out, struct vx_err *err)
{
	struct xml_state st;
	struct reader r;
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlStructuredErrorFunc old_handler;
	void *old_ctx;
	int rc;

	memset(&st, 0, sizeof(st));
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.err = err;
	vx_buf_init(&r.people);
	vx_buf_init(&r.makers);
	vx_buf_init(&r.suppliers);
	vx_buf_init(&r.tools);

	if (len > INT_MAX || len > VX_SBOM_MAX_BYTES)
		return vx_err_set(err, VX_ELIMIT, "XML document larger than %zu bytes",
		                  (size_t)VX_SBOM_MAX_BYTES);

	xmlInitParser();
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		vx_oom();
	ctxt->_private = &st;
	ctxt->sax->internalSubset = refuse_doctype;

	/* Every error, with or without a parser context, goes to collect_error for the
	 * duration of the parse; the previous handler is put back afterwards. */
	old_handler = xmlStructuredError;
	old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&st, collect_error);
	/* The encoding is forced: vx_sbom_parse has checked the bytes are UTF-8, and an
	 * encoding declaration must not make libxml2 read them as something else. */
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, "UTF-8",
	                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                            XML_PARSE_BIG_LINES);
	xmlSetStructuredErrorFunc(old_ctx, old_handler);

	if (st.doctype || (doc && (doc->intSubset || doc->extSubset))) {
		rc = vx_err_set(err, VX_EINVAL,
		                "line %d: DOCTYPE declarations are not allowed (XXE / entity "
		                "expansion risk)",
		                st.doctype ? st.doctype_line : 1);
		goto out;
	}
	if (!doc || st.have_error) {
		if (st.have_error && strstr(st.err_msg, "xcessive depth"))
			rc = vx_err_set(err, VX_ELIMIT,
			                "line %d: elements nested more than %d levels deep",
			                st.err_line, VX_SBOM_MAX_DEPTH);
		else if (st.have_error)
			rc = vx_err_set(err, VX_EINVAL, "line %d, column %d: %s", st.err_line,
			                st.err_col, st.err_msg);
		else
			rc = vx_err_set(err, VX_EINVAL, "XML document could not be parsed");
		goto out;
	}
	if (!xmlDocGetRootElement(doc)) {
		rc = vx_err_set(err, VX_EINVAL, "XML document has no root element");
		goto out;
	}
	rc = read_bom(&r, xmlDocGetRootElement(doc));
out:
	if (rc < 0)
		vx_sbom_release(out); /* no half-read model for direct callers */
	vx_buf_release(&r.people);
	vx_buf_release(&r.makers);
	vx_buf_release(&r.suppliers);
	vx_buf_release(&r.tools);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}
